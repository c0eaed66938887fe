/**
 * exceljs 4.4.0's streaming reader decodes every compressed chunk of a sheet on its own, so a
 * Chinese character split between two chunks comes out as "��" (exceljs issues #2063, #2084,
 * #2316; the fixes #1665/#2081 were never merged, and 4.4.0 is the last release). Seen here on
 * real exports: 1 row in ~1,300 had a broken 经营状态 and was rejected.
 *
 * The fix decodes the same bytes with a StringDecoder, which carries a split character over to
 * the next chunk. It wraps the two reader methods that receive the raw entries (shared strings and
 * worksheets); exceljs's sax step passes strings through untouched. Installed once, on import.
 */
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';

type Chunks = AsyncIterable<Buffer | string>;

async function* utf8(chunks: Chunks): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const c of chunks) {
    const s = typeof c === 'string' ? c : decoder.write(c);
    if (s) yield s;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

interface ReaderInternals {
  _parseWorksheet(iterator: Chunks, sheetNo: string): unknown;
  _parseSharedStrings(entry: { setEncoding?(e: string): void }): unknown;
  __utf8Fixed?: boolean;
}

// The browser build (what a Worker bundles) has no streaming classes: nothing to patch there.
const proto = (ExcelJS as { stream?: { xlsx?: { WorkbookReader?: { prototype: unknown } } } }).stream?.xlsx?.WorkbookReader
  ?.prototype as ReaderInternals | undefined;
if (proto && !proto.__utf8Fixed && typeof proto._parseWorksheet === 'function' && typeof proto._parseSharedStrings === 'function') {
  const parseWorksheet = proto._parseWorksheet;
  const parseSharedStrings = proto._parseSharedStrings;
  proto._parseWorksheet = function (iterator, sheetNo) {
    return parseWorksheet.call(this, utf8(iterator), sheetNo);
  };
  proto._parseSharedStrings = function (entry) {
    // The entry is a Node stream: setEncoding makes its 'data' strings, decoded across chunks.
    entry.setEncoding?.('utf8');
    return parseSharedStrings.call(this, entry);
  };
  proto.__utf8Fixed = true;
}

export const exceljsUtf8Fixed = proto?.__utf8Fixed === true;
