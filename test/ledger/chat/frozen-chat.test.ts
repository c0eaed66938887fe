import { afterAll, beforeAll, expect, test } from 'vitest';
import { buttonValue, cardText, createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import type { Tx } from '../../../src/db/database.ts';
import { policyOverrides } from '../../../src/db/schema/index.ts';
import { freezeBase } from '../../../src/db/ledger/coverage-base-store.ts';
import { creditCode, row } from '../support/ledger-fixtures.ts';
import { importRows } from '../../db/ledger/import-kit.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-22T02:00:00Z' });
  const org = (name: string, n: number, partyOrg: boolean) =>
    row({ 组织名称: name, 统一社会信用代码: creditCode(70000 + n), 区划代码: '370112020', ...(partyOrg ? { 正式党员数: 5, 党组织名称: `中共${name}支部委员会`, 组建方式: '单独组建', 党组织类型: '党支部' } : {}) });
  await importRows(h.db, [org('一号公司', 1, true), org('二号公司', 2, false), org('三号公司', 3, false)]);
  await seedPerson(h.db, { name: '李干部', openId: 'ou_off', roles: [{ role: 'officer', regionCode: '370112' }] });
  // 历城区 counts against its frozen base list (党建基数).
  await h.db.insert(policyOverrides).values({ regionCode: '370112', settings: { coverage: { basis: 'frozen' } } });
}, 180_000);
afterAll(async () => {
  await h.db.delete(policyOverrides);
  await h.close();
});

test('frozen basis without a base list: a polite refusal, no figures', async () => {
  const cards = await h.say('ou_off', '覆盖率');
  expect(cards).toHaveLength(1);
  const text = cardText(cards[0]);
  expect(text).toContain('还没有党建基数名单');
  expect(text).toContain('历城区还没有确定党建基数名单，暂时无法按基数统计。');
  expect(text).not.toContain('%');
  expect(cardProblems(cards[0] as Record<string, unknown>)).toEqual([]);
});

test('with a base list: the card names the base, and its lists open on the same base', async () => {
  await h.db.transaction((tx: Tx) => freezeBase(tx, { regionCode: '370112', name: '2026年党建基数', frozenOn: '2026-11-22', createdBy: 'test', at: new Date('2026-11-22T02:00:00Z') }));
  await importRows(h.db, [row({ 组织名称: '新来的公司', 统一社会信用代码: creditCode(70009), 区划代码: '370112020' })]);
  const [card] = await h.say('ou_off', '覆盖率');
  expect(cardProblems(card as Record<string, unknown>)).toEqual([]);
  const text = cardText(card);
  expect(text).toContain('统计口径：党建基数名单“2026年党建基数”（11月22日确定）');
  expect(text).toContain('（1/3）');
  const list = await h.click('ou_off', buttonValue(card, '未建党组织 2'));
  const listed = cardText(list.card);
  expect(listed).toContain('二号公司');
  expect(listed).toContain('三号公司');
  expect(listed).not.toContain('新来的公司');
});
