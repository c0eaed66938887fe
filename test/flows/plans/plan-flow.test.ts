/**
 * 一企一策 (000 二1; 武汉 二(三); 临沭 三(二)2): recorded by an instructor after a visit or from 我的单位,
 * by an officer for an org of their region; refused out of scope and for orgs with a party org;
 * shown on 我的单位, the org's card and the list; reminded once its date has passed.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { reachOf } from '../../../src/runtime/messenger-factory.ts';
import { and, eq } from 'drizzle-orm';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { orgs } from '../../../src/db/schema/ledger.ts';
import { reminders } from '../../../src/db/schema/reminders.ts';
import { planDay, planning, uncoveredWarner } from '../../../src/reminders/planner.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { assign, auditOf, buttonValue, cardText, driver, field, seedInstructor, seedOfficer, seedOrg, STREET2, visitForm } from '../visits/visit-kit.ts';

const NOW = '2026-11-20T02:00:00Z'; // Friday 20 November 2026, 10:00 in Shanghai
const on = uncoveredWarner(silentLogger);
let h: BotHarness;
let instructorId: string;
let officerId: string;
const org = { organised: '', unorganised: '', street2: '', elsewhere: '' };

const planForm = (over: Record<string, unknown> = {}) => ({ measures: '与出资人沟通，摸清党员底数', due_on: '2026-12-31 +0800', owner: '陈指导员', ...over });
const planRow = async (id: string) => (await h.db.select().from(orgs).where(eq(orgs.id, id)))[0]!;
const planReminders = (personId: string) =>
  h.db.select().from(reminders).where(and(eq(reminders.personId, personId), eq(reminders.itemType, 'plan')));

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
  instructorId = await seedInstructor(h.db, 'ou_ins');
  await seedInstructor(h.db, 'ou_ins_far', '李指导员', '370112');
  officerId = await seedOfficer(h.db, 'ou_off');
  await seedOfficer(h.db, 'ou_off_far', '赵干部', '370112');
  org.organised = await seedOrg(h.db, { name: '华兴科技有限公司', formation: 'standalone' });
  org.unorganised = await seedOrg(h.db, { name: '明达物流有限公司' });
  org.street2 = await seedOrg(h.db, { name: '远航会计师事务所', regionCode: STREET2 });
  org.elsewhere = await seedOrg(h.db, { name: '历城某公司', regionCode: '370112001' });
  await assign(h.db, instructorId, org.organised, '2026-09-01');
  await assign(h.db, instructorId, org.unorganised, '2026-09-01');
}, 120_000);
afterAll(() => h.close());

test('an instructor records a plan from the saved-visit card; 我的单位 and the org card show it', async () => {
  h.clock.set(NOW);
  const ins = driver(h, 'ou_ins');
  const mine = await ins.say('我的单位');
  expect(cardText(mine)).toContain('一企一策：尚未制定');
  // Only the org without a party org offers a plan.
  expect(cardText(mine).match(/一企一策/g)?.length).toBe(2); // the line and its button

  // After a visit: the saved card has the button.
  const form = await ins.clickValue({ cmd: 'start', flow: 'visit', args: { orgId: org.unorganised } });
  const saved = await ins.click(form.card, '提交', visitForm());
  expect(cardText(saved.card)).toContain('一企一策：尚未制定');
  const planStart = await ins.click(saved.card, '制定一企一策');
  expect(cardText(planStart.card)).toContain('明达物流有限公司');
  expect(field(planStart.card, 'owner')?.default_value).toBe('陈指导员');

  // Wrong input stays on the form with the messages.
  const bad = await ins.click(planStart.card, '保存', planForm({ measures: '', due_on: '2026-11-01 +0800' }));
  expect(cardText(bad.card)).toContain('此项必填');
  expect(cardText(bad.card)).toContain('完成时限不能早于今天');
  expect((await planRow(org.unorganised)).planDueOn).toBeNull();

  const ok = await ins.click(bad.card, '保存', planForm());
  const text = cardText(ok.card);
  expect(text).toContain('已保存');
  expect(text).toContain('与出资人沟通，摸清党员底数');
  expect(text).toContain('12月31日');
  expect(text).toContain('陈指导员 于11月20日记录');
  const row = await planRow(org.unorganised);
  expect(row).toMatchObject({ plan: '与出资人沟通，摸清党员底数', planDueOn: '2026-12-31', planOwner: '陈指导员', planUpdatedBy: instructorId });
  const audit = await auditOf(h.db, 'org', org.unorganised);
  expect(audit.at(-1)).toMatchObject({ action: 'create', reason: 'plan', after: { dueOn: '2026-12-31', owner: '陈指导员' } });

  const after = cardText(await ins.say('我的单位'));
  expect(after).toContain('一企一策：12月31日前完成（责任人 陈指导员）');
  expect(after).toContain('修改一企一策');
});

test('an officer records a plan for an org of their region and sees the list with its figures', async () => {
  h.clock.set(NOW);
  const off = driver(h, 'ou_off');
  const list = await off.say('一企一策');
  const text = cardText(list);
  // 黄浦: 明达 (planned) and 远航 (not); 华兴 has a party org; 历城 is another region.
  expect(text).toContain('未建党组织的单位 2 家：已制定 1 家，未制定 1 家，已逾期 0 家。');
  expect(text).toContain('远航会计师事务所');
  expect(text).not.toContain('华兴科技');
  expect(text).not.toContain('历城某公司');

  const without = await off.click(list, '未制定');
  expect(cardText(without.card)).toContain('远航会计师事务所');
  expect(cardText(without.card)).not.toContain('明达物流');
  const form = await off.click(without.card, '制定一企一策');
  const saved = await off.click(form.card, '保存', planForm({ owner: '王干部', due_on: '2026-11-30 +0800' }));
  expect(cardText(saved.card)).toContain('已保存');
  expect(await planRow(org.street2)).toMatchObject({ planDueOn: '2026-11-30', planOwner: '王干部', planUpdatedBy: officerId });

  const withPlan = await off.clickValue({ h: 'plan.list', filter: 'with' });
  expect(cardText(withPlan.card)).toContain('一企一策：11月30日前完成（责任人 王干部）');
  expect(cardText(withPlan.card)).toContain('明达物流有限公司');
});

test('out of scope and orgs with a party org are refused, also from a forged button', async () => {
  h.clock.set(NOW);
  const far = driver(h, 'ou_off_far');
  const refused = await far.clickValue({ cmd: 'start', flow: 'org-plan', args: { orgId: org.unorganised } });
  expect(cardText(refused.card)).toContain('不在您负责的范围内');
  const shown = await far.clickValue({ h: 'plan.show', orgId: org.unorganised });
  expect(cardText(shown.card)).not.toContain('与出资人沟通');
  expect(cardText(await far.say('一企一策'))).not.toContain('明达物流');

  const farIns = driver(h, 'ou_ins_far');
  expect(cardText((await farIns.clickValue({ cmd: 'start', flow: 'org-plan', args: { orgId: org.street2 } })).card)).toContain('不在您负责的范围内');

  const ins = driver(h, 'ou_ins');
  const organised = await ins.clickValue({ cmd: 'start', flow: 'org-plan', args: { orgId: org.organised } });
  expect(cardText(organised.card)).toContain('不需要一企一策');
  expect((await planRow(org.organised)).planDueOn).toBeNull();
});

test('an overdue plan is reminded once to the assigned instructor, else to the officers', async () => {
  const p1 = await planning(h.db, new Date('2026-11-30T09:05:00+08:00'), on);
  await planDay(h.db, p1, on, { now: new Date('2026-11-30T09:05:00+08:00'), reach: reachOf({}) });
  expect(await planReminders(instructorId)).toHaveLength(0);
  expect(await planReminders(officerId)).toHaveLength(0); // 远航's date is today: not yet passed

  const at = new Date('2027-01-04T09:05:00+08:00');
  const p2 = await planning(h.db, at, on);
  await planDay(h.db, p2, on, { now: at, reach: reachOf({}) });
  await planDay(h.db, p2, on, { now: at, force: true, reach: reachOf({}) });
  const mine = await planReminders(instructorId);
  expect(mine.map((r) => [r.itemKey, r.periodKey, r.kind])).toEqual([[`plan:${org.unorganised}`, '2026-12-31', 'overdue']]);
  expect(mine[0]!.payload).toMatchObject({ orgName: '明达物流有限公司', days: 4 });
  // 远航 has no instructor: its officers are told.
  const officers = await planReminders(officerId);
  expect(officers.some((r) => r.itemKey === `plan:${org.street2}` && r.kind === 'overdue')).toBe(true);

  h.clock.set(at);
  const ins = driver(h, 'ou_ins');
  const todo = await ins.say('待办');
  expect(cardText(todo)).toContain('1 家单位一企一策已逾期');
  expect(cardText(todo)).toContain('明达物流有限公司**：一企一策完成时限2026年12月31日已过 4 天');
  const card = await ins.click(todo, '查看一企一策');
  expect(cardText(card.card)).toContain('已逾期 4 天，仍未建立党组织');
  buttonValue(card.card, '修改一企一策');
});

test('the list pages through a region with more orgs than one card holds', async () => {
  h.clock.set(NOW);
  for (let i = 0; i < 11; i++) await seedOrg(h.db, { name: `历城分页公司${String(i).padStart(2, '0')}`, regionCode: '370112001' });
  const far = driver(h, 'ou_off_far');
  const first = await far.say('一企一策');
  expect(cardText(first)).toContain('未建党组织的单位 12 家');
  expect(cardText(first).match(/制定一企一策/g)).toHaveLength(10);
  expect(cardText(first)).toContain('后面还有 2 家。');
  const next = await far.click(first, '下一页');
  expect(cardText(next.card).match(/制定一企一策/g)).toHaveLength(2);
  expect(cardText(next.card)).not.toContain('后面还有');
});
