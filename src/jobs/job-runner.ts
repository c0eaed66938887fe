/**
 * Runs the durable jobs (src/db/jobs/job-store.ts) on any runtime: `kick()` after a job was
 * queued (Node runs it at once; Workers through waitUntil), and `runDue()` on every tick, which
 * also takes over the jobs of a process that died once their lease ran out. One job at a time per
 * runner: a job is long work in chunked transactions, and other people's requests come first.
 * A kind registered with onFinalFailure hears once when one of its jobs fails for good, so the
 * person who asked is told (the ledger export and import do; see JobRegistration): through a
 * notice job queued with the failure (final-notice.ts), so a crash cannot lose it.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { claimJob, enqueueJob, failSpentJobs, heartbeat, jobById, markJobDone, markJobFailed, type JobRow } from '../db/jobs/job-store.ts';
import { errorText } from '../log/error-summary.ts';
import type { Logger } from '../log/logger.ts';
import type { Defer } from '../runtime/defer.ts';
import { retryDelayMs } from '../reminders/schedule.ts';
import { causeOf, LEASE_EXPIRED, noticedKind, noticeJob, noticeKind, type FailureCause, type NoticePayload } from './final-notice.ts';

export interface JobContext {
  job: JobRow;
  db: Db;
  clock: Clock;
  logger: Logger;
  /**
   * Saves progress and extends the lease; call it between chunks. Throws JobLostError when the
   * lease was lost to another process (this one was too slow): stop at once, the other goes on.
   */
  progress(p: Record<string, unknown>): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

/** A job that failed for good, as its kind's onFinalFailure sees it. */
export interface FinalFailure {
  /** As it stood at the end (progress included: the handler's saved messages, parts sent). */
  job: JobRow;
  /** What the last attempt threw, as plain data (code LEASE_EXPIRED when its process died). */
  cause: FailureCause;
  db: Db;
  clock: Clock;
  logger: Logger;
}

/**
 * A kind's handler and what to do once when one of its jobs fails for good: the last attempt
 * threw, a PermanentJobError, or the last attempt's lease ran out (its process died). The one
 * place a person hears that the work they asked for will not come, instead of each handler
 * guessing whether this attempt is its last. It runs as a job of its own (kind `notice:<kind>`),
 * retried with back-off when it throws, and must be safe to run twice (send under a uuid made
 * from the failed job's id).
 */
export interface JobRegistration {
  run: JobHandler;
  onFinalFailure?: (f: FinalFailure) => Promise<void>;
}

const registration = (h: JobHandler | JobRegistration): JobRegistration => (typeof h === 'function' ? { run: h } : h);

/** Retrying cannot help (a malformed payload, a person who is gone): failed at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}
export class JobLostError extends Error {}

export interface JobRunnerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  handlers: Record<string, JobHandler | JobRegistration>;
  /** Node: tracked so shutdown waits; Workers: waitUntil. Without it, kick() runs detached. */
  defer?: Defer;
  workerId?: string;
  /** A job not heard of for this long is taken over (default 2 minutes). */
  leaseMs?: number;
  random?: () => number;
}

export interface JobRunner {
  /** Runs due jobs until none is left or the deadline passes; the count run. */
  runDue(deadline: Date): Promise<number>;
  /** Starts a run now unless one is going (which then looks again before it stops). */
  kick(): void;
  /** Resolves when the kicked run has finished (tests, shutdown). */
  idle(): Promise<void>;
  workerId: string;
}

export const DEFAULT_JOB_LEASE_MS = 120_000;

export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const workerId = deps.workerId ?? `j-${crypto.randomUUID().slice(0, 8)}`;
  const leaseMs = deps.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  const kinds = Object.keys(deps.handlers);
  let running: Promise<void> | null = null;
  let again = false;

  const noticeKinds = kinds.filter((k) => registration(deps.handlers[k]!).onFinalFailure).map(noticeKind);
  const claimable = [...kinds, ...noticeKinds];

  /** A failed job's notice, run as a job: the failed job as it ended and the cause kept with it. */
  async function runNotice(ctx: JobContext, kind: string) {
    const { jobId, cause } = ctx.job.payload as unknown as NoticePayload;
    const job = await jobById(ctx.db, jobId);
    // Retried by hand (`jobs retry`) since: it may yet succeed, and if not it is told again then.
    if (!job || job.state !== 'failed') return;
    await registration(deps.handlers[kind]!).onFinalFailure!({ job, cause, db: ctx.db, clock: ctx.clock, logger: ctx.logger });
  }

  async function runOne(): Promise<boolean> {
    const job = await claimJob(deps.db, { now: deps.clock.now(), leaseMs, workerId, kinds: claimable });
    if (!job) return false;
    const ctx: JobContext = {
      job,
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      async progress(p) {
        const ok = await heartbeat(deps.db, job.id, workerId, p, new Date(deps.clock.now().getTime() + leaseMs));
        if (!ok) throw new JobLostError(`job ${job.id} was taken over`);
        Object.assign(job.progress, p);
      },
    };
    try {
      const noticed = noticedKind(job.kind);
      if (noticed !== null) await runNotice(ctx, noticed);
      else await registration(deps.handlers[job.kind]!).run(ctx);
      await markJobDone(deps.db, job.id, deps.clock.now());
    } catch (e) {
      if (e instanceof JobLostError) {
        deps.logger.warn('job taken over', { jobId: job.id, kind: job.kind });
        return true;
      }
      const final = e instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      const retryAt = final ? null : new Date(deps.clock.now().getTime() + retryDelayMs(job.attempts, deps.random));
      const error = errorText(e);
      const cause = causeOf(e, e instanceof PermanentJobError);
      // One transaction: only the holder that failed it for good queues the notice (one taken
      // over goes on elsewhere), and a crash after the failure cannot lose the notice.
      await deps.db.transaction(async (tx) => {
        const marked = await markJobFailed(tx, job.id, workerId, error, retryAt, deps.clock.now());
        if (final && marked && noticeKinds.includes(noticeKind(job.kind))) await enqueueJob(tx, noticeJob(job, cause), deps.clock.now());
      });
      deps.logger.warn('job failed', { jobId: job.id, kind: job.kind, attempt: job.attempts, final, error });
    }
    return true;
  }

  async function runDue(deadline: Date): Promise<number> {
    const spent = await deps.db.transaction(async (tx) => {
      const failed = await failSpentJobs(tx, deps.clock.now(), claimable);
      const lease: FailureCause = { code: LEASE_EXPIRED, permanent: false, data: {} };
      for (const j of failed) if (noticeKinds.includes(noticeKind(j.kind))) await enqueueJob(tx, noticeJob(j, lease), deps.clock.now());
      return failed;
    });
    for (const j of spent) deps.logger.warn('job failed', { jobId: j.id, kind: j.kind, attempt: j.attempts, final: true, error: j.lastError });
    let n = 0;
    while (deps.clock.now() < deadline && (await runOne())) n++;
    return n;
  }

  function kick() {
    const start = () => {
      if (running) {
        again = true;
        return running;
      }
      const loop = async () => {
        do {
          again = false;
          // A kick has no deadline of its own: it runs what is due now, the tick catches the rest.
          await runDue(new Date(deps.clock.now().getTime() + 24 * 3600_000));
        } while (again);
      };
      running = loop()
        .catch((error) => deps.logger.error('job run failed', { error: errorText(error) }))
        .finally(() => {
          running = null;
        });
      return running;
    };
    // Through defer, so it runs after the work already deferred (the answer to the interaction).
    if (deps.defer) deps.defer('jobs:run', start);
    else void start();
  }

  return { runDue, kick, idle: async () => void (await running), workerId };
}
