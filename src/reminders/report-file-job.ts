/**
 * The 10th/25th report's .xlsx as a durable job (kind 'report-file'). The outbox keeps the order
 * (a report file waits for its digest card to be sent); when its turn comes, delivery hands the
 * row to this job instead of building the workbook in the send loop, and the job builds the file
 * off every request and send path and sends it when ready. It sends under the outbox row's id as
 * the Feishu uuid, so a job retried after a crash mid-send shows the file once, and keeps the
 * message id on the outbox row.
 *
 * A file over the messenger's upload bound would be refused on every attempt, so it fails at
 * once (ReportTooLargeError) instead of being uploaded five times; it is not split, because a
 * report covers one region and its 汇总 sheet is read as one. Whatever the failure, the person
 * hears once that the file will not come (the digest card's figures stand without it).
 */
import { sql } from 'drizzle-orm';
import type { Prompts } from '../bot/prompts.ts';
import type { NewJob } from '../db/jobs/job-store.ts';
import { reminderById } from '../db/reminders/outbox-store.ts';
import { recipientsByPerson, UNREACHABLE, type Reach } from '../db/stores/recipient-store.ts';
import { noticeCard } from '../cards/notice-card.ts';
import type { NoticeData } from '../jobs/final-notice.ts';
import { PermanentJobError, type FinalFailure, type JobRegistration } from '../jobs/job-runner.ts';
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

/** The messenger refused the send for good (no such user, the bot blocked): a notice would be refused too. */
class MessengerRefusedError extends PermanentJobError {
  readonly code = 'messenger_refused';
}

/** The report's workbook is over the messenger's upload bound: no attempt can send it. */
export class ReportTooLargeError extends PermanentJobError implements NoticeData {
  readonly code = 'report_too_large';
  constructor(
    readonly bytes: number,
    readonly maxFileBytes: number,
  ) {
    super(`the report file (${bytes} bytes) is over the upload bound of ${maxFileBytes} bytes`);
    this.name = 'ReportTooLargeError';
  }

  get noticeData() {
    return { maxFileBytes: this.maxFileBytes };
  }
}

type Deps = { messenger: Messenger; reach: Reach; t: Prompts };

export function reportFileHandler(deps: Deps): JobRegistration {
  return { run: sendReportFile(deps), onFinalFailure: reportFileFailedNotice(deps) };
}

function sendReportFile(deps: Deps): JobRegistration['run'] {
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
    if (file.bytes.length > deps.messenger.maxFileBytes) throw new ReportTooLargeError(file.bytes.length, deps.messenger.maxFileBytes);
    try {
      const { fileKey } = await deps.messenger.uploadFile(file.bytes, file.name);
      const { messageId } = await deps.messenger.sendFile(to, fileKey, { uuid: p.outboxId });
      await ctx.db.execute(sql`update reminder_outbox set message_id = ${messageId}::text where id = ${p.outboxId}::uuid`);
      await ctx.progress({ sent: 1 });
    } catch (e) {
      // A refused call (no such user, bot blocked…) cannot succeed on a retry.
      if ((e instanceof FeishuApiError || e instanceof DingtalkApiError) && !e.retryable) throw new MessengerRefusedError(e.message);
      throw e;
    }
  };
}

const MB = 1024 * 1024;

/**
 * The file failed for good (job-runner's onFinalFailure): the person is told once, under a uuid
 * made from the job id. Not when they cannot be reached at all, or the messenger refused them
 * (blocked the bot): a notice would be refused the same way.
 */
function reportFileFailedNotice(deps: Deps): (f: FinalFailure) => Promise<void> {
  const { messenger, t } = deps;
  return async ({ job, cause, db }) => {
    if (cause.code === 'messenger_refused') return;
    const p = job.payload as unknown as ReportFilePayload;
    const to = (await recipientsByPerson(db, [p.personId], deps.reach)).get(p.personId);
    if (!to) return;
    const reminder = await reminderById(db, p.reminderId);
    const what = (reminder && reportRef(reminder.payload).what) || t('reminders.report_file.this_report');
    const message =
      cause.code === 'report_too_large'
        ? t('reminders.report_file.too_large', { what, mb: Math.floor(Number(cause.data.maxFileBytes ?? messenger.maxFileBytes) / MB) })
        : t('reminders.report_file.failed', { what });
    await messenger.sendCard(to, noticeCard(t, 'reminders.report_file.failed_title', message), { uuid: `rep-fail-${job.id}` });
  };
}
