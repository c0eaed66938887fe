import { expect, test } from 'vitest';
import { PassThrough } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { FILE_LIMITS, MiB, TableFormatError, TableLimitError, type TableLimits } from '../../src/ledger/table-limits.ts';
import { readTable } from '../../src/ledger/table-reader.ts';
import { CHAT_LIMITS } from '../../src/ledger/chat/import-job.ts';
import { isLedgerHeader } from '../../src/ledger/ledger-row.ts';
import { LEDGER_COLUMNS } from '../../src/ledger/ledger-template.ts';
import { craftZip, deflated } from './support/zip-craft.ts';

/**
 * Issue 18 item 7: hostile files are refused before they are inflated (the zip's directory and
 * each entry's real size) or as soon as a row or a cell passes its bound while reading.
 */
async function drain(bytes: Uint8Array, format: 'xlsx' | 'csv', limits?: TableLimits, isHeader?: (cells: string[]) => boolean): Promise<number> {
  let n = 0;
  for await (const _ of readTable({ bytes }, format, limits, isHeader ? { isHeader } : {})) n++;
  return n;
}

async function workbook(fill: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const ws = wb.addWorksheet('台账');
  fill(ws as unknown as ExcelJS.Worksheet);
  ws.commit();
  await wb.commit();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

test('a zip bomb (1.3 GB of zeros in a 1.3 MB file) is refused from its directory, before anything is inflated', async () => {
  // One 32 MiB run of zeros deflated once (~32 KB), stored as 40 sheets: 1.28 GiB once unpacked.
  const zeros = deflateRawSync(Buffer.alloc(32 * MiB));
  const bomb = craftZip(Array.from({ length: 40 }, (_, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: zeros, size: 32 * MiB })));
  expect(bomb.length).toBeLessThan(2 * MiB);
  const rss = process.memoryUsage().rss;
  const e = await refusal(drain(bomb, 'xlsx'));
  expect(e).toBeInstanceOf(TableLimitError);
  expect(e).toMatchObject({ code: 'unpacked', params: { mb: 1024 } });
  expect(process.memoryUsage().rss - rss).toBeLessThan(100 * MiB);
});

test('one entry that inflates a thousandfold is refused by its ratio', async () => {
  const zeros = deflateRawSync(Buffer.alloc(32 * MiB));
  const e = await refusal(drain(craftZip([{ name: 'xl/worksheets/sheet1.xml', data: zeros, size: 32 * MiB }]), 'xlsx'));
  expect(e).toMatchObject({ code: 'ratio', params: { max: 200 } });
});

test('a directory that understates an entry is caught while inflating, at the declared size', async () => {
  const zeros = deflateRawSync(Buffer.alloc(32 * MiB));
  const e = await refusal(drain(craftZip([{ name: 'xl/worksheets/sheet1.xml', data: zeros, size: 1000 }]), 'xlsx'));
  expect(e).toBeInstanceOf(TableFormatError);
  expect(String(e)).toMatch(/larger than its zip directory says/);
});

test('an entry hidden from the directory (a streaming reader would still parse it) is refused', async () => {
  const zip = craftZip([deflated('[Content_Types].xml', '<Types/>'), { ...deflated('xl/worksheets/sheet1.xml', '<worksheet/>'), hidden: true }]);
  await expect(drain(zip, 'xlsx')).rejects.toBeInstanceOf(TableFormatError);
});

test('shared strings past their bound are refused before they are cached', async () => {
  const big = '<sst>' + '<si><t>很长的文字</t></si>'.repeat(200_000) + '</sst>';
  const zip = craftZip([deflated('xl/sharedStrings.xml', big)]);
  const limits = { ...FILE_LIMITS, maxSharedStringsBytes: 1 * MiB };
  await expect(drain(zip, 'xlsx', limits)).rejects.toMatchObject({ code: 'shared_strings', params: { mb: 1 } });
});

test('a sheet with a row numbered past the format limit (1,048,576 rows, one of them the header) stops there', async () => {
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
    <row r="1">${cell('A1', '组织名称')}</row><row r="2">${cell('A2', '甲公司')}</row><row r="3000000">${cell('A3000000', '越界的行')}</row>
    </sheetData></worksheet>`;
  const zip = craftZip([deflated('xl/worksheets/sheet1.xml', sheet)]);
  const seen: number[] = [];
  const e = await refusal((async () => {
    for await (const r of readTable({ bytes: zip }, 'xlsx')) seen.push(r.rowNumber);
  })());
  expect(seen).toEqual([1, 2]);
  expect(e).toMatchObject({ code: 'rows', params: { max: 1_048_575 } });
});

test('rows past a caller’s own limit (a chat upload’s) stop the reading, in .xlsx and .csv', async () => {
  const limits = { ...FILE_LIMITS, maxRows: 100 };
  const bytes = await workbook((ws) => {
    for (let i = 0; i < 150; i++) ws.addRow([`组织${i}`, '正常']).commit();
  });
  await expect(drain(bytes, 'xlsx', limits)).rejects.toMatchObject({ code: 'rows', params: { max: 100 } });
  const csv = new TextEncoder().encode(Array.from({ length: 150 }, (_, i) => `组织${i},正常`).join('\n'));
  await expect(drain(csv, 'csv', limits)).rejects.toMatchObject({ code: 'rows', params: { max: 100 } });
  expect(await drain(csv.slice(0, csv.indexOf(0x0a, 0) + 1), 'csv', limits)).toBe(1);
});

test('a cell longer than Excel allows (32,767 characters) is refused, and so is an unclosed quote swallowing a .csv', async () => {
  const bytes = await workbook((ws) => {
    ws.addRow(['组织名称']).commit();
    ws.addRow(['长'.repeat(40_000)]).commit();
  });
  await expect(drain(bytes, 'xlsx')).rejects.toMatchObject({ code: 'cell', params: { row: 2, max: 32_767 } });
  const csv = new TextEncoder().encode('组织名称\n"' + 'x'.repeat(2_000_000));
  await expect(drain(csv, 'csv')).rejects.toMatchObject({ code: 'cell', params: { max: 32_767 } });
});

test('an ordinary workbook passes every check', async () => {
  const bytes = await workbook((ws) => {
    for (let i = 0; i < 2000; i++) ws.addRow([`济南第${i}有限公司`, '正常', i]).commit();
  });
  expect(await drain(bytes, 'xlsx')).toBe(2000);
});

/** The ledger's header, then `data` rows, after `above` rows (a title row); as .csv text. */
function ledgerText(data: number, above: string[] = []): string {
  const lines = [...above, LEDGER_COLUMNS.join(',')];
  for (let i = 0; i < data; i++) lines.push(`行${i},91370112MA00000000,非公企业`);
  return lines.join('\n') + '\n';
}

test('the row bound counts data rows: exactly the bound is taken and one more is refused, in .xlsx and .csv', async () => {
  const limits = { ...FILE_LIMITS, maxRows: 100 };
  const csv = (n: number) => new TextEncoder().encode(ledgerText(n));
  const xlsx = (n: number) => workbook((ws) => {
    ws.addRow([...LEDGER_COLUMNS]).commit();
    for (let i = 0; i < n; i++) ws.addRow([`组织${i}`, '91370112MA00000000', '非公企业']).commit();
  });
  // The header and 100 data rows: 101 rows given back, none refused.
  expect(await drain(csv(100), 'csv', limits)).toBe(101);
  expect(await drain(await xlsx(100), 'xlsx', limits)).toBe(101);
  await expect(drain(csv(101), 'csv', limits)).rejects.toMatchObject({ code: 'rows', params: { max: 100 } });
  await expect(drain(await xlsx(101), 'xlsx', limits)).rejects.toMatchObject({ code: 'rows', params: { max: 100 } });
});

test('a title row above the ledger header does not eat into the bound when the header test is given; without it, it does', async () => {
  const limits = { ...FILE_LIMITS, maxRows: 100 };
  const titled = (n: number) => new TextEncoder().encode(ledgerText(n, ['历城区非公企业和社会组织党建工作台账', '']));
  expect(await drain(titled(100), 'csv', limits, isLedgerHeader)).toBe(102);
  await expect(drain(titled(101), 'csv', limits, isLedgerHeader)).rejects.toMatchObject({ code: 'rows', params: { max: 100 } });
  // The default takes the first row given back (the title) for the header: the real header counts.
  await expect(drain(titled(100), 'csv', limits)).rejects.toMatchObject({ code: 'rows', params: { max: 100 } });
  // A sheet that never shows the header is still bounded, every row counted.
  const headless = new TextEncoder().encode(Array.from({ length: 101 }, (_, i) => `行${i},x`).join('\n'));
  await expect(drain(headless, 'csv', limits, isLedgerHeader)).rejects.toMatchObject({ code: 'rows', params: { max: 100 } });
});

test('CHAT_LIMITS takes 100,000 orgs below a title row and the header, and refuses 100,001', async () => {
  expect(CHAT_LIMITS.maxRows).toBe(100_000);
  const text = ledgerText(100_000, ['台账']);
  expect(await drain(new TextEncoder().encode(text), 'csv', CHAT_LIMITS, isLedgerHeader)).toBe(100_002);
  const more = new TextEncoder().encode(text + '行100000,91370112MA00000000,非公企业\n');
  await expect(drain(more, 'csv', CHAT_LIMITS, isLedgerHeader)).rejects.toMatchObject({ code: 'rows', params: { max: 100_000 } });
});
