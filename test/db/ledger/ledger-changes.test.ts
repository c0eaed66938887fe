import { afterAll, beforeAll, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { previousExportAt } from '../../../src/db/ledger/ledger-changes-query.ts';
import { orgs } from '../../../src/db/schema/ledger.ts';
import { writeAudit } from '../../../src/db/stores/audit-store.ts';
import { writeChangeSheet } from '../../../src/ledger/ledger-changes.ts';
import { writeLedgerWorkbook, xlsxBytes } from '../../../src/ledger/ledger-export.ts';
import { APPENDIX_COLUMNS, CHANGE_COLUMNS, LEDGER_EXPORT_COLUMNS } from '../../../src/ledger/ledger-template.ts';
import { creditCode, row } from '../../ledger/support/ledger-fixtures.ts';
import { importBytes, importRows } from './import-kit.ts';
import { eq } from 'drizzle-orm';

let t: TestDatabase;
const jia = row({ 组织名称: '变更甲科技有限公司', 统一社会信用代码: creditCode(701), 职工人数: 10 });
const yi = row({ 组织名称: '变更乙协会', 组织类别: '社会组织', 细分类型: '行业协会商会', 职工人数: 20 });
const bing = row({ 组织名称: '外区丙公司', 区划代码: '370102001', 职工人数: 5 });
const ding = row({ 组织名称: '变更丁商贸', 职工人数: 12 });

beforeAll(async () => {
  t = await createTestDb();
  expect((await importRows(t.db, [jia, yi, bing], { reason: '首次摸排' })).result.imported).toBe(3);
  const second = await importRows(t.db, [{ ...jia, 职工人数: 60 }, { ...yi, 经营状态: '注销' }, { ...bing, 职工人数: 6 }, ding], { reason: '11月核查' });
  expect(second.result).toMatchObject({ imported: 1, updated: 3 });
}, 60_000);
afterAll(async () => {
  await t.drop();
});

async function workbook(region: string, since: Date | null) {
  const { bytes, result } = await xlsxBytes((out) => writeLedgerWorkbook(t.db, region, out, since));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return { wb, bytes, result };
}

const values = (ws: ExcelJS.Worksheet, from: number) =>
  ws.getRows(from, Math.max(0, ws.rowCount - from + 1))?.map((r) => Array.from((r.values as unknown[]).slice(1), (v) => v ?? null)) ?? [];

test('the ledger comes first, then 附表1, 附表2 and 变更说明 with their headings', async () => {
  const { wb } = await workbook('370112', null);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['台账', '附表1', '附表2', '变更说明']);
  expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([...LEDGER_EXPORT_COLUMNS]);
  const a1 = wb.getWorksheet('附表1')!;
  expect(a1.getRow(1).getCell(1).value).toBe('附表1 非公有制企业法人单位党建工作台账');
  expect((a1.getRow(2).values as unknown[]).slice(1)).toEqual(['序号', ...APPENDIX_COLUMNS.enterprise]);
  expect(values(a1, 3).map((v) => [v[0], v[1]])).toEqual([
    [1, '变更丁商贸'],
    [2, '变更甲科技有限公司'],
  ]);
  const a2 = wb.getWorksheet('附表2')!;
  expect(a2.getRow(1).getCell(1).value).toBe('附表2 社会组织法人单位党建工作台账');
  const h2 = (a2.getRow(2).values as unknown[]).slice(1);
  expect(h2).toContain('从业人员数');
  expect(h2).toContain('业务主管单位');
  expect(h2).not.toContain('年营业收入（万元）');
  expect(values(a2, 3).map((v) => v[1])).toEqual(['变更乙协会']);
  const c = wb.getWorksheet('变更说明')!;
  expect(c.getRow(1).getCell(1).value).toBe('变更说明（全部记录）');
  expect((c.getRow(2).values as unknown[]).slice(1)).toEqual([...CHANGE_COLUMNS]);
});

test('added, removed and changed orgs appear with the reason given at the time, who and when', async () => {
  const { wb, result } = await workbook('370112', null);
  const lines = values(wb.getWorksheet('变更说明')!, 3);
  const pick = (kind: string, name: string) => lines.filter((l) => l[0] === kind && l[1] === name).map((l) => l.slice(4, 9));
  expect(pick('新增', '变更丁商贸')).toEqual([[null, null, null, '11月核查', 'test']]);
  expect(pick('新增', '变更甲科技有限公司')).toEqual([[null, null, null, '首次摸排', 'test']]);
  expect(pick('撤销', '变更乙协会')).toEqual([['经营状态', '正常', '注销', '11月核查', 'test']]);
  expect(pick('变更', '变更甲科技有限公司')).toEqual([['职工人数', 10, 60, '11月核查', 'test']]);
  expect(lines.find((l) => l[1] === '变更丁商贸')![9]).toBe('2026-11-22 10:00');
  // Region scoping: the other district's org is not in 历城's sheet, and is in its own.
  expect(lines.some((l) => l[1] === '外区丙公司')).toBe(false);
  expect(result.changes).toEqual({ lines: lines.length, omitted: 0 });
  const other = values((await workbook('370102', null)).wb.getWorksheet('变更说明')!, 3);
  expect(other.map((l) => [l[0], l[1], l[4]])).toEqual([
    ['新增', '外区丙公司', null],
    ['变更', '外区丙公司', '职工人数'],
  ]);
});

test('since the last export of the region: only later changes, a chat edit with its reason', async () => {
  const [ding] = await t.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.name, '变更丁商贸'));
  await writeAudit(t.db, { actorLabel: 'cli', action: 'export', entity: 'ledger', entityId: '370112', after: { rows: 3 }, at: new Date('2026-11-23T02:00:00Z') });
  await writeAudit(t.db, { actorLabel: 'cli', action: 'export', entity: 'ledger', entityId: '370102', after: { rows: 1 }, at: new Date('2026-11-24T02:00:00Z') });
  await writeAudit(t.db, { actorLabel: 'ou_officer', action: 'update', entity: 'org', entityId: ding!.id, before: { principalName: null }, after: { principalName: '王五' }, reason: '负责人核实', at: new Date('2026-11-25T02:00:00Z') });
  // A plan edit touches no ledger field: no line.
  await writeAudit(t.db, { actorLabel: 'ou_officer', action: 'update', entity: 'org', entityId: ding!.id, after: { measures: '发展党员', dueOn: '2026-12-31' }, reason: 'plan', at: new Date('2026-11-25T03:00:00Z') });
  const since = await previousExportAt(t.db, '370112', new Date('2026-11-26T00:00:00Z'));
  expect(since).toEqual(new Date('2026-11-23T02:00:00Z'));
  expect(await previousExportAt(t.db, '370112', new Date('2026-11-23T01:00:00Z'))).toBeNull();
  const c = (await workbook('370112', since)).wb.getWorksheet('变更说明')!;
  expect(c.getRow(1).getCell(1).value).toBe('变更说明（2026-11-23 10:00 以来）');
  expect(values(c, 3)).toEqual([['变更', '变更丁商贸', null, '370112020', '出资人（负责人）', null, '王五', '负责人核实', 'ou_officer', '2026-11-25 10:00']]);
  const none = (await workbook('370112', new Date('2026-11-30T00:00:00Z'))).wb.getWorksheet('变更说明')!;
  expect(values(none, 3)).toEqual([['本期无变更']]);
});

test('a capped sheet ends with a count line of the audit rows left out', async () => {
  const { bytes, result } = await xlsxBytes(async (out) => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
    const r = await writeChangeSheet(wb, t.db, '370112', null, 2);
    await wb.commit();
    return r;
  });
  expect(result.lines).toBe(2);
  expect(result.omitted).toBeGreaterThan(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const lines = values(wb.getWorksheet('变更说明')!, 3);
  expect(lines).toHaveLength(3);
  expect(lines[2]![0]).toBe(`另有 ${result.omitted} 条变更记录未列出（本表最多 2 行）`);
});

test('the whole workbook imports again unchanged: the importer reads the ledger sheet only', async () => {
  const { bytes, result } = await workbook('370112', null);
  expect(result.count).toBe(3);
  const again = await importBytes(t.db, bytes, 'xlsx');
  expect(again.result).toMatchObject({ rows: 3, imported: 0, updated: 0, unchanged: 3, rejected: 0 });
});
