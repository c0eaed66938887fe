/**
 * Keeps a job's lease while one long step runs that has no chunks to save progress between (an
 * export building its workbook): the lease is extended every `everyMs`, so another process does
 * not take a build of several minutes over and build it again (and, with each takeover counted
 * as an attempt, fail it for good). A heartbeat that finds the job taken over is reported once
 * the step is done, as JobLostError, like a chunked job's progress would.
 */
import { errorText } from '../log/error-summary.ts';
import { JobLostError, type JobContext } from './job-runner.ts';

/** A third of the default 2-minute lease: two heartbeats may be late before it runs out. */
export const KEEP_LEASE_EVERY_MS = 40_000;

export async function keepingLease<T>(ctx: JobContext, step: () => Promise<T>, everyMs = KEEP_LEASE_EVERY_MS): Promise<T> {
  let lost: unknown = null;
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    // Only a lease lost to another process ends the step; a heartbeat that failed on a database
    // blip is tried again by the next one (two may fail before the lease runs out).
    beating = beating.then(() =>
      ctx.progress({}).catch((e) => {
        if (e instanceof JobLostError) lost ??= e;
        else ctx.logger.warn('lease heartbeat failed', { jobId: ctx.job.id, error: errorText(e) });
      }),
    );
  }, everyMs);
  try {
    const out = await step();
    await beating;
    if (lost) throw lost;
    return out;
  } finally {
    clearInterval(timer);
  }
}
