/**
 * The service as src/runtime/node.ts starts it (process guards, database, migrations, abandoned
 * imports, the real Feishu messenger, jobs kicked at boot, the tick), for the fault bench. Two
 * differences, both so that a 30-second run sees what hours of production would:
 * - FAULT_TICK_MS: the tick every few seconds instead of node-cron's 5 minutes;
 * - FAULT_CLOCK_OFFSET_MS: the service's clock runs this far ahead of the machine's. The bench's
 *   last start uses it to stand for "the next start or tick, after every lease has run out"
 *   (the inbox's 2 minutes, an import's 10), without waiting for them.
 * Logs go to stdout as the service writes them; the bench reads every line.
 */
import { serve } from '@hono/node-server';
import type { Clock } from '../../../src/clock.ts';
import { parseConfig } from '../../../src/config/config.ts';
import { createDb } from '../../../src/db/create-db.ts';
import { migrate } from '../../../src/db/migrate.ts';
import { failAbandonedImports } from '../../../src/ledger/ledger-import.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { errorText } from '../../../src/log/error-summary.ts';
import { buildService } from '../../../src/runtime/build-service.ts';
import { createTrackedDefer } from '../../../src/runtime/defer.ts';
import { createMessenger, createMessengers } from '../../../src/runtime/messenger-factory.ts';
import { scheduledTick } from '../../../src/runtime/node-extras.ts';
import { installProcessGuards } from '../../../src/runtime/process-guards.ts';
import { serverLimits } from '../../../src/runtime/server-limits.ts';
import { waitForDatabase } from '../../../src/runtime/wait-for-database.ts';

// The bench owns this process: if the bench dies (an OOM, a kill), this one must not live on,
// hammering a database and a port nobody watches (an orphan did, for 45 minutes, here).
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(3);
}, 1000).unref();

const offsetMs = Number(process.env.FAULT_CLOCK_OFFSET_MS ?? 0);
const tickMs = Number(process.env.FAULT_TICK_MS ?? 3000);
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

const config = parseConfig(process.env);
const logger = createLogger(config.logLevel);
installProcessGuards(logger);
let database: Awaited<ReturnType<typeof createDb>>;
try {
  database = await createDb(config);
  // As node.ts: a database that does not answer at once is waited for, not a reason to exit.
  const totalMs = config.databaseUrl ? config.databaseWaitSeconds * 1000 : 0;
  if (!(await waitForDatabase(database, { totalMs }))) throw new Error('no answer');
  await migrate(database.db);
} catch (e) {
  process.stderr.write(`cannot start: ${errorText(e)}\n`);
  process.exit(1);
}
try {
  const failed = await failAbandonedImports(database.db, clock.now());
  if (failed.length) logger.warn('abandoned imports marked failed', { importIds: failed });
} catch (error) {
  logger.error('abandoned imports could not be checked', { error });
}
const messengers = createMessengers({ config, database, clock, base: await createMessenger(config) });
const defer = createTrackedDefer(logger);
const deps = { config, database, messenger: messengers.messenger, clock, logger, defer };
const service = buildService(deps);
const parts = { ...deps, ...service };
service.jobs.kick();
let ticking = false;
setInterval(() => {
  if (ticking) return; // node-cron's noOverlap
  ticking = true;
  void scheduledTick(parts, clock.now()).finally(() => (ticking = false));
}, tickMs);
serve({ fetch: service.app.fetch, port: config.port, hostname: '127.0.0.1', serverOptions: serverLimits() }, (info) => {
  process.stdout.write(`fault-service listening ${info.port}\n`);
});
