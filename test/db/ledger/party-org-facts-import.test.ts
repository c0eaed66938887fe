/**
 * Issue 19 item 10: a ledger file may carry the 004 §9 书记后备 and §12 轮训 facts of each row's
 * party org (optional columns); the first row of an import that gives them decides, empty cells
 * and files without the columns leave what the secretary recorded.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { auditLog, partyOrgFactChanges, partyOrgs } from '../../../src/db/schema/index.ts';
import { exportRows, ledgerCells } from '../../../src/ledger/ledger-export.ts';
import { csvLine } from '../../../src/ledger/csv.ts';
import { LEDGER_EXPORT_COLUMNS } from '../../../src/ledger/ledger-template.ts';
import { bytes, ledgerCsv, row, type Row } from '../../ledger/support/ledger-fixtures.ts';
import { importBytes, importRows } from './import-kit.ts';

let t: TestDatabase;
const LX = '370102001';
const withColumns = (rows: Row[]) => importBytes(t.db, bytes(ledgerCsv(rows, { columns: LEDGER_EXPORT_COLUMNS })), 'csv');
const single = row({ 组织名称: '事实单建', 区划代码: LX, 正式党员数: 4, 党组织名称: '中共事实单建支部', 组建方式: '单独组建', 党组织类型: '党支部', 书记后备人数: 1, 书记上次轮训日期: '2026/3/8', 党务工作者上次轮训日期: '' });
const joint = (name: string, facts: Row) => row({ 组织名称: name, 区划代码: LX, 正式党员数: 1, 党组织名称: '事实联合支部', 组建方式: '联合组建', 党组织类型: '联合党支部', ...facts });
const po = async (name: string) => (await t.db.select().from(partyOrgs).where(eq(partyOrgs.name, name)))[0]!;

beforeAll(async () => {
  t = await createTestDb();
}, 60_000);
afterAll(async () => {
  await t.drop();
});

test('the facts are imported with their history and audit; a joint party org takes the first row that gives them', async () => {
  const r = await withColumns([single, joint('联合甲', { 书记后备人数: 2 }), joint('联合乙', { 书记后备人数: 3 }), joint('联合丙', {})]);
  expect(r.result).toMatchObject({ imported: 3 + 1, rejected: 0 });
  expect(r.warned.join('\n')).toContain('党组织“事实联合支部”的书记后备和轮训情况已按第3行导入');
  expect(await po('中共事实单建支部')).toMatchObject({ reserveSecretaries: 1, secretaryTrainedOn: '2026-03-08', workersTrainedOn: null });
  expect((await po('事实联合支部')).reserveSecretaries).toBe(2);
  const single0 = await po('中共事实单建支部');
  const history = await t.db.select().from(partyOrgFactChanges).where(eq(partyOrgFactChanges.partyOrgId, single0.id));
  expect(history.map((h) => [h.fact, h.after]).sort()).toEqual([['reserve_secretaries', 1], ['secretary_trained_on', '2026-03-08']]);
  const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, single0.id));
  expect(audits.some((a) => (a.after as Record<string, unknown>).reserveSecretaries === 1)).toBe(true);
});

test('a file without the columns, or with empty cells, leaves the facts alone', async () => {
  const { 书记后备人数: _a, 书记上次轮训日期: _b, 党务工作者上次轮训日期: _c, ...old } = single;
  expect((await importRows(t.db, [old])).result).toMatchObject({ unchanged: 1, rejected: 0 });
  expect((await withColumns([{ ...single, 书记后备人数: '', 书记上次轮训日期: '' }])).result).toMatchObject({ unchanged: 1 });
  expect(await po('中共事实单建支部')).toMatchObject({ reserveSecretaries: 1, secretaryTrainedOn: '2026-03-08' });
});

test('a bad date is refused; facts on an org without a party org are not imported, with a warning', async () => {
  const bad = await withColumns([{ ...single, 党务工作者上次轮训日期: '2026-02-30' }]);
  expect(bad.result.rejected).toBe(1);
  expect(bad.rejected.join('\n')).toContain('党务工作者上次轮训日期“2026-02-30”不是有效日期');
  const none = await withColumns([row({ 组织名称: '未建有后备', 区划代码: LX, 书记后备人数: 1 })]);
  expect(none.result).toMatchObject({ imported: 1, rejected: 0 });
  expect(none.warned.join('\n')).toContain('未建党组织，书记后备和轮训日期未导入');
});

test('the export writes the facts and imports again unchanged', async () => {
  const lines = [csvLine([...LEDGER_EXPORT_COLUMNS])];
  const cells: Array<Array<string | number | null>> = [];
  for await (const r of exportRows(t.db, '370102')) {
    cells.push(ledgerCells(r));
    lines.push(csvLine(ledgerCells(r)));
  }
  const at = (name: string, col: string) => cells.find((c) => c[0] === name)![LEDGER_EXPORT_COLUMNS.indexOf(col as never)];
  expect(at('事实单建', '书记后备人数')).toBe(1);
  expect(at('事实单建', '书记上次轮训日期')).toBe('2026-03-08');
  expect(at('联合丙', '书记后备人数')).toBe(2);
  const again = await importBytes(t.db, bytes(lines.join('\r\n')), 'csv');
  expect(again.result).toMatchObject({ updated: 0, rejected: 0 });
  expect(again.warned).toEqual([]);
});
