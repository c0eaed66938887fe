import { afterAll, beforeAll, expect, test } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { buttonValue, cardText, createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import { auditLog, coverageBaseOrgs, coverageBases, jobs } from '../../../src/db/schema/index.ts';
import { creditCode, row } from '../support/ledger-fixtures.ts';
import { importRows } from '../../db/ledger/import-kit.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-12-03T02:00:00Z' });
  const org = (name: string, n: number, status?: string) =>
    row({ 组织名称: name, 统一社会信用代码: creditCode(71000 + n), 区划代码: '370112020', ...(status ? { 经营状态: status } : {}) });
  await importRows(h.db, [org('一号公司', 1), org('二号公司', 2), org('三号公司', 3), org('停业公司', 4, '停业')]);
  await seedPerson(h.db, { name: '李干部', openId: 'ou_frz', roles: [{ role: 'officer', regionCode: '370112' }] });
  await seedPerson(h.db, { name: '王干部', openId: 'ou_other', roles: [{ role: 'officer', regionCode: '370102' }] });
  await seedPerson(h.db, { name: '张书记', openId: 'ou_sec', roles: [{ role: 'secretary', regionCode: '370112' }] });
}, 180_000);
afterAll(() => h.close());

const basesNamed = (name: string) => h.db.select().from(coverageBases).where(and(eq(coverageBases.regionCode, '370112'), eq(coverageBases.name, name)));

test('冻结基数: the confirmation names the region, the operating orgs and a default name; nothing is frozen yet', async () => {
  const [card] = await h.say('ou_frz', '冻结基数');
  const text = cardText(card);
  expect(text).toContain('冻结党建基数');
  expect(text).toContain('历城区');
  expect(text).toContain('共3家');
  expect(JSON.stringify(card)).toContain('2026年12月基数');
  expect(cardProblems(card as Record<string, unknown>)).toEqual([]);
  buttonValue(card, '取消');
  expect(await h.db.select().from(coverageBases)).toHaveLength(0);
});

test('outside the scope: refused without a card to confirm; a secretary is not offered it', async () => {
  const [out] = await h.say('ou_other', '冻结历城区基数');
  expect(cardText(out)).toContain('不在您的管辖范围');
  const click = await h.click('ou_other', { h: 'ledger.freeze.ok', code: '370112', token: crypto.randomUUID() }, { base_name: '越权基数' });
  expect(cardText(click.card)).toContain('不在您的管辖范围');
  await h.say('ou_sec', '冻结基数');
  expect(await h.db.select().from(jobs).where(eq(jobs.kind, 'ledger-freeze'))).toHaveLength(0);
  expect(await h.db.select().from(coverageBases)).toHaveLength(0);
});

test('confirm twice (double tap): one job, one base with its audit entry, one result card that opens coverage on the base', async () => {
  const [card] = await h.say('ou_frz', '冻结基数');
  const ok = buttonValue(card, '确认冻结');
  const first = await h.click('ou_frz', ok, { base_name: ' 2026年12月基数 ' });
  expect(cardText(first.card)).toContain('正在冻结历城区的基数“2026年12月基数”');
  const second = await h.click('ou_frz', ok, { base_name: '2026年12月基数' });
  expect(cardText(second.card)).toContain('正在冻结');
  expect(await h.db.select().from(jobs).where(eq(jobs.kind, 'ledger-freeze'))).toHaveLength(1);
  const bases = await basesNamed('2026年12月基数');
  expect(bases).toHaveLength(1);
  expect(await h.db.select().from(coverageBaseOrgs).where(eq(coverageBaseOrgs.baseId, bases[0]!.id))).toHaveLength(3);
  const audit = await h.db.select().from(auditLog).where(and(eq(auditLog.entity, 'coverage_base'), eq(auditLog.entityId, bases[0]!.id)));
  expect(audit).toHaveLength(1);
  expect(audit[0]!.actorId).not.toBeNull();
  const done = h.messenger.messages('ou_frz').filter((m) => m.card && cardText(m.card as never).includes('基数已冻结'));
  expect(done).toHaveLength(1);
  const result = h.lastCard('ou_frz');
  expect(cardText(result)).toContain('已冻结历城区的基数“2026年12月基数”，共3家。');
  expect(cardProblems(result as Record<string, unknown>)).toEqual([]);
  const cov = await h.click('ou_frz', buttonValue(result, '查看覆盖率（按基数）'));
  expect(cardText(cov.card)).toContain('党建基数名单“2026年12月基数”');
});

test('the job run again after its commit (a crash before the card): it finds its own base, no duplicate, no second card', async () => {
  const before = h.messenger.messages('ou_frz').length;
  const past = new Date(h.clock.now().getTime() - 1000).toISOString();
  await h.db.execute(sql`update jobs set state = 'running', finished_at = null, lease_until = ${past}::timestamptz where kind = 'ledger-freeze'`);
  h.service.jobs.kick();
  await h.defer.flush();
  const [job] = await h.db.select().from(jobs).where(eq(jobs.kind, 'ledger-freeze'));
  expect([job!.state, job!.attempts, job!.lastError]).toEqual(['done', 2, null]);
  expect(await basesNamed('2026年12月基数')).toHaveLength(1);
  expect(await h.db.select().from(auditLog).where(eq(auditLog.entity, 'coverage_base'))).toHaveLength(1);
  expect(h.messenger.messages('ou_frz').slice(before).filter((m) => m.card && cardText(m.card as never).includes('已有名为'))).toHaveLength(0);
});

test('a name already used for the region: the job says so and freezes nothing', async () => {
  const [card] = await h.say('ou_frz', '冻结基数');
  await h.click('ou_frz', buttonValue(card, '确认冻结'), { base_name: '2026年12月基数' });
  expect(cardText(h.lastCard('ou_frz'))).toContain('已有名为“2026年12月基数”的基数，这次没有冻结');
  expect(await basesNamed('2026年12月基数')).toHaveLength(1);
  const freezes = await h.db.select().from(jobs).where(eq(jobs.kind, 'ledger-freeze'));
  expect(freezes.map((j) => j.state).sort()).toEqual(['done', 'done']);
});

test('an empty name is refused with a toast, nothing queued', async () => {
  const [card] = await h.say('ou_frz', '冻结基数');
  const r = await h.click('ou_frz', buttonValue(card, '确认冻结'), { base_name: '   ' });
  expect(r.toast?.content).toContain('请填写基数名称');
  expect(await h.db.select().from(jobs).where(eq(jobs.kind, 'ledger-freeze'))).toHaveLength(2);
});

test('cancel: nothing frozen', async () => {
  const [card] = await h.say('ou_frz', '冻结基数');
  const r = await h.click('ou_frz', buttonValue(card, '取消'));
  expect(cardText(r.card)).toContain('没有冻结基数');
});
