import { serve } from '@hono/node-server';
import cron from 'node-cron';
import { systemClock } from '../clock.ts';
import { parseConfig, type Config } from '../config/config.ts';
import { createDb, pgliteDirOf } from '../db/create-db.ts';
import { pgliteOpening } from '../db/pglite-template.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createLogger } from '../log/logger.ts';
import { buildService } from './build-service.ts';
import { createTrackedDefer } from './defer.ts';
import { createMessenger, createMessengers } from './messenger-factory.ts';
import { startDingtalkStream, type DingtalkStream } from './dingtalk-stream.ts';
import { nodeExtraRoutes, nodeStartupTasks, scheduledTick } from './node-extras.ts';
import { serverLimits } from './server-limits.ts';
import { errorText } from '../log/error-summary.ts';
import { installProcessGuards } from './process-guards.ts';
import { waitForDatabase } from './wait-for-database.ts';
import { failAbandonedImports } from '../ledger/ledger-import.ts';
import { fileHistory } from '../console/console-history-file.ts';
import { join } from 'node:path';

/** Whole shutdown budget: stop accepting, finish requests and deferred work, close the pool. */
const SHUTDOWN_MS = 10_000;

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

async function main() {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (e) {
    fail((e as Error).message);
  }
  const logger = createLogger(config.logLevel);
  installProcessGuards(logger);
  // One line per phase as it starts, so a first boot is never silent (issue 12).
  const started = Date.now();
  const phase = (name: string, fields?: Record<string, unknown>) => logger.info(name, { ...fields, atMs: Date.now() - started });
  let database: Database;
  try {
    phase('database: opening', config.databaseUrl ? { db: 'postgres' } : { db: 'pglite', from: pgliteOpening(pgliteDirOf(config)) });
    database = await createDb(config);
    // PostgreSQL may still be starting or too busy for one ping; PGlite is in-process, one ping says it.
    const totalMs = config.databaseUrl ? config.databaseWaitSeconds * 1000 : 0;
    const answered = await waitForDatabase(database, {
      totalMs,
      onRetry: (attempt, delayMs) => logger.warn('database: no answer yet, retrying', { attempt, delayMs }),
    });
    if (!answered) throw new Error(totalMs ? `no answer within ${config.databaseWaitSeconds} s` : 'no answer');
    await migrate(database.db, (p) => phase(p === 'migrations' ? 'migrations: applying' : 'regions: loading the division codes'));
  } catch (e) {
    fail(`cannot start: the database ${config.databaseUrl ? 'at DATABASE_URL' : `in ${config.dataDir}`} is not usable: ${errorText(e)}`);
  }
  const clock = systemClock;
  // An import that was running when the last process died is marked failed with its true counts.
  try {
    const failed = await failAbandonedImports(database.db, clock.now());
    if (failed.length) logger.warn('abandoned imports marked failed', { importIds: failed });
  } catch (error) {
    logger.error('abandoned imports could not be checked', { error });
  }
  // The console's chat survives a restart (issue 20 item 13), kept beside the embedded database.
  const consoleHistory = fileHistory(join(config.dataDir, 'console-chat.json'), logger);
  const messengers = createMessengers({ config, database, clock, base: await createMessenger(config, { consoleHistory }) });
  const messenger = messengers.messenger;
  const defer = createTrackedDefer(logger);
  const deps = { config, database, messenger, clock, logger, defer };
  let consoleServed = false;
  const service = buildService({
    ...deps,
    ...(messengers.dingtalk ? { dingtalkDeck: messengers.dingtalk.deck } : {}),
    extraRoutes: (parts) => {
      const routes = nodeExtraRoutes({ ...deps, ...parts });
      consoleServed = routes.some((r) => r.path === '/console');
      return routes;
    },
  });
  const parts = { ...deps, ...service };
  // At boot: jobs left by a process that died (their lease decides when they are taken over).
  service.jobs.kick();
  await nodeStartupTasks(parts, () => phase('demo data: seeding the 历城区 demo when the database is empty'));

  // DingTalk Stream mode: no public URL needed; one connection per process (README "Stream mode").
  let stream: DingtalkStream | undefined;
  if (config.dingtalk?.mode === 'stream' && service.dingtalk) {
    phase('dingtalk: opening the Stream connection');
    stream = startDingtalkStream({ dingtalk: config.dingtalk, handle: service.dingtalk, logger, clock });
  }

  const server = serve({ fetch: service.app.fetch, port: config.port, hostname: '0.0.0.0', serverOptions: serverLimits() }, (info) => {
    phase('listening', { port: info.port, db: database.kind, feishu: !!config.feishu, dingtalk: config.dingtalk?.mode ?? false, console: consoleServed });
    // A plain line, not JSON, so a newcomer (and the newcomer test) can read the URL at a glance.
    if (consoleServed && config.logLevel !== 'silent') process.stdout.write(`console: http://localhost:${info.port}/console\n`);
  });

  // The same tick the Worker's Cron Trigger calls; node-cron's noOverlap keeps one run at a time.
  const task = cron.schedule('*/5 * * * *', () => scheduledTick(parts, clock.now()), {
    name: 'tick',
    timezone: 'Asia/Shanghai',
    noOverlap: true,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_MS);
    force.unref();
    await task.stop();
    await stream?.stop();
    // close() stops accepting and resolves once in-flight requests have been answered.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    });
    await defer.drain(SHUTDOWN_MS - 2000);
    await database.close();
    consoleHistory.flush();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

await main();
