/**
 * Issue 19 item 10: 本年入党积极分子数 as an optional ledger column (004 §11), read into
 * org_activists for the import's year — the count the A1 list and the secretary's chat step read.
 * A file without the column, or an empty cell, leaves the recorded count alone; a change is audited.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { auditLog, orgActivists, orgs } from '../../../src/db/schema/index.ts';
import { complianceListFor } from '../../../src/ledger/compliance-service.ts';
import { ACTIVISTS_COLUMN, LEDGER_COLUMNS } from '../../../src/ledger/ledger-template.ts';
import { bytes, ledgerCsv, row, type Row } from '../../ledger/support/ledger-fixtures.ts';
import { clock, importBytes, importRows } from './import-kit.ts';
import { inForce } from '../../support/in-force.ts';

let t: TestDatabase;
const LX = '370102001';
const formed = (name: string, employees: number, activists: string | number): Row =>
  row({ 组织名称: name, 区划代码: LX, 职工人数: employees, 正式党员数: 3, 党组织名称: `中共${name}支部`, 组建方式: '单独组建', 党组织类型: '党支部', [ACTIVISTS_COLUMN]: activists });
const withColumn = (rows: Row[]) => importBytes(t.db, bytes(ledgerCsv(rows, { columns: [...LEDGER_COLUMNS, ACTIVISTS_COLUMN] })), 'csv');

beforeAll(async () => {
  t = await createTestDb();
}, 120_000);
afterAll(async () => {
  await t.drop();
});

const countOf = async (name: string) => {
  const [o] = await t.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.name, name));
  const [a] = await t.db.select().from(orgActivists).where(and(eq(orgActivists.orgId, o!.id), eq(orgActivists.year, 2026)));
  return a?.count ?? null;
};
const a1 = async () => (await complianceListFor(t.db, await inForce(t.db, clock), '370102', 'A1', { limit: 50, offset: 0 })).items.map((i) => i.name).sort();

test('the import records this year’s counts; A1 lists the shortfalls; no column or an empty cell keeps them; a bad count is refused', async () => {
  const rows = [formed('甲百人公司', 120, 2), formed('乙百人公司', 120, 1), formed('丙五十人公司', 60, ''), formed('丁小公司', 10, 0)];
  const { result } = await withColumn(rows);
  expect(result).toMatchObject({ imported: 4, rejected: 0 });
  expect([await countOf('甲百人公司'), await countOf('乙百人公司'), await countOf('丙五十人公司'), await countOf('丁小公司')]).toEqual([2, 1, null, 0]);
  expect(await a1()).toEqual(['丙五十人公司', '乙百人公司']);

  // Without the column: nothing changes.
  const same = await importRows(t.db, rows.map(({ [ACTIVISTS_COLUMN]: _a, ...r }) => r));
  expect(same.result).toMatchObject({ unchanged: 4, rejected: 0 });
  expect(await countOf('乙百人公司')).toBe(1);

  // A new count: written and audited with the old one; an unchanged count writes no audit.
  const before = (await t.db.select().from(auditLog)).length;
  await withColumn([formed('甲百人公司', 120, 2), formed('乙百人公司', 120, 2)]);
  expect(await countOf('乙百人公司')).toBe(2);
  const audits = (await t.db.select().from(auditLog)).slice(before).filter((a) => (a.after as Record<string, unknown>).activists !== undefined);
  expect(audits.map((a) => [a.before, (a.after as Record<string, unknown>).activists])).toEqual([[{ activists: 1 }, 2]]);
  expect(await a1()).toEqual(['丙五十人公司']);

  const bad = await withColumn([formed('戊公司', 60, '两名')]);
  expect(bad.result).toMatchObject({ rejected: 1 });
}, 120_000);
