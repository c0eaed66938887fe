import { failAbandonedImports } from '../ledger/ledger-import.ts';
import { remindersTick, type RemindersDeps } from '../reminders/runner.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { enqueueLeadErasure } from '../jobs/lead-erase-job.ts';
import type { TickHook } from './tick.ts';

/**
 * What every tick does besides pruning dedupe keys, the same on Node and on Workers: plan and
 * deliver reminders (exactly once, whoever runs it), queue the day's erasure of closed leads past
 * the policy's retention (a job per region, run by the job runner like all background work), and
 * mark failed the imports whose process died (issue 18 item 4). Each hook is idempotent.
 */
export function tickHooks(deps: RemindersDeps, jobs?: JobRunner): TickHook[] {
  const hooks: TickHook[] = [
    remindersTick(deps),
    async (now) => void (await enqueueLeadErasure(deps.database.db, now)),
    async (now) => {
      const failed = await failAbandonedImports(deps.database.db, now);
      if (failed.length) deps.logger.warn('abandoned imports marked failed', { importIds: failed });
    },
  ];
  // Due and abandoned jobs (a replayed inbox event, an import whose process died), within the budget.
  if (jobs) hooks.push(async () => void (await jobs.runDue(new Date(deps.clock.now().getTime() + (deps.budgetMs ?? 4 * 60_000)))));
  return hooks;
}
