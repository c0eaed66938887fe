/**
 * How much of an uploaded table the bot will read (issue 18 item 7): a 2 MB zip bomb once took
 * the process to 790 MB, and a 3,000,000-row sheet was read to the end. Every bound is checked
 * before anything is inflated (the zip's directory, zip-inspect.ts) or while reading (rows and
 * cells, table-reader.ts), and a file past one is refused whole with a TableLimitError.
 */

export interface TableLimits {
  /** All entries of the zip together, once inflated. */
  maxUnpackedBytes: number;
  /** xl/sharedStrings.xml once inflated: exceljs keeps every shared string in memory. */
  maxSharedStringsBytes: number;
  /** Inflated ÷ compressed, for entries over 1 MiB: XML compresses about 10×, a bomb 1000×. */
  maxRatio: number;
  maxEntries: number;
  /**
   * Data rows: rows below the header (by row number: a sheet may skip rows), so the header and a
   * title row above it are not counted and a bound of 100,000 takes 100,000 orgs. The .xlsx
   * format's own ceiling at most.
   */
  maxRows: number;
  /** Characters in one cell: Excel's own limit is 32,767. */
  maxCellChars: number;
}

/** The format's own limits: what Excel itself can write. The CLI reads up to these. */
export const XLSX_MAX_ROWS = 1_048_576;
export const XLSX_MAX_CELL_CHARS = 32_767;

export const FILE_LIMITS: TableLimits = {
  maxUnpackedBytes: 1024 * 1024 * 1024,
  maxSharedStringsBytes: 256 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 10_000,
  // A sheet holds XLSX_MAX_ROWS rows, one of them the header.
  maxRows: XLSX_MAX_ROWS - 1,
  maxCellChars: XLSX_MAX_CELL_CHARS,
};

export type TableLimitCode = 'unpacked' | 'shared_strings' | 'ratio' | 'entries' | 'rows' | 'cell';

/** Not a file of the format its name says (chat shows ledger.limit.broken_zip for it). */
export class TableFormatError extends Error {}

/** A file past a bound: `code` picks the prompt (ledger.limit.*), `params` fill it. */
export class TableLimitError extends Error {
  constructor(
    readonly code: TableLimitCode,
    readonly params: Record<string, number> = {},
  ) {
    super(`table limit: ${code} ${JSON.stringify(params)}`);
    this.name = 'TableLimitError';
  }
}

export const MiB = 1024 * 1024;
