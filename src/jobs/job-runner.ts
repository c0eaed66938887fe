/**
 * Runs the durable jobs (src/db/jobs/job-store.ts) on any runtime: `kick()` after a job was
 * queued (Node runs it at once; Workers through waitUntil), and `runDue()` on every tick, which
 * also takes over the jobs of a process that died once their lease ran out. One job at a time per
 * runner: a job is long work in chunked transactions, and other people's requests come first.
 * A kind registered with onFinalFailure hears once when one of its jobs fails for good, so the
 * person who asked is told (the ledger export and import do; see JobRegistration).
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { claimJob, failSpentJobs, heartbeat, markJobDone, markJobFailed, type JobRow } from '../db/jobs/job-store.ts';
import { errorText } from '../log/error-summary.ts';
import type { Logger } from '../log/logger.ts';
import type { Defer } from '../runtime/defer.ts';
import { retryDelayMs } from '../reminders/schedule.ts';

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
  /** What the last attempt threw; for a lease that ran out, an Error with the stored reason. */
  error: unknown;
  db: Db;
  clock: Clock;
  logger: Logger;
}

/**
 * A kind's handler and what to do once when one of its jobs fails for good: the last attempt
 * threw, a PermanentJobError, or the last attempt's lease ran out (its process died). The one
 * place a person hears that the work they asked for will not come, instead of each handler
 * guessing whether this attempt is its last. Not retried: a notice that cannot be sent is logged.
 */
export interface JobRegistration {
  run: JobHandler;
  onFinalFailure?: (f: FinalFailure) => Promise<void>;
}

const registration = (h: JobHandler | JobRegistration): JobRegistration => (typeof h === 'function' ? { run: h } : h);

/** Retrying cannot help (a malformed payload, a person who is gone): failed at once. */
export class PermanentJobError extends Error {}
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

  async function finalFailure(job: JobRow, error: unknown) {
    const on = registration(deps.handlers[job.kind]!).onFinalFailure;
    if (!on) return;
    try {
      await on({ job, error, db: deps.db, clock: deps.clock, logger: deps.logger });
    } catch (e) {
      deps.logger.warn('job final-failure notice failed', { jobId: job.id, kind: job.kind, error: errorText(e) });
    }
  }

  async function runOne(): Promise<boolean> {
    const job = await claimJob(deps.db, { now: deps.clock.now(), leaseMs, workerId, kinds });
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
      await registration(deps.handlers[job.kind]!).run(ctx);
      await markJobDone(deps.db, job.id, deps.clock.now());
    } catch (e) {
      if (e instanceof JobLostError) {
        deps.logger.warn('job taken over', { jobId: job.id, kind: job.kind });
        return true;
      }
      const final = e instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      const retryAt = final ? null : new Date(deps.clock.now().getTime() + retryDelayMs(job.attempts, deps.random));
      const error = errorText(e);
      const marked = await markJobFailed(deps.db, job.id, workerId, error, retryAt, deps.clock.now());
      deps.logger.warn('job failed', { jobId: job.id, kind: job.kind, attempt: job.attempts, final, error });
      // Only the holder that failed it for good tells the person (one taken over goes on elsewhere).
      if (final && marked) await finalFailure({ ...job, state: 'failed', lastError: error.slice(0, 500) }, e);
    }
    return true;
  }

  async function runDue(deadline: Date): Promise<number> {
    for (const spent of await failSpentJobs(deps.db, deps.clock.now(), kinds)) {
      deps.logger.warn('job failed', { jobId: spent.id, kind: spent.kind, attempt: spent.attempts, final: true, error: spent.lastError });
      await finalFailure(spent, new Error(spent.lastError ?? 'lease expired on the last attempt'));
    }
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
