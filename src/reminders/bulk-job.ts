/**
 * An officer's bulk reminder as a durable job (kind 'reminder-bulk'), queued by the confirmation
 * in bulk-flow.ts: plans who has something due in the region (the same computation as the
 * preview and the daily digest) and queues one outbox message per person with enqueueBulk, whose
 * keys come from the bulk id: a retry queues nothing more. The officer gets a card when it is
 * done, with the counts; its uuid comes from the job id.
 */
import type { PromptKey, Prompts } from '../bot/prompts.ts';
import { text } from '../cards/card-kit.ts';
import { richPrompt } from '../cards/rich.ts';
import { fillTemplate } from '../cards/templates.ts';
import type { Db, Tx } from '../db/database.ts';
import { enqueueBulk } from '../db/reminders/outbox-store.ts';
import { writeAudit } from '../db/stores/audit-store.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log/logger.ts';
import { shanghaiDate } from '../domain/shanghai-date.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { Messenger } from '../messenger/messenger.ts';
import { dueItemsWithin, planning, uncoveredWarner } from './planner.ts';

export const REMINDER_BULK_JOB = 'reminder-bulk';

export interface BulkJobPayload {
  openId: string;
  personId: string | null;
  region: string;
  bulkId: string;
  /** Who the message says it is from (the officer's name). */
  from: string;
}

/** Who in the region has something due, with how many items each; the officer themself left out. */
export async function planBulk(db: Db | Tx, clock: Clock, logger: Logger, region: string, officerId: string | null) {
  const onUncovered = uncoveredWarner(logger);
  const p = await planning(db, clock.now(), onUncovered);
  const due = (await dueItemsWithin(db, region, p, onUncovered)).filter((d) => !d.notApplicableReason && !d.snoozedUntil && d.personId !== officerId);
  const counts = new Map<string, number>();
  for (const d of due) counts.set(d.personId, (counts.get(d.personId) ?? 0) + 1);
  return { people: [...counts].map(([id, n]) => ({ id, n })), items: due.length };
}

export function bulkMessageCard(t: Prompts, titleKey: PromptKey, key: PromptKey, vars: Record<string, string | number>) {
  return fillTemplate('message', { title: t(titleKey), summary: t(titleKey), color: 'green' }, { body: [text(richPrompt(t, key, vars))] });
}

export function reminderBulkJob(deps: { messenger: Messenger; t: Prompts }): JobHandler {
  return async (ctx) => {
    const p = ctx.job.payload as unknown as BulkJobPayload;
    const plan = await planBulk(ctx.db, ctx.clock, ctx.logger, p.region, p.personId);
    const now = ctx.clock.now();
    const queued = await ctx.db.transaction(async (tx: Tx) => {
      const n = await enqueueBulk(tx, p.bulkId, plan.people.map((x) => ({ personId: x.id, payload: { from: p.from, n: x.n } })), shanghaiDate(now), now);
      // A retry after the commit queues nothing and was audited already.
      if (n > 0) await writeAudit(tx, { action: 'create', entity: 'reminder_bulk', entityId: p.bulkId, actorId: p.personId, actorLabel: p.personId ? null : p.openId, after: { region: p.region, people: plan.people.length, queued: n }, at: now });
      return n;
    });
    await ctx.progress({ people: plan.people.length, items: plan.items, queued });
    const card = bulkMessageCard(deps.t, 'reminders.bulk.done_title', 'reminders.bulk.done', { n: plan.people.length, items: plan.items });
    await deps.messenger.sendCard({ openId: p.openId }, card, { uuid: `bulk-${ctx.job.id}` });
  };
}
