/**
 * Imports a ledger file (rows from table-reader) in chunks: each chunk is validated, planned and
 * written in its own transaction, so a crash leaves whole chunks and never half a row, and a
 * re-run of the same file updates instead of duplicating. Rejected rows go to a writer as CSV
 * (row number, reason, then the row as given), ready to be fixed and imported again.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db, Tx } from '../db/database.ts';
import { failStaleImports, fetchChunkContext, finishImport, knownRegionCodes, recordImportProgress, startImport, writeChunk } from '../db/ledger/ledger-import-store.ts';
import { type Prompts, dynamicKey } from '../bot/prompts.ts';
import { shanghaiDate } from '../domain/shanghai-date.ts';
import { reportCsvLine } from './csv.ts';
import { mapHeader, validateLedgerRow, type HeaderMap, type LedgerRecord, type RowIssue } from './ledger-row.ts';
import { newImportMemory, planChunk } from './ledger-plan.ts';
import type { TableRow } from './table-reader.ts';

export interface ImportCounts {
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

export interface LineSink {
  write(line: string): void | Promise<void>;
}

export interface LedgerImportOptions {
  /** The outer database (chunks run as transactions) or a transaction (chunks run as savepoints). */
  db: Db | Tx;
  fileName: string;
  rows: AsyncIterable<TableRow>;
  reason?: string | null;
  actor: { id: string | null; label: string | null };
  clock: Clock;
  t: Prompts;
  chunkSize?: number;
  /** Rows whose region this returns false for are rejected (an officer imports only their own regions). */
  regionAllowed?(code: string): boolean;
  onProgress?(c: ImportCounts): void | Promise<void>;
  /** Rejected rows as CSV lines (header first); nothing is written when no row is rejected. */
  rejected?: LineSink;
  /** Rows imported with a warning, the same way. */
  warned?: LineSink;
}

export interface ImportResult extends ImportCounts {
  importId: string;
  /** The first few warnings and rejections as text, for a terminal or a card. */
  samples: { rejected: string[]; warnings: string[] };
}

/** The template's header was not found in the first rows, or misses columns. */
export class LedgerHeaderError extends Error {}

const HEADER_SEARCH_ROWS = 5;
const SAMPLE_MAX = 5;
/**
 * Rows each report file lists at most; the counts still cover every row. A 3,000,000-row file of
 * bad rows once wrote a 473 MB rejected.csv: a sample is what a person can fix from.
 */
export const REPORT_MAX_ROWS = 1000;

/**
 * How long a running import may go without committing a chunk before it is taken for dead. A
 * chunk of 1,000 rows commits in seconds; a job's statement may run 2 minutes (postgres-db.ts),
 * so 10 minutes of silence means the process that owned it is gone.
 */
export const IMPORT_LEASE_MS = 10 * 60 * 1000;

/** Imports running in this process: never taken for dead, however slow their chunk. */
const liveImports = new Set<string>();

/**
 * At boot and on every tick: an import whose process was killed or crashed stays `running`
 * forever otherwise. It is marked failed with the counts of the chunks it committed.
 */
export async function failAbandonedImports(db: Db, now: Date): Promise<string[]> {
  return failStaleImports(db, { now, leaseMs: IMPORT_LEASE_MS, isLive: (id) => liveImports.has(id) });
}

export function issueText(t: Prompts, issues: RowIssue[]): string {
  return issues.map((i) => t(dynamicKey(`ledger.issue.${i.code}`), i.params ?? {})).join('；');
}

/**
 * Lazily writes a CSV header before the first line, so empty reports leave no file behind; lists
 * the first REPORT_MAX_ROWS rows only.
 */
function reportWriter(sink: LineSink | undefined, t: Prompts) {
  let header: string[] = [];
  let started = false;
  let rows = 0;
  return {
    setHeader(h: string[]) {
      header = h;
    },
    async add(rowNumber: number, reason: string, cells: string[]) {
      if (!sink || rows >= REPORT_MAX_ROWS) return;
      rows++;
      if (!started) {
        started = true;
        await sink.write(reportCsvLine([t('ledger.report.row'), t('ledger.report.reason'), ...header]));
      }
      await sink.write(reportCsvLine([rowNumber, reason, ...cells]));
    },
  };
}

export async function importLedger(o: LedgerImportOptions): Promise<ImportResult> {
  const chunkSize = o.chunkSize ?? 1000;
  // Region codes are looked up a chunk at a time and remembered for the rest of the file.
  const regionKnown = new Map<string, boolean>();
  const ctx = { regionExists: (c: string) => regionKnown.get(c) === true, regionAllowed: o.regionAllowed };
  const counts: ImportCounts = { rows: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0 };
  const samples = { rejected: [] as string[], warnings: [] as string[] };
  const rejectOut = reportWriter(o.rejected, o.t);
  const warnOut = reportWriter(o.warned, o.t);
  const memory = newImportMemory();
  const reason = o.reason?.trim() || o.t('ledger.import.default_reason', { file: o.fileName });
  const importId = await startImport(o.db, { fileName: o.fileName, reason: o.reason ?? null, actorId: o.actor.id, actorLabel: o.actor.label, at: o.clock.now() });

  const cellsByRow = new Map<number, string[]>();
  let raw: TableRow[] = [];
  let pending: LedgerRecord[] = [];
  let pendingWarnings: Array<{ rowNumber: number; issues: RowIssue[] }> = [];
  let header: HeaderMap | null = null;

  const reject = async (rowNumber: number, issues: RowIssue[], cells: string[]) => {
    counts.rejected++;
    const text = issueText(o.t, issues);
    if (samples.rejected.length < SAMPLE_MAX) samples.rejected.push(o.t('ledger.report.line', { row: rowNumber, reason: text }));
    await rejectOut.add(rowNumber, text, cells);
  };
  const warn = async (rowNumber: number, issues: RowIssue[], cells: string[]) => {
    counts.warnings++;
    const text = issueText(o.t, issues);
    if (samples.warnings.length < SAMPLE_MAX) samples.warnings.push(o.t('ledger.report.line', { row: rowNumber, reason: text }));
    await warnOut.add(rowNumber, text, cells);
  };

  /** Validates the buffered rows (after one look-up of their region codes), then writes them. */
  const validate = async () => {
    const rows = raw;
    raw = [];
    const cells = rows.map((r) => (r.cells[header!['区划代码']] ?? '').replace(/\s/g, ''));
    const unknown = [...new Set(cells.flatMap((c) => [c, c.length === 12 ? c.slice(0, 9) : c]))].filter((c) => /^\d+$/.test(c) && !regionKnown.has(c));
    const known = await knownRegionCodes(o.db, unknown);
    for (const c of unknown) regionKnown.set(c, known.has(c));
    for (const row of rows) {
      const v = validateLedgerRow(row.rowNumber, row.cells, header!, ctx);
      if (!v.ok) {
        await reject(row.rowNumber, v.issues, row.cells);
        continue;
      }
      cellsByRow.set(row.rowNumber, row.cells);
      pending.push(v.record);
      if (v.warnings.length) pendingWarnings.push({ rowNumber: row.rowNumber, issues: v.warnings });
    }
  };

  const flush = async () => {
    await validate();
    if (pending.length === 0) {
      await recordImportProgress(o.db, importId, withoutRows(counts), o.clock.now());
      await o.onProgress?.({ ...counts });
      return;
    }
    const records = pending;
    const warnings = pendingWarnings;
    pending = [];
    pendingWarnings = [];
    const at = o.clock.now();
    const { plan, warned } = await o.db.transaction(async (tx) => {
      const chunkCtx = await fetchChunkContext(tx, records);
      const p = planChunk(records, chunkCtx, memory, randomUUID, o.regionAllowed);
      await writeChunk(tx, p, { importId, reason, actorId: o.actor.id, actorLabel: o.actor.label, at, today: shanghaiDate(at) });
      const rejectedRows = new Set(p.rejected.map((r) => r.rowNumber));
      const warnByRow = new Map(warnings.map((w) => [w.rowNumber, [...w.issues]]));
      for (const w of p.warnings) warnByRow.set(w.rowNumber, [...(warnByRow.get(w.rowNumber) ?? []), w.issue]);
      const w = [...warnByRow].filter(([rowNumber]) => !rejectedRows.has(rowNumber)).sort((a, b) => a[0] - b[0]);
      // The row's counts move with the chunk's own commit: a crash leaves them true.
      const added = p.orgs.filter((x) => x.isNew).length;
      await recordImportProgress(
        tx,
        importId,
        {
          imported: counts.imported + added,
          updated: counts.updated + p.orgs.length - added,
          unchanged: counts.unchanged + p.unchanged,
          rejected: counts.rejected + p.rejected.length,
          warnings: counts.warnings + w.length,
        },
        at,
      );
      return { plan: p, warned: w };
    });
    for (const r of plan.rejected) await reject(r.rowNumber, r.issues, cellsByRow.get(r.rowNumber) ?? []);
    for (const [rowNumber, issues] of warned) await warn(rowNumber, issues, cellsByRow.get(rowNumber) ?? []);
    for (const p of plan.orgs) (p.isNew ? counts.imported++ : counts.updated++);
    counts.unchanged += plan.unchanged;
    cellsByRow.clear();
    await o.onProgress?.({ ...counts });
  };

  let seen = 0;
  liveImports.add(importId);
  try {
    for await (const row of o.rows) {
      if (!header) {
        seen++;
        const m = mapHeader(row.cells);
        if ('map' in m) {
          header = m.map;
          rejectOut.setHeader(row.cells);
          warnOut.setHeader(row.cells);
          continue;
        }
        if (seen >= HEADER_SEARCH_ROWS || row.cells.filter(Boolean).length >= 10) {
          throw new LedgerHeaderError(o.t('ledger.import.missing_columns', { columns: m.missing.join('、') }));
        }
        continue;
      }
      counts.rows++;
      raw.push(row);
      if (raw.length >= chunkSize) await flush();
    }
    if (!header) throw new LedgerHeaderError(o.t('ledger.import.no_header'));
    await flush();
    await finishImport(o.db, importId, { status: 'done', ...withoutRows(counts), at: o.clock.now() });
  } catch (e) {
    await finishImport(o.db, importId, { status: 'failed', ...withoutRows(counts), at: o.clock.now() }).catch(() => {});
    throw e;
  } finally {
    liveImports.delete(importId);
  }
  return { importId, ...counts, samples };
}

function withoutRows(c: ImportCounts) {
  const { rows: _rows, ...rest } = c;
  return rest;
}
