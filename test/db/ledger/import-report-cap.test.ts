import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { REPORT_MAX_ROWS } from '../../../src/ledger/ledger-import.ts';
import { row } from '../../ledger/support/ledger-fixtures.ts';
import { importRows } from './import-kit.ts';

/**
 * Issue 18 item 7: a file of millions of bad rows once wrote a 473 MB rejected.csv. The report
 * lists the first 1,000 rejected rows; the counts (and the summary) still cover every row.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

test('rejected.csv holds the header and the first 1,000 rejected rows; the count is of all 2,500', async () => {
  const rows = Array.from({ length: 2500 }, (_, i) => row({ 组织名称: `坏行${i}`, 区划代码: '999999999' }));
  const { result, rejected } = await importRows(t.db, rows);
  expect(result).toMatchObject({ rows: 2500, imported: 0, rejected: 2500 });
  expect(REPORT_MAX_ROWS).toBe(1000);
  expect(rejected).toHaveLength(1 + 1000);
  expect(rejected[1]).toMatch(/^2,区划代码“999999999”不存在,坏行0,/);
  expect(rejected.at(-1)).toMatch(/^1001,.*,坏行999,/);
});
