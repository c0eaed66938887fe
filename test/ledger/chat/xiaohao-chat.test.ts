import { afterAll, beforeAll, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buttonValue, cardText, createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import type { Tx } from '../../../src/db/database.ts';
import { auditLog, baseCrossings, orgs, policyOverrides } from '../../../src/db/schema/index.ts';
import { freezeBase } from '../../../src/db/ledger/coverage-base-store.ts';
import { creditCode, row, type Row } from '../support/ledger-fixtures.ts';
import { importRows } from '../../db/ledger/import-kit.ts';

let h: BotHarness;
let officerId: string;
const org = (name: string, n: number, extra: Row = {}) => row({ 组织名称: name, 统一社会信用代码: creditCode(71000 + n), 区划代码: '370112020', ...extra });
const joint: Row = { 正式党员数: 1, 党组织名称: '唐王第一联合党支部', 组建方式: '联合组建', 党组织类型: '联合党支部' };
const orgId = async (name: string) => (await h.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.name, name)))[0]!.id;

beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-30T02:00:00Z' });
  await importRows(h.db, [
    org('甲公司', 1, { 正式党员数: 5, 党组织名称: '中共甲公司支部委员会', 组建方式: '单独组建', 党组织类型: '党支部' }),
    org('乙公司', 2),
    org('丙公司', 3),
    org('丁公司', 4, joint),
    org('戊公司', 5, { 区划代码: '370112001' }),
  ]);
  await h.db.transaction((tx: Tx) => freezeBase(tx, { regionCode: '370112', name: '2026年党建基数', frozenOn: '2026-11-22', createdBy: 'test', at: new Date('2026-11-22T02:00:00Z') }));
  // After the freeze 丙公司 stops trading: the ledger crosses it off as 注销/停业.
  await importRows(h.db, [org('丙公司', 3, { 经营状态: '停业' })]);
  officerId = await seedPerson(h.db, { name: '李干部', openId: 'ou_off', roles: [{ role: 'officer', regionCode: '370112' }] });
  await seedPerson(h.db, { name: '王干部', openId: 'ou_street', roles: [{ role: 'officer', regionCode: '370112001' }] });
  // 历城2011's 超60争100 (003 二), with a target for qualifying orgs as 武汉2016 sets one (001 一).
  await h.db.insert(policyOverrides).values({ regionCode: '370112', settings: { targets: { orgCoveragePct: 60, workCoveragePct: 100, qualifiedCoveragePct: 100 } } });
}, 180_000);
afterAll(async () => {
  await h.db.delete(policyOverrides);
  await h.close();
});

test("the coverage card shows the region's own progress against its targets and its base", async () => {
  const [card] = await h.say('ou_off', '覆盖率');
  expect(cardProblems(card as Record<string, unknown>)).toEqual([]);
  const text = cardText(card);
  expect(text).toContain('本地区目标进度');
  expect(text).toContain('党组织覆盖率目标 60%：现 50.0%（2/4），还差 1 个');
  expect(text).toContain('党的工作覆盖率目标 100%：现 50.0%（2/4），还差 2 个');
  expect(text).toContain('符合组建条件的组织党组织覆盖率目标 100%：现 100.0%（1/1），已达到');
  expect(text).toContain('销号进度（党建基数“2026年党建基数”，11月22日确定）：已销号 3/5，待销号 2');
  expect(text).toContain('已建党组织 1，联合党组织覆盖 1，注销/停业 1，核实不在范围 0');
});

test('the 待销号 list crosses an org off with reason and date, audited; scoped to the officer', async () => {
  const [card] = await h.say('ou_off', '覆盖率');
  const open = await h.click('ou_off', buttonValue(card, '待销号 2'));
  expect(cardProblems(open.card as Record<string, unknown>)).toEqual([]);
  const listed = cardText(open.card);
  expect(listed).toContain('乙公司');
  expect(listed).toContain('戊公司');
  expect(listed).not.toContain('甲公司');
  expect(listed).not.toContain('丙公司');
  const submit = buttonValue(open.card, '销号');

  // Nothing picked, or a date before the base: refused, nothing stored.
  expect((await h.click('ou_off', submit, { org: await orgId('乙公司') })).toast?.content).toBe('请选择组织和销号原因');
  expect((await h.click('ou_off', submit, { org: await orgId('乙公司'), reason: 'out_of_scope', date: '2026-11-01 +0800' })).toast?.content).toBe('销号日期应在基数确定日（2026-11-22）到今天之间');

  // The street officer can neither open the district's list nor cross off an org outside their street.
  const refused = await h.click('ou_street', { h: 'ledger.xiaohao', code: '370112', page: 0 });
  expect(cardText(refused.card)).not.toContain('乙公司');
  const outside = await h.click('ou_street', { h: 'ledger.xiaohao.add', code: '370112001', page: 0 }, { org: await orgId('乙公司'), reason: 'closed' });
  expect(outside.toast?.content).toBe('该组织不在本地区的党建基数名单中');
  expect(await h.db.select().from(baseCrossings)).toEqual([]);

  const done = await h.click('ou_off', submit, { org: await orgId('乙公司'), reason: 'out_of_scope', date: '2026-11-25 +0800', note: '核实为外地分支' });
  expect(done.toast).toEqual({ type: 'success', content: '已销号：乙公司（核实不在范围，2026-11-25）' });
  expect(cardText(done.card)).not.toContain('乙公司');
  expect(cardText(done.card)).toContain('戊公司');
  const again = await h.click('ou_off', submit, { org: await orgId('乙公司'), reason: 'closed' });
  expect(again.toast?.content).toBe('乙公司已经销号');

  const rows = await h.db.select().from(baseCrossings);
  expect(rows.map((r) => [r.reason, r.crossedOn, r.note, r.createdBy])).toEqual([['out_of_scope', '2026-11-25', '核实为外地分支', officerId]]);
  const audits = await h.db.select().from(auditLog).where(and(eq(auditLog.entity, 'base_crossing'), eq(auditLog.entityId, await orgId('乙公司'))));
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({ action: 'create', actorId: officerId, after: { reason: 'out_of_scope', crossedOn: '2026-11-25', note: '核实为外地分支' } });

  const [after] = await h.say('ou_off', '覆盖率');
  expect(cardText(after)).toContain('已销号 4/5，待销号 1');
  expect(cardText(after)).toContain('核实不在范围 1');
  // The street officer sees their own street's progress only.
  const [street] = await h.say('ou_street', '覆盖率');
  expect(cardText(street)).toContain('已销号 0/1，待销号 1');
});
