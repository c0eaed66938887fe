/**
 * CSV as RFC 4180 writes it and Excel / WPS save it: fields in double quotes may hold commas,
 * line breaks and doubled quotes; lines end in CRLF or LF; a UTF-8 BOM may lead. Streaming, so a
 * 100,000-row file never sits in memory whole.
 */

import { stripControlChars } from '../domain/control-chars.ts';
import { TableLimitError } from './table-limits.ts';

export interface CsvRecord {
  /** 1-based record number (the header is record 1), what a spreadsheet shows as the row. */
  record: number;
  cells: string[];
}

/**
 * Parses text arriving in chunks of any size (a quote or CRLF may be split between chunks). A
 * field longer than `maxField` characters (an unclosed quote swallowing the file) throws.
 */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>, opts: { maxField?: number } = {}): AsyncGenerator<CsvRecord> {
  const maxField = opts.maxField ?? Infinity;
  let field = '';
  let row: string[] = [];
  let inQuotes = false;
  // A quote inside a quoted field: either the end of the field or the first of a doubled quote.
  let quotePending = false;
  let pendingCr = false;
  let first = true;
  let record = 0;
  let rowHasContent = false;

  const endRow = (): CsvRecord | null => {
    row.push(field);
    field = '';
    const cells = row;
    row = [];
    const had = rowHasContent || cells.length > 1;
    rowHasContent = false;
    record++;
    return had ? { record, cells } : null;
  };

  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      if (chunk.length > 0) first = false;
    }
    let out: CsvRecord[] | undefined;
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const c = chunk[i]!;
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') {
          i++;
          continue;
        }
      }
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (c === '"') {
            field += '"';
            i++;
            continue;
          }
          inQuotes = false;
          // fall through: c is handled as outside quotes
        } else if (c === '"') {
          quotePending = true;
          i++;
          continue;
        } else {
          // copy a run of ordinary characters at once
          let j = i;
          while (j < n && chunk[j] !== '"') j++;
          field += chunk.slice(i, j);
          i = j;
          continue;
        }
      }
      if (c === '"' && field === '') {
        inQuotes = true;
        rowHasContent = true;
        i++;
      } else if (c === ',') {
        row.push(field);
        field = '';
        rowHasContent = true;
        i++;
      } else if (c === '\n' || c === '\r') {
        const r = endRow();
        if (r) (out ??= []).push(r);
        pendingCr = c === '\r';
        i++;
      } else {
        let j = i;
        while (j < n) {
          const d = chunk[j];
          if (d === ',' || d === '\n' || d === '\r') break;
          j++;
        }
        field += chunk.slice(i, j);
        if (j > i) rowHasContent = true;
        i = j;
      }
    }
    if (field.length > maxField) throw new TableLimitError('cell', { row: record + 1, max: maxField });
    if (out) yield* out;
  }
  if (quotePending) {
    quotePending = false;
    inQuotes = false;
  }
  if (field !== '' || row.length > 0 || rowHasContent) {
    const r = endRow();
    if (r) yield r;
  }
}

/** One CSV line (no line end): quotes only where needed, doubled inside. */
export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells
    .map((v) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}

/**
 * A line for a report the bot writes for people to open (rejected.csv, warnings.csv): a text cell
 * starting with = + - @ tab or CR would run as a formula in Excel, so it gets a leading
 * apostrophe (OWASP "CSV Injection"), and control characters (a NUL that got the row rejected)
 * are dropped, so the report opens cleanly and the fixed row imports as is. Numbers we wrote
 * ourselves (row numbers) stay as they are. Not for data files meant to be re-imported: those
 * keep their cells verbatim (csvLine).
 */
export function reportCsvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return csvLine(
    cells.map((v) => {
      if (typeof v !== 'string') return v;
      const s = stripControlChars(v);
      return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    }),
  );
}
