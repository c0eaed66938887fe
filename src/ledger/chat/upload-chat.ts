/**
 * An officer sends a ledger (.xlsx or .csv) in chat: the interaction only queues the import as a
 * durable job (import-job.ts) in its own transaction, keyed by the message, so a redelivered or
 * replayed message queues nothing more, and answers that the file is being imported. The job
 * reads the file, imports it in chunked transactions and reports back; no size cap of its own
 * (the bounds on hostile files are the reader's).
 */
import type { Feature } from '../../bot/feature.ts';
import { officerRegions } from '../officer-scope.ts';
import { tableFormatOf } from '../table-reader.ts';
import { LEDGER_IMPORT_JOB, progressCard, type ImportJobPayload } from './import-job.ts';

export const ledgerUpload: NonNullable<Feature['file']> = async (ctx, inbound) => {
  if (inbound.resource !== 'file') return null;
  const fileName = inbound.fileName ?? '';
  if (!tableFormatOf(fileName) || officerRegions(ctx.person).length === 0) return null;
  const payload: ImportJobPayload = { openId: ctx.person.openId, messageId: inbound.messageId, fileKey: inbound.fileKey, fileName };
  await ctx.enqueueJob({ kind: LEDGER_IMPORT_JOB, uniqueKey: `${LEDGER_IMPORT_JOB}:${inbound.messageId}`, payload: { ...payload } });
  return progressCard(ctx.t, fileName, null);
};
