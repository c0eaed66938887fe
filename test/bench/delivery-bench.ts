/**
 * Issue 16 item 4 (issue 8 before it): delivering reminder digests with the real delivery code
 * (deliver(), the outbox claims, the Feishu messenger with its rate limiter, backoff and the send
 * pacer) to a stand-in of Feishu's Open API in a process of its own on 127.0.0.1
 * (support/feishu-send-standin.ts: 50 calls/s, failed ones counted too, and 5 % of the calls under
 * that failing, half with Feishu's rate-limit code 99991400 and half with 500s).
 *
 * Figures, with the goals beside them: sends per second (calls the stand-in received per second
 * while the run lasted: how much of the 50/s the sender used; goal ≥ 48), delivered per second
 * (digests accepted once; as the stand-in counts failed calls against its 50/s, at most
 * 50 × 0.95 = 47.5), duplicates (a person shown a second message; goal 0), lost (a digest never
 * accepted; goal 0).
 * Scale (env, read here only): DELIVERY_BENCH_DIGESTS (10000; BENCH_QUICK=1 divides by 20),
 * DELIVERY_BENCH_PACE (calls per second the sender aims at, default the service's).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { fixedClock, systemClock } from '../../src/clock.ts';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { buildDigests } from '../../src/db/reminders/outbox-store.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createFeishuMessenger } from '../../src/messenger/feishu-messenger.ts';
import { createRateLimiter } from '../../src/messenger/rate-limiter.ts';
import { deliver } from '../../src/reminders/delivery.ts';
import { planning, uncoveredWarner } from '../../src/reminders/planner.ts';
import { createRender } from '../../src/reminders/runner.ts';
import { reachOf } from '../../src/runtime/messenger-factory.ts';
import { pacedLimiter } from '../../src/reminders/send-pacer.ts';
import type { BenchContext } from './support/context.ts';
import { STANDIN_FAIL_RATE, STANDIN_RATE } from './support/feishu-send-standin.ts';
import { prioritize } from './support/priority.ts';

/** Feishu-style open_ids, as the stand-in takes. */
const CONSOLE_REACH = reachOf({});
const GOAL_SENDS_PER_SECOND = 48;
/** Calls per second the sender aims at: just under the stand-in's limit. */
const PACE = Number(process.env.DELIVERY_BENCH_PACE ?? 49);

const round1 = (x: number) => Math.round(x * 10) / 10;

export default async function run(ctx: BenchContext): Promise<void> {
  const digests = Math.round(Number(process.env.DELIVERY_BENCH_DIGESTS ?? 10_000) / (ctx.quick ? 20 : 1));
  const url = await ctx.createDatabase();
  const database = createPostgresDb(url, { max: 8 });
  const db = database.db;
  const child = fork(fileURLToPath(new URL('./support/feishu-send-standin.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FEISHU_SEND_STANDIN: '1' },
  });
  prioritize(child.pid);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port));
      child.once('error', reject);
    });
    const today = '2026-10-30';
    const at = new Date('2026-10-30T01:00:00Z');
    ctx.log(`queueing ${digests} digests…`);
    await db.execute(sql`insert into people (name, open_id) select '书记' || g, 'ou_d_' || g from generate_series(1, ${digests}::int) g`);
    await db.execute(sql`
      insert into reminders (person_id, item_type, item_key, period_key, kind, planned_on, payload)
      select id, 'meeting', 'meeting:' || id || ':committee', '2026-09', 'overdue', ${today}::date,
        jsonb_build_object('t', 'meeting', 'partyOrgId', id, 'partyOrgName', '党支部' || name, 'meetingKind', 'committee', 'periodKey', '2026-09', 'dueOn', '2026-09-30', 'days', 30)
      from people`);
    await buildDigests(db, today, at, CONSOLE_REACH);
    const base = `http://127.0.0.1:${port}`;
    const logger = createLogger('error', (l) => process.stderr.write(`${l}\n`));
    // The stand-in's limits (50/s; Feishu's real 1000/min would cap a sustained run at ~16.7/s),
    // with calls spaced evenly just under the limit so arrival jitter does not trip it.
    const time = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
    const limiter = pacedLimiter(createRateLimiter(time, { perSecond: STANDIN_RATE, perMinute: STANDIN_RATE * 60, perRecipientPerSecond: 5 }), PACE, time);
    const messenger = createFeishuMessenger({ appId: 'cli_bench', appSecret: 'secret', domain: base, limiter, logger: { warn() {} } });
    const onUncovered = uncoveredWarner(logger);
    const p = await planning(db, at, onUncovered);
    const render = createRender({ database: { db }, messenger, reach: CONSOLE_REACH, clock: fixedClock(at), logger }, p);
    ctx.log(`delivering at ${PACE}/s…`);
    const started = Date.now();
    const stats = await deliver({
      db,
      messenger,
      reach: CONSOLE_REACH,
      clock: systemClock,
      logger,
      render,
      workerId: 'bench',
      maxAttempts: 5,
      mayDeliver: () => true,
      deadline: new Date(Date.now() + 15 * 60_000),
      concurrency: 24,
      batchSize: 4,
      waitForRetriesMs: 60_000,
    });
    const wallMs = Date.now() - started;
    const server = (await (await fetch(`${base}/stats`)).json()) as Record<string, number> & { perSecond: number[] };
    const rows = (await db.execute(sql`select status, count(*)::int as n from reminder_outbox group by status`)) as unknown as Array<{ status: string; n: number }>;
    const requestSpanS = (server.lastRequestAt - server.firstRequestAt) / 1000;
    const sendsPerSecond = round1(server.requests / requestSpanS);
    // Whole seconds only: the first and the last are partial.
    const seconds = server.perSecond.slice(1, -1).sort((a, b) => a - b);
    ctx.report({
      figure: 'delivery',
      digests,
      method: `deliver() concurrency 24, batch 4 → Feishu messenger (paced ${PACE}/s) → stand-in process on 127.0.0.1`,
      sends_per_second: sendsPerSecond,
      goal_sends_per_second: GOAL_SENDS_PER_SECOND,
      delivered_per_second: round1(server.unique / (wallMs / 1000)),
      delivered_per_second_first_99pct: round1((server.unique * 0.99) / ((server.at99 - server.firstAt) / 1000)),
      delivered_ceiling_per_second: STANDIN_RATE * (1 - STANDIN_FAIL_RATE),
      duplicates: server.receiversWithTwo,
      lost: digests - server.unique,
      met: sendsPerSecond >= GOAL_SENDS_PER_SECOND && server.receiversWithTwo === 0 && server.unique === digests,
      sent: stats.sent,
      outbox: Object.fromEntries(rows.map((r) => [r.status, r.n])),
      wall_ms: wallMs,
      pace_per_second: PACE,
      requests: server.requests,
      calls_per_second_min_p10_median: seconds.length ? [seconds[0], seconds[Math.floor(seconds.length * 0.1)], seconds[Math.floor(seconds.length / 2)]] : [],
      throttled_by_limit: server.throttled,
      injected_429: server.injected429,
      injected_500: server.injected500,
      repeated_uuid_dropped: server.repeatUuid,
      load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
    });
  } finally {
    child.send({ stop: true });
    await database.close();
  }
}
