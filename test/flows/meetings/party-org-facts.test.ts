import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { partyGroups, partyOrgs } from '../../../src/db/schema/ledger.ts';
import { partyOrgFactChanges } from '../../../src/db/schema/meetings.ts';
import { auditOf, buttonValue, cardText, driver, fieldValue, liveMeetings, meetingForm, seedPartyOrg, seedSecretary } from './meeting-kit.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
});
afterAll(() => h.close());

const orgRow = async (id: string) => (await h.db.select().from(partyOrgs).where(eq(partyOrgs.id, id)))[0]!;

test('本支部 shows members, committee, groups, the term and this quarter\'s and year\'s obligations', async () => {
  // Term began 2023-12-30: a 党支部's 3 years end 2026-12-30, inside the 3-month reminder window.
  const org = await seedPartyOrg(h.db, { name: '概况支部', termStartedOn: '2023-12-30', groups: ['第一党小组'] });
  const d = driver(h, 'ou_po_view');
  await seedSecretary(h.db, 'ou_po_view', '钱书记', [org.id]);
  const card = await d.say('本支部');
  const text = cardText(card);
  expect(text).toContain('本支部：概况支部');
  expect(text).toContain('正式党员 12 人，预备党员 2 人，组织关系未转入 1 人');
  expect(text).toContain('**支委会**：5 人');
  expect(text).toContain('**党小组**：第一党小组');
  expect(text).toContain('本届将于12月30日届满（还有 40 天）');
  expect(text).toContain('本季度和本年度应开会议');
  expect(text).toContain('**党小组会·第一党小组**：10月');
  buttonValue(card, '记录会议');
  // The menu entry (event_key = command id) gives the same card.
  const viaMenu = await h.menu('ou_po_view', 'party-org');
  expect(cardText(viaMenu[0])).toBe(text);
});

test('an overdue term, and a term nobody recorded, read plainly', async () => {
  const late = await seedPartyOrg(h.db, { name: '逾期换届支部', termStartedOn: '2023-09-01' });
  const none = await seedPartyOrg(h.db, { name: '未登记换届支部', termStartedOn: null });
  const d = driver(h, 'ou_po_terms');
  await seedSecretary(h.db, 'ou_po_terms', '孙书记', [late.id, none.id]);
  const pick = await d.say('本支部');
  const a = await d.click(pick, '逾期换届支部');
  expect(cardText(a.card)).toContain('本届已于9月1日届满（已过 80 天）');
  const b = await d.click(pick, '未登记换届支部');
  expect(cardText(b.card)).toContain('未登记本届开始日期');
  // Someone else's org is refused even when the value is forged.
  const other = await seedPartyOrg(h.db, { name: '他人支部' });
  const r = await d.value({ cmd: 'run', command: 'party-org', args: { partyOrgId: other.id } });
  expect(cardText(r.card)).toContain('您不是该党组织的书记');
});

test('the secretary keeps members, committee and term current: audited, kept in history, used by the meeting form', async () => {
  const org = await seedPartyOrg(h.db, { name: '更新支部' });
  const d = driver(h, 'ou_po_facts');
  const personId = await seedSecretary(h.db, 'ou_po_facts', '李书记', [org.id]);
  const form = await d.click(await d.say('本支部'), '更新党员和支委人数');
  expect(fieldValue(form.card, 'formal')).toBe('12');
  expect(fieldValue(form.card, 'term_started_on')).toBe('2024-06-10');
  const values = { formal: '15', probationary: '1', untransferred: '0', committee: '5', founded_on: '2020-03-01 +0800', term_started_on: '2024-06-10 +0800' };

  const bad = await d.click(form.card, '保存', { ...values, formal: '十五', committee: '7', term_started_on: '2027-01-01 +0800' });
  const badText = cardText(bad.card);
  expect(badText).toContain('请填写整数');
  expect(badText).toContain('日期不能晚于今天');
  expect(fieldValue(bad.card, 'formal')).toBe('十五');
  const bad2 = await d.click(bad.card, '保存', { ...values, committee: '16', term_started_on: '2019-05-01 +0800' });
  expect(cardText(bad2.card)).toContain('支委 16 人，多于正式党员 15 人');
  expect(cardText(bad2.card)).toContain('本届开始日期早于成立日期（2020-03-01）');
  expect((await orgRow(org.id)).membersFormal).toBe(12);

  const saved = await d.click(bad2.card, '保存', { ...values, term_started_on: '2025-03-15 +0800' });
  expect(cardText(saved.card)).toContain('已更新');
  expect(cardText(saved.card)).toContain('正式党员 15 人，预备党员 1 人，组织关系未转入 0 人');
  const row = await orgRow(org.id);
  expect(row).toMatchObject({ membersFormal: 15, membersProbationary: 1, membersUntransferred: 0, termStartedOn: '2025-03-15' });
  const audit = await auditOf(h.db, 'party_org', org.id);
  expect(audit).toHaveLength(1);
  expect(audit[0]!.before).toEqual({ membersFormal: 12, membersProbationary: 2, membersUntransferred: 1, termStartedOn: '2024-06-10' });
  expect(audit[0]!.after).toEqual({ membersFormal: 15, membersProbationary: 1, membersUntransferred: 0, termStartedOn: '2025-03-15' });
  expect(audit[0]!.actorId).toBe(personId);
  const history = await h.db.select().from(partyOrgFactChanges).where(eq(partyOrgFactChanges.partyOrgId, org.id));
  expect(history.map((x) => [x.fact, x.before, x.after]).sort()).toEqual(
    [
      ['members_formal', 12, 15],
      ['members_probationary', 2, 1],
      ['members_untransferred', 1, 0],
      ['term_started_on', '2024-06-10', '2025-03-15'],
    ].sort(),
  );
  expect(history.every((x) => x.effectiveOn === '2026-11-20')).toBe(true);

  // 减负: the meeting form now starts from 15 formal members, never asking again.
  const meeting = await d.click(await d.say('记录会议'), '党员大会');
  expect(fieldValue(meeting.card, 'expected')).toBe('15');

  // Saving the same values again changes nothing and audits nothing.
  const again = await d.click(await d.say('本支部'), '更新党员和支委人数');
  const same = await d.click(again.card, '保存', { ...values, term_started_on: '2025-03-15 +0800' });
  expect(cardText(same.card)).toContain('没有变化');
  expect(await auditOf(h.db, 'party_org', org.id)).toHaveLength(1);
});

test('party groups: add, rename and remove, audited; meetings of a removed group keep its name', async () => {
  const org = await seedPartyOrg(h.db, { name: '小组支部', groups: ['一组', '二组'] });
  const d = driver(h, 'ou_po_groups');
  await seedSecretary(h.db, 'ou_po_groups', '王书记', [org.id]);
  // A meeting of 二组, so removing it must keep the record.
  const direct = await d.value({ cmd: 'start', flow: 'meeting', args: { partyOrgId: org.id, kind: 'group', groupId: org.groups[1]!.id } });
  await d.click(direct.card, '保存', meetingForm({ expected: '6', present: '6', absentees: '' }));

  const form = await d.click(await d.say('本支部'), '管理党小组');
  expect(fieldValue(form.card, 'g_0')).toBe('一组');
  expect(fieldValue(form.card, 'g_1')).toBe('二组');
  const dup = await d.click(form.card, '保存', { g_0: '一组', g_1: '二组', rm_0: false, rm_1: false, new: '一组' });
  expect(cardText(dup.card)).toContain('党小组名称重复了');
  // Swapping names goes through (the unique index is not tripped half-way).
  const swapped = await d.click(dup.card, '保存', { g_0: '二组', g_1: '一组', rm_0: false, rm_1: false, new: '' });
  expect(cardText(swapped.card)).toContain('**党小组**：二组、一组');

  const form2 = await d.click(await d.say('本支部'), '管理党小组');
  const saved = await d.click(form2.card, '保存', { g_0: '第一党小组', g_1: '一组', rm_0: false, rm_1: true, new: '第三党小组\n第四党小组' });
  expect(cardText(saved.card)).toContain('**党小组**：第一党小组、第三党小组、第四党小组');
  const groups = await h.db.select().from(partyGroups).where(eq(partyGroups.partyOrgId, org.id));
  expect(groups.map((g) => g.name).sort()).toEqual(['第一党小组', '第三党小组', '第四党小组'].sort());
  const [m] = await liveMeetings(h.db, org.id);
  expect(m).toMatchObject({ partyGroupId: null, groupName: '一组' });
  const audit = await auditOf(h.db, 'party_org', org.id);
  expect(audit).toHaveLength(2);
  expect((audit[1]!.before as any).groups.map((g: any) => g.name).sort()).toEqual(['一组', '二组'].sort());
  expect((audit[1]!.after as any).groups.map((g: any) => g.name).sort()).toEqual(['第一党小组', '第三党小组', '第四党小组'].sort());
  // The new groups each owe their own 党小组会.
  const kinds = await d.say('记录会议');
  expect(cardText(kinds)).toContain('党小组会·第三党小组（本月新成立，不作要求）');
  expect(cardText(kinds)).toContain('党小组会·第一党小组（本月待开，上期未开）');
});

test('a large org (many groups) still gets cards within Feishu\'s limits', async () => {
  const names = Array.from({ length: 20 }, (_, i) => `第${i + 1}党小组（生产车间${i + 1}）`);
  const org = await seedPartyOrg(h.db, { name: '大型企业党委'.repeat(3), type: 'committee', membersFormal: 180, groups: names });
  const d = driver(h, 'ou_po_large');
  await seedSecretary(h.db, 'ou_po_large', '大书记', [org.id]);
  const kinds = await d.say('记录会议'); // checked() inside the driver
  expect(cardText(kinds)).toContain('第20党小组（生产车间20）');
  const card = await d.say('本支部');
  expect(cardText(card)).toContain('类型**：党委');
  const groups = await d.click(card, '管理党小组');
  expect(fieldValue(groups.card, 'g_19')).toBe(names[19]);
});
