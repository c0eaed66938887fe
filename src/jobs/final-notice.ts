/**
 * The notice that a job failed for good, as a durable job of its own (kind `notice:<kind>`).
 * It is queued in the same transaction that fails the job, so a process that dies between the
 * two (a deploy, an OOM, a messenger that hangs) cannot lose it: the next run, here or on another
 * process, sends it, retried with back-off like any job. Each kind's notice sends under a uuid
 * made from the failed job's id, so a notice retried after a crash mid-send is shown once.
 *
 * What the last attempt threw is kept as plain data (FailureCause), never as the error itself:
 * the notice may run on another process long after, and an error's own fields can hold a
 * query's parameters (personal data) that must not be written to the jobs table.
 */
import type { NewJob } from '../db/jobs/job-store.ts';

/** What a person's notice needs to know of the failure. */
export interface FailureCause {
  /** The error's own `code` when it has a string one (e.g. 'export_too_large'), else its name. */
  code: string;
  /** Retrying could not have helped (a PermanentJobError). */
  permanent: boolean;
  /** Numbers and words the notice shows (e.g. the upload bound); only from errors that declare them. */
  data: Record<string, string | number | boolean>;
}

/** An error that tells the notice more than its code: `noticeData` is kept with the cause. */
export interface NoticeData {
  readonly noticeData: Record<string, string | number | boolean>;
}

export const LEASE_EXPIRED = 'lease_expired';

const NOTICE = 'notice:';

export const noticeKind = (kind: string) => `${NOTICE}${kind}`;
/** The failed job's kind when `kind` is a notice's, else null. */
export const noticedKind = (kind: string): string | null => (kind.startsWith(NOTICE) ? kind.slice(NOTICE.length) : null);

export function causeOf(e: unknown, permanent: boolean): FailureCause {
  const err = (e ?? {}) as { code?: unknown; name?: unknown; noticeData?: unknown };
  const code = typeof err.code === 'string' && err.code ? err.code : typeof err.name === 'string' && err.name ? err.name : 'Error';
  const data: FailureCause['data'] = {};
  if (err.noticeData && typeof err.noticeData === 'object') {
    for (const [k, v] of Object.entries(err.noticeData)) if (['string', 'number', 'boolean'].includes(typeof v)) data[k] = v as string | number | boolean;
  }
  return { code, permanent, data };
}

export interface NoticePayload {
  jobId: string;
  cause: FailureCause;
}

/** The notice job for a failed job; its key is the job's, so failing it twice queues one notice. */
export function noticeJob(job: { id: string; kind: string }, cause: FailureCause): NewJob {
  const payload: NoticePayload = { jobId: job.id, cause };
  return { kind: noticeKind(job.kind), uniqueKey: `${NOTICE}${job.id}`, payload: { ...payload } };
}
