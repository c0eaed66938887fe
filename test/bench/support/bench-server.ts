/**
 * One server under test, in a process of its own (so the load generator and the bench runner do
 * not share its event loop). Started by servers.ts with fork(); talks over IPC:
 *   child → parent {type:'ready', port, ...}      parent → child {type:'stats'} | {type:'stop'}
 * Kinds: 'bare' (Hono routes answering 200), 'sdk' (the Lark SDK's adaptDefault server),
 * 'receiver' (the service's real Node path, bot.handle stubbed), 'dingtalk' (the same service with
 * a DingTalk app in HTTP mode instead of Feishu, its robot messages counted instead of answered),
 * 'callback' (the service with the bench's two-step flow and people with open drafts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import * as lark from '@larksuiteoapi/node-sdk';
import { systemClock } from '../../../src/clock.ts';
import { parseConfig } from '../../../src/config/config.ts';
import { createPostgresDb } from '../../../src/db/postgres-db.ts';
import { createPgliteDb } from '../../../src/db/pglite-db.ts';
import { migrate } from '../../../src/db/migrate.ts';
import type { Db } from '../../../src/db/database.ts';
import { people, personRoles } from '../../../src/db/schema/core.ts';
import { rowsOf } from '../../../src/db/sql.ts';
import { sql } from 'drizzle-orm';
import { createDedupe, type DedupeOptions } from '../../../src/db/stores/dedupe-store.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { createConsoleMessenger } from '../../../src/messenger/console-messenger.ts';
import { buildService } from '../../../src/runtime/build-service.ts';
import { createTrackedDefer } from '../../../src/runtime/defer.ts';
import { coreFeature } from '../../../src/bot/core-feature.ts';
import { createMessengers } from '../../../src/runtime/messenger-factory.ts';
import { DT_APP } from '../../fixtures/dingtalk/bodies.ts';
import { FIXTURE_APP } from '../../fixtures/feishu/bodies.ts';
import { benchNoteFeature } from './note-feature.ts';
import { ledgerFeature } from '../../../src/ledger/chat/ledger-feature.ts';
import { openDrafts } from './drafts.ts';

export interface ServerOptions {
  kind: 'bare' | 'sdk' | 'receiver' | 'dingtalk' | 'callback';
  pgUrl?: string;
  /** callback: how many people get a draft at step 1 ('step') and at step 2 ('submit'). */
  drafts?: { step: number; submit: number };
  /** receiver: other dedupe batching than the service's defaults, to compare settings. */
  dedupe?: DedupeOptions;
  /** receiver/callback: postgres.js pool size (the service's default when unset). */
  poolMax?: number;
  /** callback: the embedded database in this folder instead of PostgreSQL (pgUrl unused). */
  pgliteDir?: string;
  /** callback: an officer who sends a ledger file in chat (chat-import bench). */
  importer?: { openId: string; regionCode: string };
}

const opts = JSON.parse(process.env.BENCH_SERVER_OPTS ?? '{}') as ServerOptions;
const send = (m: Record<string, unknown>) => process.send!(m);
let stats: () => Record<string, unknown> | Promise<Record<string, unknown>> = () => ({});
let putResource: (m: { messageId: string; fileKey: string; path: string }) => void = () => {
  throw new Error('put-resource: only the callback server holds files');
};

async function openPglite(dir: string) {
  const database = await createPgliteDb(dir);
  await migrate(database.db);
  return database;
}

/** The ledger-import jobs, for the chat-import bench to follow (PGlite has no second client). */
async function jobStates(db: Db) {
  return rowsOf<{ state: string; attempts: number; progress: Record<string, unknown> }>(db, sql`select state, attempts, progress from jobs where kind = 'ledger-import' order by created_at`);
}
let close: () => Promise<void> = async () => {};

function listen(server: Server, extra: Record<string, unknown> = {}) {
  server.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (server.address() as AddressInfo).port, ...extra }));
}

async function start() {
  if (opts.kind === 'bare') {
    const app = new Hono();
    app.post('/feishu/events', (c) => c.json({}));
    app.post('/dingtalk/events', (c) => c.json({}));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    server.once('listening', () => send({ type: 'ready', port: (server.address() as AddressInfo).port }));
    close = () => new Promise((r) => server.close(() => r()));
    return;
  }
  if (opts.kind === 'sdk') {
    let handled = 0;
    const dispatcher = new lark.EventDispatcher({ encryptKey: FIXTURE_APP.encryptKey, verificationToken: FIXTURE_APP.verificationToken }).register({
      'im.message.receive_v1': async () => {
        handled++;
      },
    });
    const server = createServer(lark.adaptDefault('/webhook/event', dispatcher));
    stats = () => ({ handled });
    listen(server);
    close = () => new Promise((r) => server.close(() => r()));
    return;
  }
  const app =
    opts.kind === 'dingtalk'
      ? { DINGTALK_CLIENT_ID: DT_APP.clientId, DINGTALK_CLIENT_SECRET: DT_APP.clientSecret, DINGTALK_MODE: 'http' }
      : {
          FEISHU_APP_ID: FIXTURE_APP.appId,
          FEISHU_APP_SECRET: FIXTURE_APP.appSecret,
          FEISHU_VERIFICATION_TOKEN: FIXTURE_APP.verificationToken,
          FEISHU_ENCRYPT_KEY: FIXTURE_APP.encryptKey,
        };
  const config = parseConfig({
    ...app,
    ...(opts.pgliteDir ? {} : { DATABASE_URL: opts.pgUrl }),
    CONSOLE: 'off',
    LOG_LEVEL: 'warn',
  });
  // Logs go to stderr: the runner's stdout carries figures only.
  const logger = createLogger(config.logLevel, (l) => process.stderr.write(`${l}\n`));
  const database = opts.pgliteDir ? await openPglite(opts.pgliteDir) : createPostgresDb(config.databaseUrl!, opts.poolMax ? { max: opts.poolMax } : {});
  const messenger = createConsoleMessenger({ clock: systemClock });
  const defer = createTrackedDefer(logger);
  // The chat-import bench's officer sends a ledger: the ledger feature takes the file.
  const features = opts.kind === 'callback' ? [coreFeature, benchNoteFeature, ...(opts.importer ? [ledgerFeature] : [])] : undefined;
  // The receiver is measured, not the bot: each first delivery is counted instead of answered.
  let handled = 0;
  const count = async () => {
    handled++;
  };
  // DingTalk's receiver takes the deck's wrapper of the bot (which reads the person's deck before
  // the bot): the stub stands in for that wrapper. Its client is never called.
  const dingtalkDeck = opts.kind === 'dingtalk' ? { ...createMessengers({ config, database, clock: systemClock, base: messenger }).dingtalk!.deck, wrap: () => ({ handle: count, action: async () => ({}), resend: async () => {} }) } : undefined;
  const service = buildService({ config, database, messenger, clock: systemClock, logger, defer, features, ...(dingtalkDeck ? { dingtalkDeck } : {}) });
  let extra: Record<string, unknown> = {};
  if (opts.kind === 'receiver' || opts.kind === 'dingtalk') {
    service.bot.handle = count;
    // The receiver holds this object: swapping its methods swaps the batching it uses.
    if (opts.dedupe) Object.assign(service.dedupe, createDedupe(database.db, opts.dedupe));
    // How long requests waited for their dedupe statement (the database's part of the latency).
    const firstDelivery = service.dedupe.firstDelivery;
    let waits: number[] = [];
    service.dedupe.firstDelivery = async (keys) => {
      const t = performance.now();
      try {
        return await firstDelivery(keys);
      } finally {
        waits.push(performance.now() - t);
      }
    };
    stats = () => {
      const sorted = waits.sort((a, b) => a - b);
      waits = [];
      const p99 = sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
      return { handled, dedupe: (service.dedupe as { stats?: () => unknown }).stats?.(), dedupeWaitP99Ms: Math.round(p99 * 100) / 100, dedupeWaitMaxMs: Math.round((sorted.at(-1) ?? 0) * 100) / 100 };
    };
  } else {
    extra = await openDrafts(database.db, service.bot, messenger, opts.drafts ?? { step: 0, submit: 0 });
    // Count what the callbacks answered, so the bench can tell success from fast failure.
    let cards = 0;
    let errorToasts = 0;
    const action = service.bot.action;
    service.bot.action = async (a) => {
      const reply = await action(a);
      if (reply.card) cards++;
      if (reply.toast?.type === 'error' || reply.toast?.type === 'warning') errorToasts++;
      return reply;
    };
    if (opts.importer) {
      const [row] = await database.db.insert(people).values({ name: '导入干部', openId: opts.importer.openId }).returning({ id: people.id });
      await database.db.insert(personRoles).values({ personId: row!.id, role: 'officer', regionCode: opts.importer.regionCode });
    }
    // The chat-import bench registers the file its message names, as Feishu holds it.
    putResource = (m) => messenger.putResource(m.messageId, m.fileKey, new Uint8Array(readFileSync(m.path)));
    stats = async () => ({ cards, errorToasts, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), jobs: await jobStates(database.db) });
  }
  const server = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  server.once('listening', () => send({ type: 'ready', port: (server.address() as AddressInfo).port, ...extra }));
  close = async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await defer.drain(5000);
    await database.close();
  };
}

/** A V8 CPU profile of the measured part only (servers.ts asks when BENCH_CPU_PROF is set). */
let profiler: Session | undefined;
async function profile(m: { type: string; file?: string }) {
  if (m.type === 'profile-start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  } else if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(m.file!, JSON.stringify(profile));
    profiler.disconnect();
    profiler = undefined;
  }
  send({ type: `${m.type}-done` });
}

process.on('message', async (m: { type: string; file?: string }) => {
  if (m.type === 'profile-start' || m.type === 'profile-stop') await profile(m);
  // cpu: this process's user+system time so far (µs), to get the server's CPU cost per request.
  if (m.type === 'stats') {
    const u = process.cpuUsage();
    send({ type: 'stats', cpuMicros: u.user + u.system, ...(await stats()) });
  }
  if (m.type === 'put-resource') {
    putResource(m as unknown as { messageId: string; fileKey: string; path: string });
    send({ type: 'put-resource-done' });
  }
  if (m.type === 'stop') {
    await close();
    process.exit(0);
  }
});
// The runner went away (killed, crashed): do not linger.
process.on('disconnect', () => process.exit(0));
start().catch((e) => {
  process.stderr.write(`bench server ${opts.kind} failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
