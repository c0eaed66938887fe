/** The formation checks of issue 19 reached from chat: the coverage card's "需要关注" buttons, scoped to the officer's region. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buttonValue, cardText, createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { row } from '../support/ledger-fixtures.ts';
import { importRows } from '../../db/ledger/import-kit.ts';

let h: BotHarness;
const LX = '370102001';
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-22T02:00:00Z' });
  await importRows(h.db, [
    row({ 组织名称: '两名党员有指导员', 区划代码: LX, 正式党员数: 2, 党建工作指导员手机号: '13700000003' }),
    row({ 组织名称: '两名党员无指导员', 区划代码: LX, 正式党员数: 2 }),
    row({ 组织名称: '破产企业', 区划代码: LX, 经营状态: '破产', 党组织名称: '中共破产企业支部', 组建方式: '单独组建', 党组织类型: '党支部', 正式党员数: 4 }),
    row({ 组织名称: '外区两名党员', 区划代码: '370112020', 正式党员数: 2 }),
  ]);
  await seedPerson(h.db, { name: '历下干部', openId: 'ou_lx', roles: [{ role: 'officer', regionCode: '370102' }] });
}, 120_000);
afterAll(() => h.close());

test('F7 and T6 are buttons with counts; F7 lists the instructor assigned or missing; another region is refused', async () => {
  const [card] = await h.say('ou_lx', '覆盖率');
  const text = cardText(card);
  expect(text).toContain('两名党员待帮建 2');
  expect(text).toContain('空壳党组织待撤改立 1');
  const f7 = await h.click('ou_lx', buttonValue(card, '两名党员待帮建 2'));
  const list = cardText(f7.card);
  expect(list).toContain('历下区｜有2名正式党员、需选派指导员帮建的组织');
  expect(list).toMatch(/两名党员无指导员.*未选派指导员/);
  expect(list).toMatch(/两名党员有指导员.*已有指导员/);
  expect(list).not.toContain('外区两名党员');
  const t6 = await h.click('ou_lx', buttonValue(card, '空壳党组织待撤改立 1'));
  expect(cardText(t6.card)).toContain('中共破产企业支部');
  const other = await h.click('ou_lx', { h: 'ledger.check', code: '370112', check: 'F7', page: 0 });
  expect(cardText(other.card)).not.toContain('外区两名党员');
});
