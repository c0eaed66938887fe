import type { Hono } from 'hono';
import type { Bot } from '../bot/bot.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { Dedupe } from '../db/stores/dedupe-store.ts';
import type { Logger } from '../log/logger.ts';
import type { Messenger } from '../messenger/messenger.ts';
import type { Defer } from './defer.ts';
import { runTick } from './tick.ts';
import { consoleRoutes } from '../console/console-routes.ts';
import type { ConsoleMessenger } from '../messenger/console-messenger.ts';

export interface NodeParts {
  config: Config;
  database: Database;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
  defer: Defer;
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
  return [{ path: '/console', app: consoleRoutes({ ...parts, messenger: parts.messenger, open: parts.config.consoleOpen }) }];
}

function isConsoleMessenger(m: Messenger): m is ConsoleMessenger {
  return typeof (m as Partial<ConsoleMessenger>).subscribe === 'function' && typeof (m as Partial<ConsoleMessenger>).registerToken === 'function';
}

/** Work at boot (demo data on an empty embedded database). */
export async function nodeStartupTasks(_parts: NodeParts & { app: Hono }): Promise<void> {}

/** The periodic tick on Node (the Worker's `scheduled` runs the same runTick). */
export async function scheduledTick(parts: NodeParts, now: Date): Promise<void> {
  await runTick(parts, now);
}
