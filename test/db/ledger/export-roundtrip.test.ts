import { afterAll, beforeAll, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { exportRows, ledgerXlsxBytes } from '../../../src/ledger/ledger-export.ts';
import { LEDGER_EXPORT_COLUMNS } from '../../../src/ledger/ledger-template.ts';
import { bytes as utf8, creditCode, ledgerCsv, row } from '../../ledger/support/ledger-fixtures.ts';
import { importBytes, importRows } from './import-kit.ts';

let t: TestDatabase;
const rows = [
  row({ 组织名称: '导出甲（济南）科技有限公司', 统一社会信用代码: creditCode(501), 细分类型: '互联网', 职工人数: 120, '年营业收入（万元）': '3000.5', 正式党员数: 5, 预备党员数: 1, 未转组织关系党员数: 2, 党组织名称: '中共导出甲支部委员会', 组建方式: '单独组建', 党组织类型: '党支部', 群团组织: '工会、共青团、妇联', 党建工作指导员手机号: '13800138000', '出资人（负责人）': '张三', 出资人是否党员: '是' }),
  row({ 组织名称: '导出乙商贸', 区划代码: '370112011', 正式党员数: 1, 党组织名称: '导出联合支部', 组建方式: '联合组建', 党组织类型: '联合党支部', 出资人是否党员: '否' }),
  row({ 组织名称: '导出丙物流', 统一社会信用代码: '91350211M00013FA1N', 区划代码: '370112', 正式党员数: 1, 党组织名称: '导出联合支部', 组建方式: '联合组建', 党组织类型: '联合党支部' }),
  row({ 组织名称: '导出丁协会', 组织类别: '社会组织', 细分类型: '行业协会商会', 经营状态: '停业', 职工人数: 0, 未建党组织原因: '暂无党员，"正在"培养, 积极分子' }),
  row({ 组织名称: '外区戊公司', 区划代码: '370102001' }),
];

// 登记机关级别 and 业务主管单位 are optional columns: one file has them, the others do not.
const society = row({ 组织名称: '导出己学会', 组织类别: '社会组织', 细分类型: '社会团体', 职工人数: 3, 登记机关级别: '市级', 业务主管单位: '济南市科学技术协会' });

beforeAll(async () => {
  t = await createTestDb();
  expect((await importRows(t.db, rows)).result.imported).toBe(5);
  expect((await importBytes(t.db, utf8(ledgerCsv([society], { columns: LEDGER_EXPORT_COLUMNS })), 'csv')).result.imported).toBe(1);
}, 60_000);
afterAll(async () => {
  await t.drop();
});

test('an export of a region can be imported again unchanged', async () => {
  const { bytes, count } = await ledgerXlsxBytes(exportRows(t.db, '370112'));
  expect(count).toBe(5);
  const again = await importBytes(t.db, bytes, 'xlsx');
  expect(again.result).toMatchObject({ rows: 5, imported: 0, updated: 0, unchanged: 5, rejected: 0 });
});

test('the workbook has the template columns in order, a bold header and drop-down lists', async () => {
  const { bytes } = await ledgerXlsxBytes(exportRows(t.db, '370112020'));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  expect(header).toEqual([...LEDGER_EXPORT_COLUMNS]);
  expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
  const dv = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
  const listAt = (cell: string) => (dv[cell]?.type === 'list' ? dv[cell]!.formulae[0] : undefined);
  expect(listAt('C2')).toBe('"非公企业,社会组织"');
  expect(listAt('F3')).toBe('"正常,停业,破产,注销,空壳"');
  expect(listAt('M2')).toBe('"单独组建,联合组建,未建"');
  expect(listAt('N2')).toBe('"党委,党总支,党支部,联合党支部,功能型党支部"');
  expect(listAt('R500')).toBe('"是,否"');
  expect(listAt('T2')).toBe('"全国,省级,市级,县级"');
  expect(listAt('A2')).toBeUndefined();
  const jia = ws.getRows(2, ws.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1)).find((v) => v[0] === '导出甲（济南）科技有限公司')!;
  expect(jia.slice(0, 9)).toEqual(['导出甲（济南）科技有限公司', creditCode(501), '非公企业', '互联网', '370112020', '正常', 120, 3000.5, 5]);
  const ji = ws.getRows(2, ws.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1)).find((v) => v[0] === '导出己学会')!;
  expect(ji.slice(19, 21)).toEqual(['市级', '济南市科学技术协会']);
});

test('csv exports of the same rows read back the same (quotes and commas in cells)', async () => {
  const { csvLine } = await import('../../../src/ledger/csv.ts');
  const { ledgerCells } = await import('../../../src/ledger/ledger-export.ts');
  const lines = [csvLine([...LEDGER_EXPORT_COLUMNS])];
  for await (const r of exportRows(t.db, '370112')) lines.push(csvLine(ledgerCells(r)));
  const again = await importBytes(t.db, new TextEncoder().encode(lines.join('\r\n')), 'csv');
  expect(again.result).toMatchObject({ unchanged: 5, updated: 0, rejected: 0 });
});
