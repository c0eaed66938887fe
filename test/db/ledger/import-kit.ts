import { fixedClock } from '../../../src/clock.ts';
import type { Db } from '../../../src/db/database.ts';
import { importLedger, type ImportResult } from '../../../src/ledger/ledger-import.ts';
import { ledgerPrompts } from '../../../src/ledger/ledger-prompts.ts';
import { memorySink } from '../../../src/ledger/line-sinks.ts';
import { readTable } from '../../../src/ledger/table-reader.ts';
import { bytes, ledgerCsv, type Row } from '../../ledger/support/ledger-fixtures.ts';

export const clock = fixedClock('2026-11-22T02:00:00Z');

export async function importRows(db: Db, rows: Row[], opts: { reason?: string; chunkSize?: number; regionAllowed?: (c: string) => boolean } = {}) {
  return importBytes(db, bytes(ledgerCsv(rows)), 'csv', opts);
}

export async function importBytes(db: Db, data: Uint8Array, format: 'csv' | 'xlsx', opts: { reason?: string; chunkSize?: number; regionAllowed?: (c: string) => boolean } = {}) {
  const rejected = memorySink();
  const warned = memorySink();
  const result: ImportResult = await importLedger({
    db,
    fileName: `test.${format}`,
    rows: readTable({ bytes: data }, format),
    reason: opts.reason,
    actor: { id: null, label: 'test' },
    clock,
    t: ledgerPrompts,
    chunkSize: opts.chunkSize,
    regionAllowed: opts.regionAllowed,
    rejected,
    warned,
  });
  return { result, rejected: rejected.lines, warned: warned.lines };
}
