import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { orgs } from '../../src/db/schema/index.ts';
import { mapRosterHeader, ROSTER_COLUMNS, validateRosterRow } from '../../src/ledger/roster-row.ts';
import { stripControlDeep } from '../../src/domain/control-chars.ts';
import { creditCode, row } from './support/ledger-fixtures.ts';
import { importRows } from '../db/ledger/import-kit.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

test('a NUL in row 3 of 5 rejects that row only, with the reason; the other four are imported', async () => {
  const rows = [1, 2, 3, 4, 5].map((i) => row({ 组织名称: `济南控制字符${i}有限公司`, 统一社会信用代码: creditCode(900 + i) }));
  rows[2]!['出资人（负责人）'] = '张\u0000三';
  const { result, rejected } = await importRows(t.db, rows);
  expect(result).toMatchObject({ rows: 5, imported: 4, rejected: 1 });
  expect(rejected).toHaveLength(2);
  expect(rejected[1]).toMatch(/^4,出资人（负责人）含有不可见字符/);
  expect(rejected[1]).toContain('济南控制字符3有限公司');
  // The report itself carries no control character: the cell reads 张三, ready to import again.
  expect(rejected[1]).not.toMatch(/[\u0000-\u0008]/);
  expect(rejected[1]).toContain(',张三,');
  expect(await t.db.select().from(orgs).where(eq(orgs.name, '济南控制字符3有限公司'))).toHaveLength(0);
  expect(await t.db.select().from(orgs).where(eq(orgs.name, '济南控制字符4有限公司'))).toHaveLength(1);
});

test('a roster row with a control character is refused like any other bad cell', () => {
  const header = mapRosterHeader([...ROSTER_COLUMNS]);
  if (!('map' in header)) throw new Error('header');
  const r = validateRosterRow(2, ['李\u0007四', '13800138000', '党员', '', '', ''], header.map, { regionExists: () => true });
  expect(r).toMatchObject({ ok: false, issues: [{ code: 'control_chars', params: { column: '姓名' } }] });
  expect(validateRosterRow(2, ['李四', '13800138000', '党员', '', '', ''], header.map, { regionExists: () => true }).ok).toBe(true);
});

test('chat input loses its control characters, nested values included, tabs and newlines kept', () => {
  expect(stripControlDeep({ a: 'x\u0000y', b: ['\u001bz'], c: 3, d: 'l1\nl2\tt' })).toEqual({ a: 'xy', b: ['z'], c: 3, d: 'l1\nl2\tt' });
});
