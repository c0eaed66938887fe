import { systemClock } from '../clock.ts';
import { parseConfig } from '../config/config.ts';
import { createPostgresDb } from '../db/postgres-db.ts';
import { createLogger } from '../log/logger.ts';
import { createFeishuMessenger } from '../messenger/feishu-messenger.ts';
import { createConsoleMessenger } from '../messenger/console-messenger.ts';
import { buildService } from './build-service.ts';
import { createMessengers, reachOf } from './messenger-factory.ts';
import type { Defer } from './defer.ts';
import { runTick } from './tick.ts';
import { tickHooks } from './tick-hooks.ts';
import { errorText } from '../log/error-summary.ts';

interface Env {
  HYPERDRIVE?: { connectionString: string };
  [name: string]: unknown;
}
interface ExecutionContext {
  waitUntil(p: Promise<unknown>): void;
}
interface ScheduledController {
  scheduledTime: number;
  cron: string;
}

/** Workers: a connection per request through Hyperdrive (it pools for us); deferred work via waitUntil. */
function setup(env: Env, ctx: ExecutionContext) {
  const vars: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
  if (env.HYPERDRIVE?.connectionString) vars.DATABASE_URL = env.HYPERDRIVE.connectionString;
  // The console is Node-only; the Worker never serves it.
  // 'workers': DingTalk defaults to HTTP mode here, and stream mode is refused.
  const config = { ...parseConfig(vars, 'workers'), console: false };
  if (!config.databaseUrl) throw new Error('invalid configuration: DATABASE_URL (Hyperdrive binding HYPERDRIVE) is required on Workers');
  const logger = createLogger(config.logLevel);
  const database = createPostgresDb(config.databaseUrl, { max: 5, fetchTypes: false, sessionSettings: false });
  const base = config.feishu
    ? createFeishuMessenger({ appId: config.feishu.appId, appSecret: config.feishu.appSecret, domain: config.feishu.domain, fetchAdapter: true })
    : createConsoleMessenger();
  // DingTalk on Workers is HTTP mode only (config refuses stream): POST /dingtalk/events.
  const { messenger, dingtalk } = createMessengers({ config, database, clock: systemClock, base });
  const pending: Promise<unknown>[] = [];
  const defer: Defer = (label, work) => {
    const p = work().catch((error) => logger.error('deferred work failed', { label, error }));
    pending.push(p);
    ctx.waitUntil(p);
  };
  // Close the connection only after the deferred work that may still use it.
  const finish = () => ctx.waitUntil(Promise.allSettled(pending).then(() => database.close()));
  return { config, logger, database, messenger, defer, finish, ...(dingtalk ? { dingtalkDeck: dingtalk.deck } : {}) };
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let s: ReturnType<typeof setup>;
    try {
      s = setup(env, ctx);
    } catch (e) {
      return Response.json({ ok: false, error: errorText(e) }, { status: 500 });
    }
    const service = buildService({ ...s, clock: systemClock });
    try {
      return await service.app.fetch(request);
    } finally {
      s.finish();
    }
  },

  /** Cron Trigger (UTC); the tick is idempotent, so any schedule works. */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const s = setup(env, ctx);
    const service = buildService({ ...s, clock: systemClock });
    try {
      const hooks = tickHooks({ database: s.database, messenger: s.messenger, reach: reachOf(s.config), clock: systemClock, logger: s.logger, budgetMs: 60_000 }, service.jobs);
      await runTick({ dedupe: service.dedupe, logger: s.logger }, new Date(controller.scheduledTime), hooks);
    } finally {
      s.finish();
    }
  },
};
