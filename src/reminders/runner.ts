/**
 * The reminders' part of the periodic tick (node-cron on Node, the Cron Trigger on Workers, `cli
 * reminders run`): on a working day from the digest hour, plan the day once; inside the send
 * window, deliver what the outbox holds. Idempotent: run it as often and on as many processes as
 * you like.
 */
import { prompts as allPrompts } from '../bot/all-prompts.ts';
import type { Prompts } from '../bot/prompts.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { ClaimedRow, DigestItemRow } from '../db/reminders/outbox-store.ts';
import type { Logger } from '../log/logger.ts';
import type { Messenger } from '../messenger/messenger.ts';
import type { Reach } from '../db/stores/recipient-store.ts';
import type { TickHook } from '../runtime/tick.ts';
import { bulkCard, digestCard } from './digest-card.ts';
import { digestItems } from './digest-items.ts';
import { deliver, type DeliveryStats, type Outgoing } from './delivery.ts';
import { planDay, planning, uncoveredWarner, type Planning, type PlanResult } from './planner.ts';
import { REPORT_FILE_JOB, reportFileHandler, reportFileJob } from './report-file-job.ts';
import { createJobRunner } from '../jobs/job-runner.ts';
import { moment } from './schedule.ts';

export interface RemindersDeps {
  database: Pick<Database, 'db'>;
  messenger: Messenger;
  /** The messengers people are reached on (reachOf(config)). */
  reach: Reach;
  clock: Clock;
  logger: Logger;
  t?: Prompts;
  /** Names this process in claims; a random one per process by default. */
  workerId?: string;
  /** How long one tick may keep delivering (default 4 minutes: the Node tick runs every 5). */
  budgetMs?: number;
  concurrency?: number;
  batchSize?: number;
  leaseMs?: number;
  waitForRetriesMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface RunResult {
  today: string;
  workingDay: boolean;
  plan: PlanResult | null;
  delivery: DeliveryStats | null;
}

// Made on first use: workerd forbids random values at module scope.
let processWorkerId: string | undefined;
const processWorker = () => (processWorkerId ??= `w-${crypto.randomUUID().slice(0, 8)}`);

/** Turns a claimed row into what is sent: the digest card, the report file, a bulk reminder. */
export function createRender(deps: RemindersDeps, p: Planning) {
  const t = deps.t ?? allPrompts;
  const onUncovered = uncoveredWarner(deps.logger);
  const reportDeps = { db: deps.database.db, clock: deps.clock, planning: p, onUncovered };
  return async (row: ClaimedRow, items: DigestItemRow[]): Promise<Outgoing> => {
    if (row.kind === 'bulk') return { card: bulkCard(t, String(row.payload.from ?? ''), Number(row.payload.n ?? 0)) };
    // Built and sent by its job (report-file-job.ts), after this row's digest card.
    if (row.kind === 'report_file') return { job: reportFileJob({ outboxId: row.id, reminderId: String(row.payload.reminderId), personId: row.personId }) };
    if (items.length === 0) return { skip: 'no items' };
    return { card: digestCard(t, row.day, await digestItems(t, reportDeps, items)) };
  };
}

/** One run as of `now`: plan if it is time, deliver if the window is open. */
export async function runReminders(deps: RemindersDeps, now: Date, opts: { force?: boolean; full?: boolean } = {}): Promise<RunResult> {
  const db = deps.database.db;
  const onUncovered = uncoveredWarner(deps.logger);
  const p = await planning(db, now, onUncovered);
  const m = p.moment;
  if (!m.workingDay) return { today: m.today, workingDay: false, plan: null, delivery: null };
  let plan: PlanResult | null = null;
  if (m.mayPlan) {
    plan = await planDay(db, p, onUncovered, { force: opts.force, full: opts.full, now, reach: deps.reach });
    if (plan.ran) deps.logger.info('reminders planned', { day: m.today, planned: plan.planned, ...plan.batch });
  }
  let delivery: DeliveryStats | null = null;
  if (m.mayDeliver) {
    const timing = p.book.national;
    delivery = await deliver({
      db,
      messenger: deps.messenger,
      reach: deps.reach,
      clock: deps.clock,
      logger: deps.logger,
      render: createRender(deps, p),
      workerId: deps.workerId ?? processWorker(),
      maxAttempts: timing.reminders.deliveryAttempts,
      // Checked before each claim, with the real time: at 20:00 the bot falls silent mid-run.
      mayDeliver: (at) => moment(at, timing, onUncovered).mayDeliver,
      deadline: new Date(deps.clock.now().getTime() + (deps.budgetMs ?? 4 * 60_000)),
      leaseMs: deps.leaseMs,
      batchSize: deps.batchSize,
      concurrency: deps.concurrency,
      waitForRetriesMs: deps.waitForRetriesMs,
      sleep: deps.sleep,
      random: deps.random,
    });
    if (delivery.sent || delivery.failed || delivery.retrying) deps.logger.info('reminders delivered', { day: m.today, ...delivery });
    // The report files delivery handed to their jobs, sent now in this run (CLI and console
    // runs have no service runner); the service's runner takes any retry on a later tick.
    const files = createJobRunner({
      db,
      clock: deps.clock,
      logger: deps.logger,
      workerId: deps.workerId ?? processWorker(),
      leaseMs: deps.leaseMs,
      random: deps.random,
      handlers: { [REPORT_FILE_JOB]: reportFileHandler({ messenger: deps.messenger, reach: deps.reach, t: deps.t ?? allPrompts }) },
    });
    await files.runDue(new Date(deps.clock.now().getTime() + (deps.budgetMs ?? 4 * 60_000)));
  }
  return { today: m.today, workingDay: true, plan, delivery };
}

/**
 * The hook for runTick. Wire it on both runtimes with the same deps:
 *   runTick(parts, now, [remindersTick({ database, messenger, reach, clock, logger })])
 */
export function remindersTick(deps: RemindersDeps): TickHook {
  return async (now) => {
    await runReminders(deps, now);
  };
}
