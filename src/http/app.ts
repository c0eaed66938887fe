import { Hono } from 'hono';
import type { Bot } from '../bot/bot.ts';
import { createDedupe, type Dedupe } from '../db/stores/dedupe-store.ts';
import { feishuReceiver } from './feishu-receiver.ts';
import { apiRoutes } from './api-routes.ts';
import type { ServiceParts } from '../runtime/service-parts.ts';

export interface AppDeps extends ServiceParts {
  bot: Bot;
  dedupe?: Dedupe;
  /** Extra route groups mounted by the runtime (the console on Node, the API). */
  mount?: Array<{ path: string; app: Hono }>;
}

/** The one Hono app both runtimes serve; it never asks which runtime it is on (design habit 2). */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const dedupe = deps.dedupe ?? createDedupe(deps.database.db);

  app.get('/healthz', async (c) => {
    const ok = await deps.database.ping(2000);
    return c.json({ ok, db: deps.database.kind }, ok ? 200 : 503);
  });

  if (deps.config.feishu) {
    app.route('/feishu', feishuReceiver({ feishu: deps.config.feishu, bot: deps.bot, dedupe, defer: deps.defer, clock: deps.clock, logger: deps.logger }));
  }
  // Disabled (404) unless API_TOKEN is set.
  app.route('/api/v1', apiRoutes({ database: deps.database, clock: deps.clock, apiToken: deps.config.apiToken }));
  for (const m of deps.mount ?? []) app.route(m.path, m.app);

  // The README's first link is http://localhost:3000: send a visitor to the console when it is
  // served, else say what answers here rather than a bare 404.
  const consoleOn = (deps.mount ?? []).some((m) => m.path === '/console');
  app.get('/', (c) =>
    consoleOn
      ? c.redirect('/console', 302)
      : c.html('<!doctype html><meta charset="utf-8"><title>liangxin-bot</title><p>liangxin-bot is running. Health: <a href="/healthz">/healthz</a></p>'),
  );

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError(async (err, c) => {
    // A database that went away is a 503 the client can retry, not a crash.
    const dbDown = !(await deps.database.ping(1000));
    deps.logger.error('request failed', { path: c.req.path, error: err, dbDown });
    return dbDown ? c.json({ error: 'database unavailable' }, 503) : c.json({ error: 'internal error' }, 500);
  });
  return app;
}
