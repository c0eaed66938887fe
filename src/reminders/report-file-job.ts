/**
 * The 10th/25th report's .xlsx as a durable job (kind 'report-file'). The outbox keeps the order
 * (a report file waits for its digest card to be sent); when its turn comes, delivery hands the
 * row to this job instead of building the workbook in the send loop, and the job builds the file
 * off every request and send path and sends it when ready. It sends under the outbox row's id as
 * the Feishu uuid, so a job retried after a crash mid-send shows the file once, and keeps the
 * message id on the outbox row.
 */
import { sql } from 'drizzle-orm';
import type { Prompts } from '../bot/prompts.ts';
import type { NewJob } from '../db/jobs/job-store.ts';
import { reminderById } from '../db/reminders/outbox-store.ts';
import { recipientsByPerson, UNREACHABLE, type Reach } from '../db/stores/recipient-store.ts';
import { PermanentJobError, type JobHandler } from '../jobs/job-runner.ts';
import { DingtalkApiError } from '../messenger/dingtalk/dingtalk-api-error.ts';
import { FeishuApiError } from '../messenger/feishu-api-error.ts';
import type { Messenger } from '../messenger/messenger.ts';
import { planning, uncoveredWarner } from './planner.ts';
import { reportRef, reportWorkbook } from './report.ts';

export const REPORT_FILE_JOB = 'report-file';

export interface ReportFilePayload {
  outboxId: string;
  reminderId: string;
  personId: string;
}

/** The job an outbox 'report_file' row becomes; its key is the row's, so a re-claimed row queues nothing more. */
export function reportFileJob(p: ReportFilePayload): NewJob {
  return { kind: REPORT_FILE_JOB, uniqueKey: `${REPORT_FILE_JOB}:${p.outboxId}`, payload: { ...p } };
}

export function reportFileHandler(deps: { messenger: Messenger; reach: Reach; t: Prompts }): JobHandler {
  return async (ctx) => {
    const p = ctx.job.payload as unknown as ReportFilePayload;
    const reminder = await reminderById(ctx.db, p.reminderId);
    if (!reminder) {
      await ctx.progress({ skipped: 'report reminder gone' });
      return;
    }
    const to = (await recipientsByPerson(ctx.db, [p.personId], deps.reach)).get(p.personId);
    if (!to) throw new PermanentJobError(UNREACHABLE);
    const now = ctx.clock.now();
    const onUncovered = uncoveredWarner(ctx.logger);
    const reportDeps = { db: ctx.db, clock: ctx.clock, planning: await planning(ctx.db, now, onUncovered), onUncovered };
    const file = await reportWorkbook(deps.t, reportDeps, reportRef(reminder.payload));
    try {
      const { fileKey } = await deps.messenger.uploadFile(file.bytes, file.name);
      const { messageId } = await deps.messenger.sendFile(to, fileKey, { uuid: p.outboxId });
      await ctx.db.execute(sql`update reminder_outbox set message_id = ${messageId}::text where id = ${p.outboxId}::uuid`);
      await ctx.progress({ sent: 1 });
    } catch (e) {
      // A refused call (no such user, bot blocked…) cannot succeed on a retry.
      if ((e instanceof FeishuApiError || e instanceof DingtalkApiError) && !e.retryable) throw new PermanentJobError(e.message);
      throw e;
    }
  };
}
