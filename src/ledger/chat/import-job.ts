/**
 * The chat ledger import as a durable job (kind 'ledger-import'): queued by upload-chat.ts in
 * the interaction's transaction, run here in chunked transactions of 1,000 rows (250 on PGlite), with the
 * progress card updated in place every few seconds and the rejected rows sent back as a file.
 *
 * Resumable by being idempotent, not by a saved position: an attempt after a crash imports the
 * file again from its first row. Chunks committed before the crash are found unchanged (an
 * import of the same file updates, it never duplicates), the rejected rows are found again, so
 * the file sent is the whole file's, and every message carries a uuid made from the job id, so a
 * message the dead attempt had already sent is not shown twice. No position or partial report has
 * to be kept consistent with what was committed; the price is re-reading committed rows.
 *
 * When the job fails for good the runner calls importFailedNotice (registered with the handler in
 * build-service.ts), whatever failed: the person hears once that the import did not finish.
 */
import type { Prompts } from '../../bot/prompts.ts';
import type { Card } from '../../bot/types.ts';
import { text } from '../../cards/card-kit.ts';
import { lines, richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { findPersonByOpenId } from '../../db/stores/people-store.ts';
import { PermanentJobError, type FinalFailure, type JobHandler } from '../../jobs/job-runner.ts';
import type { Messenger } from '../../messenger/messenger.ts';
import { importLedger, LedgerHeaderError, REPORT_MAX_ROWS, type ImportCounts, type ImportResult } from '../ledger-import.ts';
import { FILE_LIMITS, MiB, TableLimitError, type TableLimits } from '../table-limits.ts';
import { memorySink } from '../line-sinks.ts';
import { isLedgerHeader } from '../ledger-row.ts';
import { officerRegions, regionInScope } from '../officer-scope.ts';
import { readTable, tableFormatOf, TableFormatError } from '../table-reader.ts';
import { noticeCard } from '../../cards/notice-card.ts';

export const LEDGER_IMPORT_JOB = 'ledger-import';

export interface ImportJobPayload {
  openId: string;
  messageId: string;
  fileKey: string;
  fileName: string;
}

/**
 * What a chat upload may unpack to (the hostile-files bounds, issue 18 item 7): it is read in the
 * service's memory, so a tenth of the CLI's bounds (100,000 rows is several counties). maxRows
 * counts data rows: a file of 100,000 orgs below its header (and any title row) is taken.
 */
export const CHAT_LIMITS: TableLimits = { ...FILE_LIMITS, maxUnpackedBytes: 300 * MiB, maxSharedStringsBytes: 64 * MiB, maxRows: 100_000 };

/** The progress card changes at most this often (Feishu limits edits of one message). */
export const PROGRESS_EVERY_MS = 3000;

export interface ImportJobDeps {
  messenger: Messenger;
  t: Prompts;
  /**
   * Rows per committed transaction (default 1,000). The embedded database runs each statement on
   * this process's one thread, so everyone else waits for a whole chunk: build-service gives
   * PGlite 250 (chat-import bench at 20,000 rows, PGlite: the worst 5 s window's callback p99
   * 205–217 ms with 1,000, 97–109 ms with 250, the same 10.6 s in all). On PostgreSQL the chunk's
   * statements wait on the server, not on this thread, and 1,000 was as fast as 250 (10.6–10.7 s).
   */
  chunkSize?: number;
  /** Tests: called after each committed chunk (throw to simulate a crash). */
  afterChunk?: (chunks: number) => void | Promise<void>;
  /** Tests: smaller bounds on the same path (CHAT_LIMITS otherwise). */
  limits?: TableLimits;
}

/** The sent file could not be fetched (retried; on the last attempt the person is told to send it again). */
export class DownloadFailedError extends Error {
  readonly code = 'download_failed';
  constructor(cause: unknown) {
    super(`download failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'DownloadFailedError';
  }
}

/**
 * The import failed for good (job-runner's onFinalFailure): said once, on the progress card when
 * there is one, else as a message under a uuid made from the job id. Committed chunks stay; the
 * same file sent again updates them and never duplicates, so sending it again is the advice.
 */
export function importFailedNotice(deps: { messenger: Messenger; t: Prompts }): (f: FinalFailure) => Promise<void> {
  const { messenger, t } = deps;
  return async ({ job, cause }) => {
    const p = job.payload as unknown as ImportJobPayload;
    // The import itself finished and its summary stands; only the rejected rows' file did not go.
    if (job.progress.summaryShown === true) {
      await messenger.sendCard({ openId: p.openId }, noticeCard(t, 'ledger.upload.failed_title', t('ledger.upload.rejected_file_failed', { file: p.fileName })), { uuid: `fail-${job.id}` });
      return;
    }
    const message =
      cause.code === 'download_failed'
        ? t('ledger.upload.download_failed')
        : cause.permanent
          ? t('ledger.upload.failed_permanent', { file: p.fileName })
          : t('ledger.upload.failed_later', { file: p.fileName });
    const card = noticeCard(t, 'ledger.upload.failed_title', message);
    const progressId = job.progress.progressMessageId;
    if (typeof progressId === 'string') await messenger.updateCard(progressId, card);
    else await messenger.sendCard({ openId: p.openId }, card, { uuid: `fail-${job.id}` });
  };
}

export function progressCard(t: Prompts, fileName: string, c: ImportCounts | null): Card {
  const message = c
    ? richPrompt(t, 'ledger.upload.progress', { rows: c.rows, imported: c.imported, updated: c.updated, rejected: c.rejected })
    : richPrompt(t, 'ledger.upload.started', { file: fileName });
  return fillTemplate('message', { title: t('ledger.upload.title'), summary: t('ledger.upload.title'), color: 'blue' }, { body: [text(message)] });
}

function summaryCard(t: Prompts, r: ImportResult): Card {
  // Sample lines quote the file's cells: data, shown as typed.
  const out: RichPart[] = [richPrompt(t, 'ledger.upload.summary', { imported: r.imported, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected })];
  if (r.rejected) out.push(richPrompt(t, 'ledger.upload.rejected_intro'), ...r.samples.rejected.map((l) => `- ${l}`));
  if (r.warnings) out.push(richPrompt(t, 'ledger.upload.warnings_intro', { n: r.warnings }), ...r.samples.warnings.map((l) => `- ${l}`));
  if (r.rejected) {
    out.push(
      r.rejected > REPORT_MAX_ROWS
        ? richPrompt(t, 'ledger.upload.rejected_file_sample', { total: r.rejected, n: REPORT_MAX_ROWS })
        : richPrompt(t, 'ledger.upload.rejected_file'),
    );
  }
  return fillTemplate('message', { title: t('ledger.upload.done_title'), summary: t('ledger.upload.done_title'), color: r.rejected ? 'orange' : 'green' }, { body: [text(lines(out))] });
}

/** Between chunks: lets other people's requests in (PGlite has one connection; Node one thread). */
const yieldToOthers = () => new Promise<void>((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));

export function ledgerImportJob(deps: ImportJobDeps): JobHandler {
  const { messenger, t } = deps;
  const limits = deps.limits ?? CHAT_LIMITS;
  return async (ctx) => {
    const p = ctx.job.payload as unknown as ImportJobPayload;
    const to = { openId: p.openId };
    const jobId = ctx.job.id;
    // The final card: on the progress card when there is one, else a message of its own.
    const show = async (card: Card) => {
      const progressId = ctx.job.progress.progressMessageId;
      if (typeof progressId === 'string') await messenger.updateCard(progressId, card);
      else await messenger.sendCard(to, card, { uuid: `sum-${jobId}` });
    };
    const person = await findPersonByOpenId(ctx.db, p.openId);
    const scopes = person ? officerRegions(person) : [];
    const format = tableFormatOf(p.fileName);
    // Rights are checked again when the job runs: they may have been taken away meanwhile.
    if (!format || scopes.length === 0) throw new PermanentJobError('the sender may no longer import ledgers');
    let bytes: Uint8Array;
    try {
      bytes = await messenger.downloadResource(p.messageId, p.fileKey, 'file');
    } catch (e) {
      throw new DownloadFailedError(e);
    }
    // The bounds are checked on a first pass that writes nothing: the import itself commits chunk
    // by chunk, and a file refused halfway (past the row bound) must leave nothing behind.
    try {
      for await (const _ of readTable({ bytes }, format, limits, { isHeader: isLedgerHeader }));
    } catch (e) {
      const reason =
        e instanceof TableLimitError ? t(`ledger.limit.${e.code}`, e.params) : e instanceof TableFormatError ? t('ledger.limit.broken_zip') : null;
      if (reason === null) throw e;
      await show(noticeCard(t, 'ledger.upload.failed_title', t('ledger.upload.bad_file', { reason })));
      return;
    }
    const rejected = memorySink();
    let chunks = 0;
    let shownAt = ctx.clock.now().getTime();
    let result: ImportResult;
    try {
      result = await importLedger({
        db: ctx.db,
        fileName: p.fileName,
        rows: readTable({ bytes }, format, limits, { isHeader: isLedgerHeader }),
        actor: { id: person!.id, label: null },
        clock: ctx.clock,
        t,
        rejected,
        regionAllowed: (code) => regionInScope(scopes, code),
        ...(deps.chunkSize ? { chunkSize: deps.chunkSize } : {}),
        onProgress: async (c) => {
          chunks++;
          await ctx.progress({ rows: c.rows, imported: c.imported, updated: c.updated, rejected: c.rejected });
          await deps.afterChunk?.(chunks);
          const now = ctx.clock.now().getTime();
          if (now - shownAt >= PROGRESS_EVERY_MS) {
            shownAt = now;
            const card = progressCard(t, p.fileName, c);
            const progressId = ctx.job.progress.progressMessageId;
            if (typeof progressId === 'string') await messenger.updateCard(progressId, card);
            else await ctx.progress({ progressMessageId: (await messenger.sendCard(to, card, { uuid: `prog-${jobId}` })).messageId });
          }
          await yieldToOthers();
        },
      });
    } catch (e) {
      if (e instanceof LedgerHeaderError) {
        // The file is wrong, not the run: said once, and the job is done.
        await show(noticeCard(t, 'ledger.upload.failed_title', t('ledger.upload.bad_file', { reason: e.message })));
        return;
      }
      throw e;
    }
    await show(summaryCard(t, result));
    await ctx.progress({ summaryShown: true });
    const file = rejected.bytes();
    if (file && ctx.job.progress.fileSent !== true) {
      const { fileKey } = await messenger.uploadFile(file, t('ledger.upload.rejected_name', { file: p.fileName.replace(/\.(xlsx|csv)$/i, '') }));
      await messenger.sendFile(to, fileKey, { uuid: `rej-${jobId}` });
      await ctx.progress({ fileSent: true });
    }
  };
}
