/**
 * An officer sends a ledger (.xlsx or .csv) in chat: the bot downloads it, imports it inside the
 * officer's regions with a progress card, and answers with the summary; the rejected rows come
 * back as a file. Chunks run as savepoints of the interaction, so the summary is sent only once
 * everything it reports has been committed.
 */
import type { Feature, TxContext } from '../../bot/feature.ts';
import type { Card } from '../../bot/types.ts';
import { text } from '../../cards/card-kit.ts';
import { lines, richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { keepTransactionAlive } from '../../db/ledger/ledger-import-store.ts';
import { importLedger, LedgerHeaderError, REPORT_MAX_ROWS, type ImportCounts, type ImportResult } from '../ledger-import.ts';
import { importQueue } from '../import-queue.ts';
import { memorySink } from '../line-sinks.ts';
import { officerRegions, regionInScope } from '../officer-scope.ts';
import { FILE_LIMITS, MiB, TableLimitError, type TableLimits } from '../table-limits.ts';
import { readTable, tableFormatOf, TableFormatError } from '../table-reader.ts';
import { noticeCard } from './coverage-card.ts';

/** A chat upload is a county's ledger, not a province's: bigger files go through the CLI. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/**
 * What a chat upload may unpack to: it runs inside the interaction's transaction, in the service's
 * memory, so a tenth of the CLI's bounds (100,000 rows is several counties).
 */
export const CHAT_LIMITS: TableLimits = { ...FILE_LIMITS, maxUnpackedBytes: 300 * MiB, maxSharedStringsBytes: 64 * MiB, maxRows: 100_000 };
/** The progress card is updated every this many chunks (1,000 rows each). */
const PROGRESS_EVERY_CHUNKS = 5;

function progressCard(ctx: TxContext, fileName: string, c: ImportCounts | null): Card {
  const message = c
    ? richPrompt(ctx.t, 'ledger.upload.progress', { rows: c.rows, imported: c.imported, updated: c.updated, rejected: c.rejected })
    : richPrompt(ctx.t, 'ledger.upload.started', { file: fileName });
  return fillTemplate('message', { title: ctx.t('ledger.upload.title'), summary: ctx.t('ledger.upload.title'), color: 'blue' }, { body: [text(message)] });
}

function queuedCard(ctx: TxContext, ahead: number): Card {
  return fillTemplate('message', { title: ctx.t('ledger.upload.title'), summary: ctx.t('ledger.upload.title'), color: 'blue' }, { body: [text(richPrompt(ctx.t, 'ledger.upload.queued', { n: ahead }))] });
}

function summaryCard(ctx: TxContext, r: ImportResult): Card {
  // Sample lines quote the file's cells: data, shown as typed.
  const out: RichPart[] = [richPrompt(ctx.t, 'ledger.upload.summary', { imported: r.imported, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected })];
  if (r.rejected) out.push(richPrompt(ctx.t, 'ledger.upload.rejected_intro'), ...r.samples.rejected.map((l) => `- ${l}`));
  if (r.warnings) out.push(richPrompt(ctx.t, 'ledger.upload.warnings_intro', { n: r.warnings }), ...r.samples.warnings.map((l) => `- ${l}`));
  if (r.rejected) {
    out.push(
      r.rejected > REPORT_MAX_ROWS
        ? richPrompt(ctx.t, 'ledger.upload.rejected_file_sample', { total: r.rejected, n: REPORT_MAX_ROWS })
        : richPrompt(ctx.t, 'ledger.upload.rejected_file'),
    );
  }
  return fillTemplate('message', { title: ctx.t('ledger.upload.done_title'), summary: ctx.t('ledger.upload.done_title'), color: r.rejected ? 'orange' : 'green' }, { body: [text(lines(out))] });
}

export const ledgerUpload: NonNullable<Feature['file']> = async (ctx, inbound) => {
  if (inbound.resource !== 'file') return null;
  const fileName = inbound.fileName ?? '';
  const format = tableFormatOf(fileName);
  const scopes = officerRegions(ctx.person);
  if (!format || scopes.length === 0) return null;
  const to = { openId: ctx.person.openId };
  const progress = await ctx.messenger.sendCard(to, progressCard(ctx, fileName, null));
  let bytes: Uint8Array;
  try {
    bytes = await ctx.messenger.downloadResource(inbound.messageId, inbound.fileKey, 'file');
  } catch {
    return noticeCard(ctx.t, 'ledger.upload.failed_title', ctx.t('ledger.upload.download_failed'));
  }
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return noticeCard(ctx.t, 'ledger.upload.failed_title', ctx.t('ledger.upload.too_big', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 }));
  const rejected = memorySink();
  let chunks = 0;
  let result: ImportResult;
  try {
    result = await importQueue.run(
      // A savepoint of its own: a file refused halfway (too many rows) leaves nothing behind.
      () =>
        ctx.db.transaction((db) =>
          importLedger({
            db,
            fileName,
            rows: readTable({ bytes }, format, CHAT_LIMITS),
            actor: { id: ctx.person.id, label: null },
            clock: ctx.clock,
            t: ctx.t,
            rejected,
            regionAllowed: (code) => regionInScope(scopes, code),
            onProgress: async (c) => {
              if (++chunks % PROGRESS_EVERY_CHUNKS === 0) await ctx.messenger.updateCard(progress.messageId, progressCard(ctx, fileName, c));
            },
          }),
        ),
      {
        onQueued: (ahead) => ctx.messenger.updateCard(progress.messageId, queuedCard(ctx, ahead)),
        keepAlive: () => keepTransactionAlive(ctx.db),
      },
    );
  } catch (e) {
    if (e instanceof TableLimitError) {
      return noticeCard(ctx.t, 'ledger.upload.failed_title', ctx.t('ledger.upload.bad_file', { reason: ctx.t(`ledger.limit.${e.code}`, e.params) }));
    }
    if (e instanceof TableFormatError) {
      return noticeCard(ctx.t, 'ledger.upload.failed_title', ctx.t('ledger.upload.bad_file', { reason: ctx.t('ledger.limit.broken_zip') }));
    }
    if (e instanceof LedgerHeaderError) {
      return noticeCard(ctx.t, 'ledger.upload.failed_title', ctx.t('ledger.upload.bad_file', { reason: e.message }));
    }
    // Nothing of this import will be committed: say so on the progress card before giving up.
    await ctx.messenger.updateCard(progress.messageId, noticeCard(ctx.t, 'ledger.upload.failed_title', ctx.t('engine.error'))).catch(() => {});
    throw e;
  }
  const file = rejected.bytes();
  const { messenger } = ctx;
  const doneCard = fillTemplate('message', { title: ctx.t('ledger.upload.title'), summary: ctx.t('ledger.upload.title'), color: 'grey' }, { body: [text(richPrompt(ctx.t, 'ledger.upload.finished'))] });
  ctx.after('ledger:import-report', async () => {
    await messenger.updateCard(progress.messageId, doneCard);
    if (file) {
      const { fileKey } = await messenger.uploadFile(file, ctx.t('ledger.upload.rejected_name', { file: fileName.replace(/\.(xlsx|csv)$/i, '') }));
      await messenger.sendFile(to, fileKey);
    }
  });
  return summaryCard(ctx, result);
};
