import { expect, test } from 'vitest';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { readTable, tableFormatOf } from '../../src/ledger/table-reader.ts';

async function xlsx(rows: unknown[][], useSharedStrings: boolean): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings });
  const ws = wb.addWorksheet('台账');
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

async function read(bytes: Uint8Array, format: 'xlsx' | 'csv') {
  const out: Array<{ rowNumber: number; cells: string[] }> = [];
  for await (const r of readTable({ bytes }, format)) out.push(r);
  return out;
}

test.each([true, false])('Chinese text split across compressed chunks reads back intact (shared strings: %s)', async (shared) => {
  const rows = Array.from({ length: 6000 }, (_, i) => [`济南市历城区唐王街道第${i}号两新组织（有限公司）`, '正常', i, `中共某某联合党支部${i % 97}`]);
  const got = await read(await xlsx([['组织名称', '经营状态', '职工人数', '党组织名称'], ...rows], shared), 'xlsx');
  expect(got).toHaveLength(6001);
  expect(got.some((r) => r.cells.some((c) => c.includes('\uFFFD')))).toBe(false);
  expect(got[4000]).toEqual({ rowNumber: 4001, cells: rows[3999]!.map(String) });
});

test('cell types come back as the text a person sees; empty rows are skipped', async () => {
  const got = await read(await xlsx([['a', 'b', 'c', 'd'], [370112020, 12.5, true, { richText: [{ text: '富' }, { text: '文本' }] }], [], ['x']], true), 'xlsx');
  expect(got).toEqual([
    { rowNumber: 1, cells: ['a', 'b', 'c', 'd'] },
    { rowNumber: 2, cells: ['370112020', '12.5', '是', '富文本'] },
    { rowNumber: 4, cells: ['x'] },
  ]);
});

test('csv with a BOM, GBK-free UTF-8 and quotes', async () => {
  const got = await read(new TextEncoder().encode('\uFEFF名称,备注\r\n"甲,乙",丙\r\n'), 'csv');
  expect(got).toEqual([
    { rowNumber: 1, cells: ['名称', '备注'] },
    { rowNumber: 2, cells: ['甲,乙', '丙'] },
  ]);
});

test('formats by file name; .xls is not read', () => {
  expect(tableFormatOf('台账.XLSX')).toBe('xlsx');
  expect(tableFormatOf('a.csv')).toBe('csv');
  expect(tableFormatOf('old.xls')).toBe(null);
});

test('a file that is not a workbook is a format error', async () => {
  await expect(read(new TextEncoder().encode('not a zip'), 'xlsx')).rejects.toThrow(/not a readable .xlsx/);
});
