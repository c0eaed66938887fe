/**
 * Rows of an uploaded .xlsx or .csv as strings, streamed: exceljs's WorkbookReader for .xlsx
 * (it reads the zip entry by entry, so a 100,000-row sheet stays well under 200 MB), our own
 * RFC 4180 parser for .csv. The first row given back is the header, unless the caller says which
 * of the first rows is (a file may open with a title row above the header).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { parseCsv } from './csv.ts';
import './exceljs-utf8-fix.ts';
import { FILE_LIMITS, TableFormatError, TableLimitError, type TableLimits } from './table-limits.ts';
import { inspectXlsx } from './zip-inspect.ts';

export interface TableRow {
  /** The row number a spreadsheet shows (header = 1). */
  rowNumber: number;
  cells: string[];
}

export type TableFormat = 'xlsx' | 'csv';

export { TableFormatError } from './table-limits.ts';

/** The format by file name; .xls (the old binary format) and others are refused with a reason. */
export function tableFormatOf(fileName: string): TableFormat | null {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'csv') return 'csv';
  return null;
}

type Source = { path: string } | { bytes: Uint8Array };

function byteStream(src: Source): Readable {
  return 'path' in src ? createReadStream(src.path, { highWaterMark: 256 * 1024 }) : Readable.from([Buffer.from(src.bytes)]);
}

/** A cell value as the text a person sees; numbers keep their digits (no 3.7e8 for a region code). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((r) => r.text).join('').trim();
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return '';
  }
  return String(v).trim();
}

export interface ReadOptions {
  /**
   * Which row is the header (the importers' own header test), so that `maxRows` counts the data
   * rows below it: a title row above the header, or blank rows, do not eat into the bound.
   * Without it the first row given back is the header.
   */
  isHeader?: (cells: string[]) => boolean;
}

/**
 * Refuses a row past the limit or a cell past its length. Rows are counted by their numbers (a
 * sheet may skip rows), from the header's: the header and anything above it are not data. Until
 * the header is found every row counts, so a file without one is still bounded.
 */
function rowCheck(limits: TableLimits, o: ReadOptions): (row: TableRow) => TableRow {
  let headerAt = 0;
  return (row) => {
    if (headerAt === 0 && (o.isHeader ? o.isHeader(row.cells) : true)) headerAt = row.rowNumber;
    else if (row.rowNumber - headerAt > limits.maxRows) throw new TableLimitError('rows', { max: limits.maxRows });
    for (const c of row.cells) if (c.length > limits.maxCellChars) throw new TableLimitError('cell', { row: row.rowNumber, max: limits.maxCellChars });
    return row;
  };
}

async function* xlsxRows(src: Source, limits: TableLimits, o: ReadOptions): AsyncGenerator<TableRow> {
  const checked = rowCheck(limits, o);
  // Before anything is inflated: the zip's directory, and each entry's real size.
  await inspectXlsx(src, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(byteStream(src), {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  // exceljs 4.4.0 parses a worksheet at once when the shared strings and the workbook's rels came
  // before it, and then reads `this.model.sheets` although xl/workbook.xml (which sets the model)
  // may come later in the zip — a TypeError ("reading 'sheets'"). Its own streaming writer can
  // write that order when a workbook has several sheets (our export with 附表 and 变更说明). An empty
  // model until workbook.xml is read: the sheet is then emitted without its name, in zip order.
  const internals = reader as unknown as { model?: { sheets?: unknown[] } };
  internals.model ??= { sheets: [] };
  try {
    // Only the first worksheet is the ledger; later sheets (notes, drop-down sources) are ignored.
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (cells.some((c) => c !== '')) yield checked({ rowNumber: row.number, cells });
      }
      break;
    }
  } catch (e) {
    if (e instanceof TableFormatError || e instanceof TableLimitError) throw e;
    throw new TableFormatError(`not a readable .xlsx file: ${(e as Error).message}`);
  }
}

async function* decoded(stream: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) yield decoder.write(chunk as Buffer);
  const rest = decoder.end();
  if (rest) yield rest;
}

async function* csvRows(src: Source, limits: TableLimits, o: ReadOptions): AsyncGenerator<TableRow> {
  const checked = rowCheck(limits, o);
  for await (const r of parseCsv(decoded(byteStream(src)), { maxField: limits.maxCellChars })) {
    const cells = r.cells.map((c) => c.trim());
    if (cells.some((c) => c !== '')) yield checked({ rowNumber: r.record, cells });
  }
}

/** Rows as strings; a file past the limits (FILE_LIMITS unless given) throws a TableLimitError. */
export function readTable(src: Source, format: TableFormat, limits: TableLimits = FILE_LIMITS, o: ReadOptions = {}): AsyncGenerator<TableRow> {
  return format === 'xlsx' ? xlsxRows(src, limits, o) : csvRows(src, limits, o);
}
