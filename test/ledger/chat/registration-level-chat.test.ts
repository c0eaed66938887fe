/** T7 (000 一 省级以上社会团体; 001 一 市级社会团体) reached from chat: a button on the coverage card, scoped to the officer's region. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buttonValue, cardText, createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { bytes, ledgerCsv, row } from '../support/ledger-fixtures.ts';
import { importBytes } from '../../db/ledger/import-kit.ts';
import { LEDGER_EXPORT_COLUMNS } from '../../../src/ledger/ledger-template.ts';
import { policyOverrides } from '../../../src/db/schema/index.ts';
import { WUHAN_4201 } from '../../../src/domain/policy/index.ts';

let h: BotHarness;
const society = (name: string, region: string, level: string) =>
  row({ 组织名称: name, 组织类别: '社会组织', 细分类型: '社会团体', 区划代码: region, 登记机关级别: level });
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-22T02:00:00Z' });
  await h.db.insert(policyOverrides).values({ regionCode: WUHAN_4201.regionCode, settings: WUHAN_4201.settings as Record<string, unknown> });
  const csv = ledgerCsv([society('江岸市级社团', '420102002', '市级'), society('江岸区级社团', '420102002', '县级'), society('江汉市级社团', '420103001', '市级')], { columns: LEDGER_EXPORT_COLUMNS });
  expect((await importBytes(h.db, bytes(csv), 'csv')).result.imported).toBe(3);
  await seedPerson(h.db, { name: '江岸干部', openId: 'ou_ja', roles: [{ role: 'officer', regionCode: '420102' }] });
}, 120_000);
afterAll(() => h.close());

test('the 市级 社会团体 without a party org are a button on 江岸区\'s card; 江汉区\'s are not shown', async () => {
  const [card] = await h.say('ou_ja', '覆盖率');
  expect(cardText(card)).toContain('社会团体未建党组织 1');
  const list = await h.click('ou_ja', buttonValue(card, '社会团体未建党组织 1'));
  const text = cardText(list.card);
  expect(text).toContain('江岸区｜按登记级别应建党组织但未建的社会团体');
  expect(text).toContain('江岸市级社团');
  expect(text).not.toContain('江岸区级社团');
  expect(text).not.toContain('江汉市级社团');
  const other = await h.click('ou_ja', { h: 'ledger.check', code: '420103', check: 'T7', page: 0 });
  expect(cardText(other.card)).not.toContain('江汉市级社团');
});
