/**
 * 导出台账 as a durable job (kind 'ledger-export'): any region size. The rows are read a page at
 * a time straight into exceljs's streaming writer (no list of orgs in memory), and the file is
 * sent when it is ready, with a uuid made from the job id: a retry after a crash builds the same
 * file again and Feishu shows it once. The export's audit entry commits with the mark that the
 * file (or its last part) was sent, once per job: an attempt killed between two separate writes,
 * or one that lost its lease while building and raced the one that took over, would record the
 * export twice (and the next 变更说明 runs from the last export).
 *
 * A workbook over the messenger's upload bound (Messenger.maxFileBytes) would be refused however
 * often it is retried, so it is sent in parts that fit (export-parts.ts), after one message saying
 * how many; each part has its own uuid from the job id and its number, and the parts sent are
 * kept in the job's progress, so a retry sends only the rest and shows none twice. An export that
 * cannot fit is a PermanentJobError, and exportFailedNotice tells the person why.
 */
import type { Prompts } from '../../bot/prompts.ts';
import { noticeCard } from '../../cards/notice-card.ts';
import type { Db } from '../../db/database.ts';
import { markJobStep, type JobRow } from '../../db/jobs/job-store.ts';
import { writeAudit } from '../../db/stores/audit-store.ts';
import type { FinalFailure, JobContext, JobHandler } from '../../jobs/job-runner.ts';
import { MB, type Messenger } from '../../messenger/messenger.ts';
import { keepingLease } from '../../jobs/keep-lease.ts';
import { writeLedgerWorkbook, xlsxWithin } from '../ledger-export.ts';
import { buildPart, partsFor, planParts, type SplitPlan } from './export-parts.ts';

export const LEDGER_EXPORT_JOB = 'ledger-export';

export interface ExportJobPayload {
  openId: string;
  personId: string | null;
  regionCode: string;
  fileName: string;
  /**
   * Start of the 变更说明 (ISO instant), fixed when the export was asked for so a retry builds the
   * same file: the region's previous export by anyone (what was last reported up); null: all.
   */
  since?: string | null;
}

type Deps = { messenger: Messenger; t: Prompts };

/** 「历城区台账-2026-11-25（1／3）.xlsx」 */
function partName(t: Prompts, fileName: string, i: number, n: number): string {
  return t('ledger.export.part_name', { name: fileName.replace(/\.xlsx$/i, ''), i, n });
}

const mbOf = (bytes: number) => Math.floor(bytes / MB);

/** Sends the parts not sent yet (by the job's progress), the message saying how many first; each is built as it goes. */
async function sendParts(deps: Deps, ctx: JobContext, p: ExportJobPayload, plan: SplitPlan, build: (k: number) => Promise<Uint8Array>): Promise<void> {
  const { messenger, t } = deps;
  const n = plan.ranges.length;
  const to = { openId: p.openId };
  // A retry that had to split differently (the ledger changed meanwhile) starts over under new uuids.
  const sameSplit = ctx.job.progress.parts === n;
  if (!sameSplit || ctx.job.progress.partsNotice !== true) {
    const message = t('ledger.export.parts', { n, mb: mbOf(messenger.maxFileBytes) });
    await messenger.sendCard(to, noticeCard(t, 'ledger.export.parts_title', message, 'blue'), { uuid: `exp-${ctx.job.id}-${n}p` });
    await ctx.progress({ parts: n, partsNotice: true, partsSent: 0 });
  }
  const sent = sameSplit && typeof ctx.job.progress.partsSent === 'number' ? ctx.job.progress.partsSent : 0;
  for (let i = sent; i < n; i++) {
    const bytes = await build(i);
    await ctx.progress({});
    const { fileKey } = await messenger.uploadFile(bytes, partName(t, p.fileName, i + 1, n));
    // Feishu shows a part once under its uuid. DingTalk's file messages take no idempotency key
    // (only its template cards have an outTrackId), so a crash between this send and the mark
    // below shows that one part twice there; sending it again is the lesser harm than losing it.
    await messenger.sendFile(to, fileKey, { uuid: `exp-${ctx.job.id}-${i + 1}of${n}` });
    await ctx.progress({ partsSent: i + 1 });
  }
}

/**
 * The export's audit entry, with the mark that the file (or its last part) was sent, once per job.
 * The file holds principals' names and instructors' mobiles: who got how many.
 */
async function auditExport(db: Db, job: JobRow, sent: SentExport, at: Date): Promise<void> {
  const p = job.payload as unknown as ExportJobPayload;
  const after = { rows: sent.rows, since: p.since ?? null, changes: sent.changes, ...(sent.parts > 1 ? { parts: sent.parts } : {}) };
  await db.transaction(async (tx) => {
    if (!(await markJobStep(tx, job.id, 'fileSent', { rows: sent.rows }))) return;
    await writeAudit(tx, { action: 'export', entity: 'ledger', entityId: p.regionCode, after, actorId: p.personId, at });
  });
}

/** What was sent, as kept in the job's progress once the file or its last part went out. */
interface SentExport {
  rows: number;
  changes: number;
  parts: number;
}

/** The export sent in full but not yet audited (the process died, or the audit failed, between). */
function sentOf(job: JobRow): SentExport | null {
  const s = job.progress.sent as SentExport | undefined;
  return s && typeof s.rows === 'number' ? s : null;
}

export function ledgerExportJob(deps: Deps): JobHandler {
  return async (ctx) => {
    const p = ctx.job.payload as unknown as ExportJobPayload;
    if (ctx.job.progress.fileSent === true) return;
    const done = async (sent: SentExport) => {
      await ctx.progress({ sent });
      await auditExport(ctx.db, ctx.job, sent, ctx.clock.now());
    };
    // Sent by an earlier attempt: only the audit is left (building and sending again would show
    // the file twice on DingTalk, and on Feishu after its uuid window).
    const already = sentOf(ctx.job);
    if (already) return auditExport(ctx.db, ctx.job, already, ctx.clock.now());
    const since = p.since ? new Date(p.since) : null;
    const max = deps.messenger.maxFileBytes;
    // A retry of a split export goes straight to the parts (the whole was too big last time).
    let parts = typeof ctx.job.progress.parts === 'number' ? ctx.job.progress.parts : 1;
    let wholeBytes = typeof ctx.job.progress.wholeBytes === 'number' ? ctx.job.progress.wholeBytes : 0;
    if (parts === 1) {
      const { bytes, size, result } = await keepingLease(ctx, () => xlsxWithin((out) => writeLedgerWorkbook(ctx.db, p.regionCode, out, since), max));
      if (bytes) {
        // Still this process's job (not taken over, nor failed for good and told so)? Then send.
        await ctx.progress({});
        await keepingLease(ctx, async () => {
          const { fileKey } = await deps.messenger.uploadFile(bytes, p.fileName);
          await deps.messenger.sendFile({ openId: p.openId }, fileKey, { uuid: `exp-${ctx.job.id}` });
        });
        return done({ rows: result.count, changes: result.changes.lines, parts: 1 });
      }
      wholeBytes = size;
      parts = partsFor(wholeBytes, max);
      // Both, so a retry neither builds the whole again nor splits it a second way.
      await ctx.progress({ wholeBytes, parts });
    }
    const o = { regionCode: p.regionCode, since, maxFileBytes: max };
    const plan = await keepingLease(ctx, () => planParts(ctx.db, { ...o, parts, wholeBytes }));
    await sendParts(deps, ctx, p, plan, (k) => keepingLease(ctx, () => buildPart(ctx.db, o, plan, k)));
    await done({ rows: plan.rows, changes: plan.changes, parts: plan.ranges.length });
  };
}

/**
 * The export failed for good (job-runner's onFinalFailure): said once, under a uuid made from the
 * job id. Too big to send is said as such (asking again would not help); anything else, try later.
 */
export function exportFailedNotice(deps: Deps): (f: FinalFailure) => Promise<void> {
  const { messenger, t } = deps;
  return async ({ job, cause, db, clock }) => {
    const p = job.payload as unknown as ExportJobPayload;
    // The file went out and only its audit failed: it is recorded now, and nothing is said.
    const sent = sentOf(job);
    if (sent) return auditExport(db, job, sent, clock.now());
    const message =
      cause.code === 'export_too_large'
        ? t('ledger.export.too_large', { mb: mbOf(Number(cause.data.maxFileBytes ?? messenger.maxFileBytes)) })
        : t('ledger.export.failed');
    await messenger.sendCard({ openId: p.openId }, noticeCard(t, 'ledger.export.failed_title', message), { uuid: `exp-fail-${job.id}` });
  };
}
