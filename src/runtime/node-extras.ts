import type { Hono } from 'hono';
import type { ServiceParts } from './service-parts.ts';
import type { Messenger } from '../messenger/messenger.ts';
import type { Bot } from '../bot/bot.ts';
import type { Clock } from '../clock.ts';
import type { Dedupe } from '../db/stores/dedupe-store.ts';
import { runTick, type TickHook } from './tick.ts';
import { tickHooks } from './tick-hooks.ts';
import { reachOf } from './messenger-factory.ts';
import { consoleRoutes } from '../console/console-routes.ts';
import type { ConsoleMessenger } from '../messenger/console-messenger.ts';
import { recordSends } from '../console/console-reminders.ts';
import { fixedClock } from '../clock.ts';
import { runReminders } from '../reminders/runner.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import type { JobRunner } from '../jobs/job-runner.ts';

export interface NodeParts extends ServiceParts {
  bot: Bot;
  dedupe: Dedupe;
}

/** Routes only the Node service has: the local console, when on and the bot talks to it. */
export function nodeExtraRoutes(parts: NodeParts): Array<{ path: string; app: Hono }> {
  if (!parts.config.console) return [];
  if (!isConsoleMessenger(parts.messenger)) {
    parts.logger.warn('CONSOLE=on with a Feishu app: the console is not served, the bot talks to Feishu');
    return [];
  }
  return [{ path: '/console', app: consoleRoutes({ ...parts, messenger: parts.messenger, open: parts.config.consoleOpen, runReminders: (at) => consoleReminders(parts, at) }) }];
}

/**
 * The console's clock control: plan and deliver the reminders as of the chosen instant (the
 * reminders read that instant as "now" throughout), and say who got what in this run.
 */
async function consoleReminders(parts: NodeParts, at: Date) {
  const rec = recordSends(parts.messenger);
  const r = await runReminders({ database: parts.database, messenger: rec.messenger, reach: reachOf(parts.config), clock: fixedClock(at), logger: parts.logger }, at);
  return { sent: await rec.named(parts.database.db), planned: r.plan?.planned ?? 0, today: r.today, workingDay: r.workingDay, delivered: r.delivery !== null };
}

function isConsoleMessenger(m: Messenger): m is ConsoleMessenger {
  return typeof (m as Partial<ConsoleMessenger>).subscribe === 'function' && typeof (m as Partial<ConsoleMessenger>).registerToken === 'function';
}

/**
 * Work at boot: the demo data on an empty embedded database when no Feishu app is configured, so
 * `npm start` alone shows the bot in the console. A DATABASE_URL database is never seeded here
 * (`cli seed-demo` does that, and only when it is empty), nor is a deployment talking to Feishu or DingTalk.
 */
export async function nodeStartupTasks(parts: NodeParts & { app: Hono }, onStart: () => void = () => {}): Promise<void> {
  if (parts.config.databaseUrl || parts.config.feishu || parts.config.dingtalk) return;
  onStart();
  try {
    const r = await seedDemo(parts.database, { now: parts.clock.now() });
    if (r.seeded) parts.logger.info('demo data seeded (see /console)', { ...r.counts, ms: r.ms });
  } catch (error) {
    parts.logger.error('the demo data could not be seeded', { error });
  }
}

/** The periodic tick on Node (the Worker's `scheduled` runs the same runTick). */
const hooksOf = new WeakMap<NodeParts, TickHook[]>();
export async function scheduledTick(parts: NodeParts & { jobs?: JobRunner }, now: Date): Promise<void> {
  let hooks = hooksOf.get(parts);
  if (!hooks) {
    hooks = tickHooks({ database: parts.database, messenger: parts.messenger, reach: reachOf(parts.config), clock: parts.clock, logger: parts.logger }, parts.jobs);
    hooksOf.set(parts, hooks);
  }
  await runTick(parts, now, hooks);
}
