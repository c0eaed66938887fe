/** 004 §9 书记后备 and §12 轮训 as party-org facts the secretary keeps from 本支部 (issue 19 item 10). */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { orgActivists, orgs, partyOrgs } from '../../../src/db/schema/ledger.ts';
import { partyOrgFactChanges } from '../../../src/db/schema/meetings.ts';
import { auditOf, cardText, driver, fieldValue, seedPartyOrg, seedSecretary } from './meeting-kit.ts';
import { inForce } from '../../support/in-force.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
});
afterAll(() => h.close());

test('the secretary records reserves and training dates: shown on 本支部, audited, kept in history', async () => {
  const org = await seedPartyOrg(h.db, { name: '后备培训支部' });
  const d = driver(h, 'ou_po_people');
  const personId = await seedSecretary(h.db, 'ou_po_people', '周书记', [org.id]);
  const card = await d.say('本支部');
  expect(cardText(card)).toContain('**书记后备人选**：未登记');
  const form = await d.click(card, '后备书记和培训');
  expect(fieldValue(form.card, 'reserves') ?? '').toBe('');

  const bad = await d.click(form.card, '保存', { reserves: '一个', secretary_trained_on: '2027-01-01 +0800' });
  expect(cardText(bad.card)).toContain('请填写整数');
  expect(cardText(bad.card)).toContain('日期不能晚于今天');
  expect((await h.db.select().from(partyOrgs).where(eq(partyOrgs.id, org.id)))[0]!.reserveSecretaries).toBeNull();

  const saved = await d.click(bad.card, '保存', { reserves: '2', secretary_trained_on: '2026-04-08 +0800', workers_trained_on: '2025-05-20 +0800' });
  const text = cardText(saved.card);
  expect(text).toContain('已更新');
  expect(text).toContain('**书记后备人选**：2 人');
  expect(text).toContain('**书记上次培训**：4月8日');
  expect(text).toContain('**党务工作者上次培训**：2025年5月20日');
  const [row] = await h.db.select().from(partyOrgs).where(eq(partyOrgs.id, org.id));
  expect(row).toMatchObject({ reserveSecretaries: 2, secretaryTrainedOn: '2026-04-08', workersTrainedOn: '2025-05-20', membersFormal: 12 });
  const audit = await auditOf(h.db, 'party_org', org.id);
  expect(audit.at(-1)).toMatchObject({ actorId: personId, reason: 'people', before: { reserveSecretaries: null, secretaryTrainedOn: null, workersTrainedOn: null } });
  const history = await h.db.select().from(partyOrgFactChanges).where(eq(partyOrgFactChanges.partyOrgId, org.id));
  expect(history.map((c) => c.fact).sort()).toEqual(['reserve_secretaries', 'secretary_trained_on', 'workers_trained_on']);

  // Saving the same form again changes nothing.
  const reopened = await d.click(saved.card, '后备书记和培训');
  const again = await d.click(reopened.card, '保存', { reserves: '2' });
  expect(cardText(again.card)).toContain('没有变化');
});

test('another secretary\'s org is refused even when the value is forged', async () => {
  const other = await seedPartyOrg(h.db, { name: '别人的后备支部' });
  const mine = await seedPartyOrg(h.db, { name: '吴书记的支部' });
  const d = driver(h, 'ou_po_people2');
  await seedSecretary(h.db, 'ou_po_people2', '吴书记', [mine.id]);
  const r = await d.value({ cmd: 'start', flow: 'party-org-facts', args: { partyOrgId: other.id, part: 'people' } });
  expect(cardText(r.card)).toContain('您不是该党组织的书记');
});

test('the secretary reports this year\'s 入党积极分子 per covered org beside what 004 §11 asks; the shortfall is A1', async () => {
  const po = await seedPartyOrg(h.db, { name: '积极分子联合支部', type: 'joint_branch', formation: 'joint' });
  const [regionCode] = (await h.db.select({ r: partyOrgs.regionCode }).from(partyOrgs).where(eq(partyOrgs.id, po.id))).map((x) => x.r);
  const org = (name: string, employees: number, kind: 'enterprise' | 'social_org' = 'enterprise') =>
    ({ name, kind, regionCode: regionCode!, employees, formation: 'joint' as const, partyOrgId: po.id, partyOrgType: 'joint_branch' as const });
  await h.db.insert(orgs).values([org('甲百人企业', 120), org('乙三十人协会', 30, 'social_org'), org('丙小店', 5)]);
  const d = driver(h, 'ou_po_act');
  await seedSecretary(h.db, 'ou_po_act', '郑书记', [po.id]);
  const form = await d.click(await d.say('本支部'), '入党积极分子');
  const text = cardText(form.card);
  expect(text).toContain('2026年');
  expect(text).toContain('甲百人企业（应培养 2 名）');
  expect(text).toContain('乙三十人协会（应培养 1 名）');
  expect(text).toContain('丙小店（应培养 0 名）');
  const bad = await d.click(form.card, '保存', { a_0: '两个' });
  expect(cardText(bad.card)).toContain('请填写整数');
  // Every org gets 1 (the fields' order follows the database's collation): 甲 still owes one more.
  const saved = await d.click(bad.card, '保存', { a_0: '1', a_1: '1', a_2: '1' });
  expect(cardText(saved.card)).toContain('已更新');
  const rows = await h.db.select().from(orgActivists).orderBy(orgActivists.count);
  expect(rows.map((r) => [r.year, r.count])).toEqual([[2026, 1], [2026, 1], [2026, 1]]);
  const { complianceListFor } = await import('../../../src/ledger/compliance-service.ts');
  const list = await complianceListFor(h.db, await inForce(h.db, h.clock), regionCode!, 'A1', { limit: 10, offset: 0 });
  expect(list.items.map((i) => i.name)).toEqual(['甲百人企业']);
  const audit = await auditOf(h.db, 'party_org', po.id);
  expect(audit.at(-1)).toMatchObject({ reason: 'activists', after: { year: 2026 } });
});
