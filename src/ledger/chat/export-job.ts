/**
 * 导出台账 as a durable job (kind 'ledger-export'): any region size. The rows are read a page at
 * a time straight into exceljs's streaming writer (no list of orgs in memory), and the file is
 * sent when it is ready, with a uuid made from the job id: a retry after a crash builds the same
 * file again and Feishu shows it once. The export's audit entry commits with the mark that the
 * file was sent, once per job: an attempt killed between two separate writes, or one that lost its
 * lease while building and raced the one that took over, would record the export twice (and the
 * next 变更说明 runs from the last export).
 */
import type { Prompts } from '../../bot/prompts.ts';
import { markJobStep } from '../../db/jobs/job-store.ts';
import { writeAudit } from '../../db/stores/audit-store.ts';
import type { JobHandler } from '../../jobs/job-runner.ts';
import type { Messenger } from '../../messenger/messenger.ts';
import { writeLedgerWorkbook, xlsxBytes } from '../ledger-export.ts';

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

export function ledgerExportJob(deps: { messenger: Messenger; t: Prompts }): JobHandler {
  return async (ctx) => {
    const p = ctx.job.payload as unknown as ExportJobPayload;
    if (ctx.job.progress.fileSent === true) return;
    const since = p.since ? new Date(p.since) : null;
    const { bytes, result } = await xlsxBytes((out) => writeLedgerWorkbook(ctx.db, p.regionCode, out, since));
    const count = result.count;
    const { fileKey } = await deps.messenger.uploadFile(bytes, p.fileName);
    await deps.messenger.sendFile({ openId: p.openId }, fileKey, { uuid: `exp-${ctx.job.id}` });
    // The file holds principals' names and instructors' mobiles: who got how many.
    await ctx.db.transaction(async (tx) => {
      if (!(await markJobStep(tx, ctx.job.id, 'fileSent', { rows: count }))) return;
      await writeAudit(tx, { action: 'export', entity: 'ledger', entityId: p.regionCode, after: { rows: count, since: p.since ?? null, changes: result.changes.lines }, actorId: p.personId, at: ctx.clock.now() });
    });
  };
}
