/**
 * 线索情况 on a phone (issue 20 items 5 and 7): the states with no leads are not listed, and
 * every list is one key column with the facts under the name (five columns lost one even at
 * 1280 px, and at 375 px showed only the name).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, elementsOf, type BotHarness, type Card } from '../../support/bot-harness.ts';
import { driver, OPEN, registerSelf, seedLedger } from './lead-kit.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
  const L = await seedLedger(h.db);
  await registerSelf(h, OPEN.guest, '张三', '13812345678', L.orgA, '甲科技');
  h.clock.set('2026-12-03T02:00:00Z');
});
afterAll(() => h.close());

const read = (v: unknown) => String(v).replace(/\*\*|<\/?font[^>]*>/g, '');
const tables = (card: Card) =>
  elementsOf(card)
    .filter((e) => e.tag === 'table')
    .map((t) => ({
      columns: (t.columns as Array<{ display_name: string }>).map((c) => c.display_name),
      rows: (t.rows as Array<Record<string, unknown>>).map((r) => Object.values(r).map(read).join(' | ')),
    }));

test('线索情况 lists only the states that hold leads, each list one key column with its facts under it', async () => {
  const card = await driver(h, OPEN.officerCounty).say('线索情况');
  expect(tables(card)).toEqual([
    { columns: ['状态', '数量'], rows: ['新登记 | 1'] },
    { columns: ['状态'], rows: ['新登记\n7 天内 0 条；8–30 天 1 条；30 天以上 0 条'] },
    { columns: ['姓名'], rows: ['张三\n新登记（已逾期）；已登记 13 天；甲科技有限公司'] },
  ]);
  // One date style: 12月3日, not 2026-12-03.
  expect(elementsOf(card).map((e) => JSON.stringify(e)).join('')).toContain('截至12月3日');
});
