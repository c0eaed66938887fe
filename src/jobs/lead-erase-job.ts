/**
 * Lead erasure as a durable job (kind 'lead-erase'), one per region and Shanghai day: the tick
 * queues a job for each region that has leads past their retention (the unique key makes a second
 * tick, or a second process, queue nothing more), and the runner claims it with the same lease and
 * retries as every other job. The work repeats no effect after a crash: each batch commits whole
 * and an erased lead is never selected again (erase-leads.ts).
 */
import type { Db } from '../db/database.ts';
import { enqueueJob } from '../db/jobs/job-store.ts';
import { eraseExpiredLeads, leadsDueForErasure } from '../db/leads/erase-leads.ts';
import { loadPolicyBook } from '../db/stores/policy-book-store.ts';
import { shanghaiDate } from '../domain/shanghai-date.ts';
import { PermanentJobError, type JobHandler } from './job-runner.ts';

export const LEAD_ERASE_JOB = 'lead-erase';

/** Queues today's erasure job of every region with leads due; how many jobs were new. */
export async function enqueueLeadErasure(db: Db, now: Date): Promise<number> {
  const regions = [...new Set((await leadsDueForErasure(db, await loadPolicyBook(db), now)).map((l) => l.regionCode))].sort();
  const day = shanghaiDate(now);
  let created = 0;
  for (const regionCode of regions) {
    const r = await enqueueJob(db, { kind: LEAD_ERASE_JOB, uniqueKey: `${LEAD_ERASE_JOB}:${day}:${regionCode}`, payload: { regionCode } }, now);
    if (r.created) created++;
  }
  return created;
}

export function leadEraseJob(): JobHandler {
  return async (ctx) => {
    const regionCode = ctx.job.payload.regionCode;
    if (typeof regionCode !== 'string' || !regionCode) throw new PermanentJobError('a lead-erase job without a region');
    // A retry resumes: what the first attempt committed is erased already and not counted again.
    const before = typeof ctx.job.progress.erased === 'number' ? ctx.job.progress.erased : 0;
    // The policy book once per job: the retention in force when the job runs.
    await eraseExpiredLeads(ctx.db, await loadPolicyBook(ctx.db), ctx.clock.now(), { regionCode, onBatch: (n) => ctx.progress({ erased: before + n }) });
  };
}
