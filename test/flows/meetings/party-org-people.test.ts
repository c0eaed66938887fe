/** 004 §9 书记后备 and §12 轮训 as party-org facts the secretary keeps from 本支部 (issue 19 item 10). */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { partyOrgs } from '../../../src/db/schema/ledger.ts';
import { partyOrgFactChanges } from '../../../src/db/schema/meetings.ts';
import { auditOf, cardText, driver, fieldValue, seedPartyOrg, seedSecretary } from './meeting-kit.ts';

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
  expect(text).toContain('**书记上次培训**：2026-04-08');
  expect(text).toContain('**党务工作者上次培训**：2025-05-20');
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
