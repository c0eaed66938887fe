import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { instructorStandings } from '../../../src/db/visits/visit-standing.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';
import {
  assign,
  auditOf,
  buttonValue,
  cardText,
  driver,
  field,
  pastVisit,
  problemsOf,
  rowButton,
  seedInstructor,
  seedOfficer,
  seedOrg,
  STREET2,
  visitForm,
  visitsOf,
} from './visit-kit.ts';

const NOW = '2026-11-20T02:00:00Z'; // Friday 20 November 2026, 10:00 in Shanghai
let h: BotHarness;
let instructorId: string;
const org = { a: '', b: '', c: '' };

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
  instructorId = await seedInstructor(h.db, 'ou_ins');
  await seedOfficer(h.db, 'ou_off');
  org.a = await seedOrg(h.db, { name: '华兴科技有限公司', formation: 'standalone' });
  org.b = await seedOrg(h.db, { name: '明达物流有限公司' });
  org.c = await seedOrg(h.db, { name: '远航会计师事务所', regionCode: STREET2 });
  await assign(h.db, instructorId, org.a, '2026-09-01');
  await assign(h.db, instructorId, org.b, '2026-09-01');
  // 华兴 was visited in October (due at the end of November); 明达 never (overdue since September).
  await pastVisit(h.db, { orgId: org.a, instructorId, visitedOn: '2026-10-10' });
});
afterAll(() => h.close());

test('an instructor logs a visit end to end: record, audit, due date moves, the officer counts it', async () => {
  const ins = driver(h, 'ou_ins');
  const off = driver(h, 'ou_off');

  const dueBefore = (await instructorStandings(h.db, instructorId, '2026-11-20', await loadPolicyBook(h.db))).find((o) => o.id === org.b)!.standing.cadence;
  expect(dueBefore.overdueDays).toBeGreaterThan(0);
  const overviewBefore = await off.say('走访情况');
  expect(cardText(overviewBefore)).toContain('**陈指导员**');
  expect(cardText(overviewBefore)).toContain('联系单位 2 个；本月实地走访 0 次，应走访 2 次；已走访到位 0 个');

  // Step 1: assigned orgs, most overdue first, each with its last visit.
  const pick = await ins.say('记录走访');
  const text = cardText(pick);
  expect(text.indexOf('明达物流')).toBeGreaterThan(-1);
  expect(text.indexOf('明达物流')).toBeLessThan(text.indexOf('华兴科技'));
  expect(text).toMatch(/明达物流有限公司\*\*\n尚无走访记录 · .*已逾期 51 天/);
  expect(text).toContain('上次走访10月10日（实地） · 下次应在11月30日前');
  expect(text).not.toContain('远航会计师事务所'); // in scope by region, but not assigned: found by search

  // Step 2: the form, prefilled with today and the cadence's next date.
  const form = await ins.clickValue(rowButton(pick, '明达物流'));
  expect(cardText(form.card)).toContain('明达物流有限公司');
  expect(field(form.card, 'visited_on')?.initial_date).toBe('2026-11-20');
  expect(field(form.card, 'next_planned_on')?.initial_date).toBe('2026-12-31');
  expect(field(form.card, 'visited_on')?.required).toBe(true);
  expect(field(form.card, 'found')?.required).toBe(false);

  const saved = await ins.click(form.card, '提交', visitForm());
  expect(saved.toast).toMatchObject({ type: 'success' });
  const confirmation = cardText(saved.card);
  expect(confirmation).toContain('已保存');
  expect(confirmation).toContain('明达物流有限公司');
  expect(confirmation).toContain('11月19日');
  expect(confirmation).toContain('发展党员、三会一课');
  expect(confirmation).toContain('缺少活动场地；党员教育不够经常');
  expect(confirmation).toContain('本单位本月实地走访 1 次，本月应走访 1 次（每月 1 次）；下次应在12月31日前');
  buttonValue(saved.card, '修改');
  buttonValue(saved.card, '删除');
  buttonValue(saved.card, '记录下一次走访');

  // The record and its audit entry.
  const rows = await visitsOf(h.db, org.b);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    instructorId,
    visitedOn: '2026-11-19',
    way: 'onsite',
    topics: ['recruit', 'meetings'],
    found: '和出资人谈了发展党员的事',
    nextSteps: '帮助联系活动阵地',
    nextPlannedOn: '2026-12-18',
    deletedAt: null,
  });
  const audit = await auditOf(h.db, 'visit', rows[0]!.id);
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ action: 'create', actorId: instructorId });
  expect((await problemsOf(h.db, org.b)).map((p) => p.text)).toEqual(['缺少活动场地', '党员教育不够经常']);

  // The due date moved: no longer overdue, next due at the end of December.
  const dueAfter = (await instructorStandings(h.db, instructorId, '2026-11-20', await loadPolicyBook(h.db))).find((o) => o.id === org.b)!.standing.cadence;
  expect(dueAfter).toMatchObject({ overdueDays: 0, nextDueOn: '2026-12-31', doneThisMonth: 1, lastVisitOn: '2026-11-19' });
  const mine = await ins.say('我的单位');
  expect(cardText(mine)).toMatch(/明达物流有限公司\*\*\n党组织：未建党组织\n上次走访11月19日（实地）；本月实地 1\/1 次；下次应在12月31日前/);
  expect(cardText(mine)).toContain('未解决的问题 2 条');

  // The officer's view counts it.
  const overviewAfter = await off.say('走访情况');
  expect(cardText(overviewAfter)).toContain('联系单位 2 个；本月实地走访 1 次，应走访 2 次；已走访到位 1 个');
  expect(cardText(overviewAfter)).toContain('本月实地走访 1 次');
  const auditViews = await auditOf(h.db, 'visit_overview', '310101');
  expect(auditViews.length).toBe(2);
});

test('the bot menu and the help card open the same flow; the search finds an org in scope by name or code', async () => {
  const ins = driver(h, 'ou_ins');
  const viaMenu = await h.menu('ou_ins', 'visit');
  expect(cardText(viaMenu.at(-1))).toContain('记录走访 · 选择单位');
  const help = await ins.say('帮助');
  const fromHelp = await ins.click(help, '记录走访');
  expect(cardText(fromHelp.card)).toContain('记录走访 · 选择单位');

  const found = await ins.click(fromHelp.card, '搜索', { q: '远航' });
  expect(cardText(found.card)).toContain('“远航”的搜索结果（1 个）');
  const form = await ins.clickValue(rowButton(found.card, '远航会计师事务所'));
  expect(cardText(form.card)).toContain('远航会计师事务所');
  await ins.click(form.card, '取消');

  const restart = await ins.say('走访');
  const byCode = await ins.click(restart, '搜索', { q: '9131 0101MA0000003X' });
  expect(cardText(byCode.card)).toContain('远航会计师事务所');
  const none = await ins.click(byCode.card, '搜索', { q: '不存在的公司' });
  expect(cardText(none.card)).toContain('没有找到“不存在的公司”');
  expect(field(none.card, 'q')?.default_value).toBe('不存在的公司');
  await ins.click(none.card, '取消');
});

test('a reminder button opens the form on its org; the next visit offers the open problems to tick', async () => {
  const ins = driver(h, 'ou_ins');
  const form = await ins.clickValue({ cmd: 'start', flow: 'visit', args: { orgId: org.b } });
  const text = cardText(form.card);
  expect(text).toContain('以前提出、尚未解决的问题（2 条）');
  const checkers = (await problemsOf(h.db, org.b)).map((p) => `ps_${p.id.replace(/-/g, '')}`);
  expect(field(form.card, checkers[0]!)?.tag).toBe('checker');
  const saved = await ins.click(form.card, '提交', visitForm({ visited_on: '2026-11-20 +0800', way: 'phone', topics: ['venue'], problems: '', [checkers[0]!]: true, [checkers[1]!]: false }));
  expect(cardText(saved.card)).toContain('本次已解决**：缺少活动场地');
  // A phone call is logged but is not an on-site visit.
  expect(cardText(saved.card)).toContain('本单位本月实地走访 1 次');
  const problems = await problemsOf(h.db, org.b);
  expect(problems.filter((p) => p.solvedByVisitId).map((p) => p.text)).toEqual(['缺少活动场地']);
  const mine = await ins.say('我的单位');
  expect(cardText(mine)).toContain('未解决的问题 1 条');
  expect(cardText(mine)).toContain('上次走访11月20日（电话）');
});

test('people who are not instructors cannot open the form', async () => {
  const off = driver(h, 'ou_off');
  const r = await off.clickValue({ cmd: 'start', flow: 'visit', args: {} });
  expect(cardText(r.card)).toContain('暂无权限');
});

test('what people typed shows exactly as typed on the cards, and never turns into style', async () => {
  const ins = driver(h, 'ou_ins');
  const odd = await seedOrg(h.db, { name: '星*辰_科技(东)[1]', formation: 'standalone', partyOrgName: '星辰<一>支部' });
  await assign(h.db, instructorId, odd, '2026-09-01');
  const form = await ins.clickValue({ cmd: 'start', flow: 'visit', args: { orgId: odd } });
  expect(cardText(form.card)).toContain('走访单位：**星*辰_科技(东)[1]**');
  const found = '**重点** 3号楼\\(东\\)会议室\n# 不是标题';
  const saved = await ins.click(form.card, '提交', visitForm({ found, problems: '缺<b>场地</b>', next_steps: '' }));
  const text = cardText(saved.card);
  expect(text).toContain('**单位**：星*辰_科技(东)[1]');
  expect(text).toContain(`**了解到的情况**：${found}`);
  expect(text).toContain('**存在的问题**：缺<b>场地</b>');
  // The typed asterisks reach Feishu as character references, not as bold markers.
  expect(JSON.stringify(saved.card)).not.toContain('**重点**');
  const mine = cardText(await ins.say('我的单位'));
  expect(mine).toContain('**星*辰_科技(东)[1]**\n党组织：单独组建（星辰<一>支部）');
  expect(mine).toContain('· 缺<b>场地</b>（11月19日）');
});
