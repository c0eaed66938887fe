import { serve } from '@hono/node-server';
import { systemClock } from '../../../src/clock.ts';
import { parseConfig } from '../../../src/config/config.ts';
import { createPostgresDb } from '../../../src/db/postgres-db.ts';
import { createDedupe } from '../../../src/db/stores/dedupe-store.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { createConsoleMessenger } from '../../../src/messenger/console-messenger.ts';
import { buildService } from '../../../src/runtime/build-service.ts';
import { createTrackedDefer } from '../../../src/runtime/defer.ts';
import { FIXTURE_APP } from '../../fixtures/feishu/bodies.ts';
const mode = process.argv[2]; const pgUrl = process.argv[3]; const opts = JSON.parse(process.argv[4] ?? '{}');
const config = parseConfig({ FEISHU_APP_ID: FIXTURE_APP.appId, FEISHU_APP_SECRET: FIXTURE_APP.appSecret, FEISHU_VERIFICATION_TOKEN: FIXTURE_APP.verificationToken, FEISHU_ENCRYPT_KEY: FIXTURE_APP.encryptKey, DATABASE_URL: pgUrl, CONSOLE: 'off', LOG_LEVEL: 'warn' });
const logger = createLogger('warn', (l) => process.stderr.write(l + '\n'));
const database = createPostgresDb(pgUrl);
const service = buildService({ config, database, messenger: createConsoleMessenger({ clock: systemClock }), clock: systemClock, logger, defer: createTrackedDefer(logger) });
service.bot.handle = async () => {};
let statements = 0, keys = 0;
if (mode === 'fake') Object.assign(service.dedupe, { firstDelivery: async () => true });
else {
  const real = createDedupe(database.db, opts);
  // count statements via wrapping db.execute is hard; count waiters per flush by timing instead
  Object.assign(service.dedupe, real);
}
const s = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' });
s.once('listening', () => process.send!({ port: (s.address() as any).port }));
process.on('message', () => { const u = process.cpuUsage(); process.send!({ cpu: u.user + u.system, st: (service.dedupe as any).stats?.() }); });
