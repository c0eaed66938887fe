import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import type { Card } from '../../support/bot-harness.ts';
import { instructorStandings } from '../../../src/db/visits/visit-standing.ts';
import { visits } from '../../../src/db/schema/visits.ts';
import { assign, auditOf, buttonValue, cardText, driver, field, liveVisitsOf, problemsOf, rowButton, seedInstructor, seedOrg, visitForm, visitsOf } from './visit-kit.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';

const NOW = '2026-11-20T02:00:00Z';
let h: BotHarness;
let instructorId: string;
let orgId: string;
const ins = () => driver(h, 'ou_ed');

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
  instructorId = await seedInstructor(h.db, 'ou_ed', '孙指导员');
  await seedInstructor(h.db, 'ou_ed2', '钱指导员');
  orgId = await seedOrg(h.db, { name: '瑞丰食品有限公司' });
  await assign(h.db, instructorId, orgId, '2026-09-01');
});
beforeEach(async () => {
  h.clock.set(NOW);
  await h.db.delete(visits);
});
afterAll(() => h.close());

async function logVisit(over: Record<string, unknown> = {}): Promise<{ card: Card; id: string }> {
  await h.say('ou_ed', '取消');
  const pick = await ins().say('记录走访');
  const form = await ins().clickValue(rowButton(pick, '瑞丰食品'));
  const saved = await ins().click(form.card, '提交', visitForm(over));
  expect(saved.toast?.type).toBe('success');
  const rows = await visitsOf(h.db, orgId);
  return { card: saved.card!, id: rows[rows.length - 1]!.id };
}

test('edit within 7 days: the form re-opens prefilled, the change is saved and audited with before and after', async () => {
  const { card, id } = await logVisit();
  h.clock.set('2026-11-25T02:00:00Z'); // 5 days later
  const form = await ins().click(card, '修改');
  expect(cardText(form.card)).toContain('修改走访记录');
  expect(field(form.card, 'found')?.default_value).toBe('和出资人谈了发展党员的事');
  expect(field(form.card, 'problems')?.default_value).toBe('缺少活动场地\n党员教育不够经常');
  expect(field(form.card, 'visited_on')?.initial_date).toBe('2026-11-19');
  expect(field(form.card, 'topics')?.selected_values).toEqual(['recruit', 'meetings']);

  const saved = await ins().click(form.card, '提交', visitForm({ found: '补充：出资人同意建立党支部', topics: ['party_org'], problems: '缺少活动场地' }));
  expect(cardText(saved.card)).toContain('已修改');
  expect(cardText(saved.card)).toContain('补充：出资人同意建立党支部');
  const rows = await visitsOf(h.db, orgId);
  expect(rows).toHaveLength(1); // edited in place, not a second record
  expect(rows[0]).toMatchObject({ id, found: '补充：出资人同意建立党支部', topics: ['party_org'] });
  expect((await problemsOf(h.db, orgId)).map((p) => p.text)).toEqual(['缺少活动场地']);
  const audit = await auditOf(h.db, 'visit', id);
  expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
  expect(audit[1]!.before).toMatchObject({ found: '和出资人谈了发展党员的事', topics: ['recruit', 'meetings'] });
  expect(audit[1]!.after).toMatchObject({ found: '补充：出资人同意建立党支部', topics: ['party_org'] });
});

test('edit after 7 days is refused, from an old button or an open form, and changes nothing', async () => {
  const { card, id } = await logVisit();
  h.clock.set('2026-11-26T04:00:00Z'); // 6 days later: open the form…
  const form = await ins().click(card, '修改');
  h.clock.set('2026-11-27T03:00:00Z'); // …and submit it (within the draft's day) after the window closed
  const late = await ins().click(form.card, '提交', visitForm({ found: '太晚了' }));
  expect(late.toast?.type).toBe('warning');
  expect(cardText(late.card)).toContain('已超过 7 天，不能再修改');
  expect(cardText(late.card)).not.toContain('修改\n'); // no edit button any more
  const again = await ins().click(card, '修改');
  expect(cardText(again.card)).toContain('已超过 7 天，不能再修改');
  expect((await visitsOf(h.db, orgId))[0]).toMatchObject({ id, found: '和出资人谈了发展党员的事' });
  expect((await auditOf(h.db, 'visit', id)).map((a) => a.action)).toEqual(['create']);
});

test('delete within 24 h asks first, then removes the record from every count, audited once', async () => {
  // An earlier visit's problem, solved by the one that will be deleted.
  const first = await logVisit({ visited_on: '2026-11-10 +0800', problems: '党费收缴不及时', next_planned_on: '' });
  h.clock.set('2026-11-20T03:00:00Z');
  const [open] = (await problemsOf(h.db, orgId)).filter((p) => p.text === '党费收缴不及时');
  const { card, id } = await logVisit({ [`ps_${open!.id.replace(/-/g, '')}`]: true, problems: '' });
  expect((await problemsOf(h.db, orgId)).find((p) => p.id === open!.id)?.solvedByVisitId).toBe(id);

  h.clock.set('2026-11-21T01:00:00Z'); // 23 hours later
  const ask = await ins().click(card, '删除');
  expect(cardText(ask.card)).toContain('确定删除 **瑞丰食品有限公司** 11月19日的走访记录吗');
  expect(await liveVisitsOf(h.db, orgId)).toHaveLength(2);
  const keep = await ins().click(ask.card, '不删除');
  expect(cardText(keep.card)).toContain('走访记录');

  const confirmValue = buttonValue(ask.card, '确定删除');
  const done = await ins().clickValue(confirmValue);
  expect(cardText(done.card)).toContain('这条走访记录已删除');
  const twice = await ins().clickValue(confirmValue); // a double tap
  expect(cardText(twice.card)).toContain('这条走访记录已删除');

  expect((await liveVisitsOf(h.db, orgId)).map((v) => v.id)).toEqual([first.id]);
  expect((await visitsOf(h.db, orgId)).find((v) => v.id === id)?.deletedAt).not.toBeNull();
  expect((await auditOf(h.db, 'visit', id)).map((a) => a.action)).toEqual(['create', 'delete']);
  // What it solved is open again; its standing is as if it never happened.
  expect((await problemsOf(h.db, orgId)).find((p) => p.id === open!.id)?.solvedByVisitId).toBeNull();
  const standing = (await instructorStandings(h.db, instructorId, '2026-11-21', await loadPolicyBook(h.db)))[0]!.standing;
  expect(standing.lastVisit?.visitedOn).toBe('2026-11-10');
  // The old confirmation's buttons now meet a deleted record.
  const edit = await ins().click(card, '修改');
  expect(cardText(edit.card)).toContain('这条走访记录已删除');
});

test('delete after 24 h is refused; only the writer may delete', async () => {
  const { card, id } = await logVisit();
  const ask = await ins().click(card, '删除');
  const stranger = await h.click('ou_ed2', buttonValue(ask.card, '确定删除'));
  expect(stranger.toast?.type).toBe('error');
  expect(stranger.card).toBeUndefined();
  h.clock.set('2026-11-21T02:00:01Z'); // 24 h and a second
  const late = await ins().click(ask.card, '确定删除');
  expect(late.toast).toMatchObject({ type: 'warning', content: '这条记录已超过 24 小时，不能删除；7 天内可以修改。' });
  expect(cardText(late.card)).not.toContain('删除\n');
  expect(await liveVisitsOf(h.db, orgId)).toHaveLength(1);
  expect((await auditOf(h.db, 'visit', id)).map((a) => a.action)).toEqual(['create']);
});

test('the confirmation card shows edit and delete only while they are allowed', async () => {
  const { card } = await logVisit();
  expect(cardText(card)).toMatch(/修改\n删除\n记录下一次走访/);
  const next = await ins().click(card, '记录下一次走访');
  expect(cardText(next.card)).toContain('记录走访 · 选择单位');
});

test('cancelling an edit says the record is unchanged; the cancelled form, submitted later, is marked 已取消', async () => {
  const { card, id } = await logVisit();
  const form = await ins().click(card, '修改');
  const cancelled = await ins().click(form.card, '取消');
  expect(cardText(cancelled.card)).toContain('已取消修改，原记录未改动');
  expect(cardText(cancelled.card)).not.toContain('记录走访');

  // Typed 取消 while the edit form is open, then the old form is submitted anyway.
  const form2 = await ins().click(card, '修改');
  expect(cardText((await h.say('ou_ed', '取消'))[0])).toContain('已取消修改，原记录未改动');
  const late = await ins().click(form2.card, '提交', visitForm({ found: '不应保存' }));
  expect(late.toast).toEqual({ type: 'info', content: '已取消' });
  expect(cardText(late.card)).toContain('已取消');
  expect(cardText(late.card)).not.toContain('修改走访记录');
  expect((await visitsOf(h.db, orgId))[0]).toMatchObject({ id, found: '和出资人谈了发展党员的事' });
});
