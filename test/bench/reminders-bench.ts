/**
 * Issue 8, Performance.
 * 1. Planning over 100,000 party orgs with two years of meetings (~5 million rows, generated with
 *    set-based SQL), 20,000 instructors' assignments and their visits, leads and officers, on
 *    PostgreSQL: the day's planning (every source, recipients, escalations, dispositions, digests)
 *    with its wall time and this process's peak resident memory. Goals ≤ 20 s, ≤ 400 MB.
 * 2. Delivering 10,000 digests through the real Feishu messenger to a stand-in of the Open API
 *    (a child process on 127.0.0.1 enforcing 50 requests/s on im/v1/messages and failing 5% of
 *    them, half 429 and half 500): sends per second, duplicates (a person shown a second message),
 *    lost (a digest never accepted). Goals ≥ 45/s, 0, 0.
 * Scale (env, read here only): REMINDERS_BENCH_PARTY_ORGS (100000), REMINDERS_BENCH_INSTRUCTORS
 * (20000), REMINDERS_BENCH_DIGESTS (10000); BENCH_QUICK=1 divides each by 20.
 */
import { reachOf } from '../../src/runtime/messenger-factory.ts';
/** Feishu-style open_ids, as the stand-in takes. */
const CONSOLE_REACH = reachOf({});
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { planDay, planning, uncoveredWarner } from '../../src/reminders/planner.ts';
import { createRender } from '../../src/reminders/runner.ts';
import { pacedLimiter } from '../../src/reminders/send-pacer.ts';
import type { BenchContext } from './support/context.ts';

const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);

// ---------------------------------------------------------------------------------------------
// The stand-in Open API (runs in a child process: REMINDERS_STANDIN=1)
// ---------------------------------------------------------------------------------------------

const RATE = 50;
const FAIL_RATE = 0.05;
/** Calls per second the sender aims at: just under the stand-in's limit. */
const PACE = env('REMINDERS_BENCH_PACE', 49);

function standIn() {
  const window: number[] = [];
  const accepted = new Map<string, string>(); // uuid → receive_id
  const byReceiver = new Map<string, Set<string>>();
  const s = { requests: 0, throttled: 0, injected429: 0, injected500: 0, acceptedAttempts: 0, repeatUuid: 0, firstAt: 0, lastAt: 0 };
  const acceptedAt: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (url.startsWith('/stats')) return json(200, { ...s, at99: acceptedAt[Math.floor(acceptedAt.length * 0.99) - 1] ?? 0, unique: accepted.size, receivers: byReceiver.size, receiversWithTwo: [...byReceiver.values()].filter((x) => x.size > 1).length });
      if (url.startsWith('/open-apis/auth/v3/tenant_access_token/internal')) return json(200, { code: 0, msg: 'ok', tenant_access_token: 't-bench', expire: 7200 });
      if (!url.startsWith('/open-apis/im/v1/messages')) return json(404, { code: 404 });
      s.requests++;
      const now = Date.now();
      while (window.length && window[0]! <= now - 1000) window.shift();
      if (window.length >= RATE) {
        s.throttled++;
        return json(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': '1' });
      }
      window.push(now);
      const r = Math.random();
      if (r < FAIL_RATE / 2) {
        s.injected429++;
        return json(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': '1' });
      }
      if (r < FAIL_RATE) {
        s.injected500++;
        return json(500, { code: -1, msg: 'internal error' });
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { receive_id: string; uuid: string };
      s.acceptedAttempts++;
      if (accepted.has(body.uuid)) s.repeatUuid++; // Feishu drops it: same message, nothing new shown
      else {
        accepted.set(body.uuid, body.receive_id);
        acceptedAt.push(now);
        let set = byReceiver.get(body.receive_id);
        if (!set) byReceiver.set(body.receive_id, (set = new Set()));
        set.add(body.uuid);
      }
      if (!s.firstAt) s.firstAt = now;
      s.lastAt = now;
      return json(200, { code: 0, msg: 'success', data: { message_id: `om_${body.uuid}` } });
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m) => {
    if ((m as { stop?: boolean }).stop) server.close(() => process.exit(0));
  });
}

if (process.env.REMINDERS_STANDIN === '1') standIn();

// ---------------------------------------------------------------------------------------------
// Data, generated set-based
// ---------------------------------------------------------------------------------------------

type Exec = (q: ReturnType<typeof sql>) => Promise<unknown>;

export async function generate(exec: Exec, partyOrgs: number, instructors: number) {
  // Townships of one province, so officers and policy variants behave as in a deployment.
  await exec(sql`create table bt as select code, row_number() over (order by code) as i from regions where level = 4 and code like '37%'`);
  await exec(sql`create unique index on bt (i)`);
  await exec(sql`insert into policy_overrides (region_code, settings) values ('370112', '{"instructors":{"visitsPerMonth":2}}'::jsonb)`);
  await exec(sql`
    insert into party_orgs (name, type, formation, region_code, founded_on, term_started_on)
    select '党支部' || g, case when g % 20 = 0 then 'committee' else 'branch' end, 'standalone',
      (select code from bt where i = 1 + g % (select count(*) from bt)),
      date '2018-01-01' + (g % 3200), date '2023-11-01' + (g % 1100)
    from generate_series(1, ${partyOrgs}::int) g`);
  await exec(sql`insert into party_groups (party_org_id, name) select id, '第一党小组' from party_orgs where abs(hashtext(id::text)) % 7 = 0`);
  // Two years of meetings, from the founding on: monthly kinds held in ~85% of months, the others ~90%.
  await exec(sql`
    insert into meetings (party_org_id, kind, held_at, held_on, party_group_id)
    select p.id, k.kind, (m.d + 4)::timestamptz, m.d + 4, case when k.kind = 'group' then g.id end
    from party_orgs p
    left join party_groups g on g.party_org_id = p.id
    cross join generate_series(date '2024-11-01', date '2026-10-01', interval '1 month') as m0(t)
    cross join lateral (select m0.t::date as d) m
    cross join (values ('committee', 1), ('theme_day', 1), ('group', 1), ('general_assembly', 3), ('lecture', 3), ('life_meeting', 12), ('appraisal', 12), ('heart_talk', 12)) as k(kind, every)
    where extract(month from m.d)::int % k.every = 0 and m.d >= p.founded_on
      and (k.kind <> 'group' or g.id is not null)
      -- A hash of the row, not random(): PostgreSQL would evaluate random() once per kind.
      and abs(hashtext(p.id::text || k.kind || m.d::text)) % 1000 < case k.every when 1 then 850 when 3 then 900 else 880 end`);
  await exec(sql`
    insert into people (name, open_id)
    select '书记' || g, 'ou_sec_' || g from generate_series(1, ${partyOrgs}::int) g`);
  await exec(sql`
    insert into person_roles (person_id, role, party_org_id)
    select pe.id, 'secretary', po.id from people pe join party_orgs po on po.name = '党支部' || substr(pe.open_id, 8)
    where pe.open_id like 'ou_sec_%'`);
  await exec(sql`insert into people (name, open_id) select '干部' || code, 'ou_off_' || code from (select code from bt union all select distinct left(code, 6) from bt) c`);
  await exec(sql`insert into person_roles (person_id, role, region_code) select id, 'officer', substr(open_id, 8) from people where open_id like 'ou_off_%'`);
  // 20,000 instructors with five orgs each, visited most months of the last half year.
  await exec(sql`insert into people (name, open_id) select '指导员' || g, 'ou_ins_' || g from generate_series(1, ${instructors}::int) g`);
  await exec(sql`insert into person_roles (person_id, role, region_code) select id, 'instructor', '37' from people where open_id like 'ou_ins_%'`);
  await exec(sql`
    insert into orgs (name, kind, region_code, party_org_id, formation)
    select '企业' || g, 'enterprise', (select code from bt where i = 1 + g % (select count(*) from bt)),
      case when g % 2 = 0 then (select id from party_orgs where name = '党支部' || (1 + g % ${partyOrgs}::int)) end,
      case when g % 2 = 0 then 'standalone' else 'none' end
    from generate_series(1, ${instructors * 5}::int) g`);
  await exec(sql`
    insert into instructor_assignments (instructor_id, org_id, assigned_on)
    select i.id, o.id, date '2025-01-01'
    from (select id, row_number() over (order by open_id) as n from people where open_id like 'ou_ins_%') i
    join (select id, row_number() over (order by name) as n from orgs) o on (o.n - 1) / 5 + 1 = i.n`);
  await exec(sql`
    insert into visits (org_id, instructor_id, visited_on, way)
    select ia.org_id, ia.instructor_id, m.t::date + (abs(hashtext(ia.org_id::text)) % 25), 'onsite'
    from instructor_assignments ia cross join generate_series(date '2026-04-01', date '2026-10-01', interval '1 month') m(t)
    where abs(hashtext(ia.org_id::text || m.t::text)) % 10 < 8`);
  await exec(sql`
    insert into leads (name, region_code, assigned_via, assignee_person_id, created_at, state)
    select '线索' || g, (select code from bt where i = 1 + g % (select count(*) from bt)), 'instructor',
      (select id from people where open_id = 'ou_ins_' || (1 + g % ${instructors}::int)),
      timestamptz '2026-10-01 09:00+08' + (g % 60) * interval '1 day', case when g % 3 = 0 then 'contacted' else 'new' end
    from generate_series(1, ${Math.max(100, Math.round(partyOrgs / 10))}::int) g`);
  await exec(sql`drop table bt`);
  await exec(sql`analyze`);
}

function peakRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

const MB = 1024 * 1024;

async function planningBench(ctx: BenchContext, scale: number) {
  const partyOrgs = Math.round(env('REMINDERS_BENCH_PARTY_ORGS', 100_000) / scale);
  const instructors = Math.round(env('REMINDERS_BENCH_INSTRUCTORS', 20_000) / scale);
  const url = await ctx.createDatabase();
  const database = createPostgresDb(url, { max: 4 });
  const db = database.db;
  try {
    ctx.log(`generating ${partyOrgs} party orgs, ${instructors} instructors…`);
    const t0 = Date.now();
    await generate((q) => db.execute(q), partyOrgs, instructors);
    const count = async (table: string) => Number(((await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as Array<{ n: number }>)[0]!.n);
    const meetings = await count('meetings');
    ctx.log(`generated in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${meetings} meetings`);
    const logger = createLogger('warn', (l) => process.stderr.write(`${l}\n`));
    const onUncovered = uncoveredWarner(logger);
    // Friday 2026-10-30, 09:00 Shanghai: quarter and month ends near, October's meetings counted.
    const now = new Date('2026-10-30T01:00:00Z');
    const stop = peakRss();
    const started = performance.now();
    const p = await planning(db, now, onUncovered);
    const result = await planDay(db, p, onUncovered, { now, force: true, reach: CONSOLE_REACH });
    const wallMs = performance.now() - started;
    const rss = stop();
    const counts = { reminders: await count('reminders'), digests: await count('reminder_outbox') };
    ctx.report({
      figure: 'planning',
      partyOrgs,
      meetings,
      instructors,
      assignments: await count('instructor_assignments'),
      visits: await count('visits'),
      leads: await count('leads'),
      planned: result.planned,
      ...counts,
      wallMs: Math.round(wallMs),
      goalMs: 20_000,
      peakRssMb: Math.round(rss / MB),
      goalRssMb: 400,
      loadAvg1m: Math.round(loadavg()[0]! * 10) / 10,
    });
    // A second run the same day: every reminder already there, nothing new.
    const again = performance.now();
    const r2 = await planDay(db, p, onUncovered, { now, force: true, reach: CONSOLE_REACH });
    ctx.report({ figure: 'planning_rerun', wallMs: Math.round(performance.now() - again), planned: r2.planned, digestsNew: r2.batch?.digests ?? 0 });
  } finally {
    await database.close();
  }
}

async function deliveryBench(ctx: BenchContext, scale: number) {
  const digests = Math.round(env('REMINDERS_BENCH_DIGESTS', 10_000) / scale);
  const url = await ctx.createDatabase();
  const database = createPostgresDb(url, { max: 8 });
  const db = database.db;
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, REMINDERS_STANDIN: '1' } });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port));
      child.once('error', reject);
    });
    const today = '2026-10-30';
    const at = new Date('2026-10-30T01:00:00Z');
    await db.execute(sql`insert into people (name, open_id) select '书记' || g, 'ou_d_' || g from generate_series(1, ${digests}::int) g`);
    await db.execute(sql`
      insert into reminders (person_id, item_type, item_key, period_key, kind, planned_on, payload)
      select id, 'meeting', 'meeting:' || id || ':committee', '2026-09', 'overdue', ${today}::date,
        jsonb_build_object('t', 'meeting', 'partyOrgId', id, 'partyOrgName', '党支部' || name, 'meetingKind', 'committee', 'periodKey', '2026-09', 'dueOn', '2026-09-30', 'days', 30)
      from people`);
    await buildDigests(db, today, at, CONSOLE_REACH);
    const base = `http://127.0.0.1:${port}`;
    const logger = createLogger('error', (l) => process.stderr.write(`${l}\n`));
    const clock = systemClock;
    // The stand-in's limits (50/s; Feishu's real 1000/min would cap a sustained run at ~16.7/s),
    // with calls spaced evenly just under the limit so arrival jitter does not trip it.
    const time = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
    const limiter = pacedLimiter(createRateLimiter(time, { perSecond: RATE, perMinute: RATE * 60, perRecipientPerSecond: 5 }), PACE, time);
    const messenger = createFeishuMessenger({ appId: 'cli_bench', appSecret: 'secret', domain: base, limiter, logger: { warn() {} } });
    const onUncovered = uncoveredWarner(logger);
    const p = await planning(db, at, onUncovered);
    const render = createRender({ database: { db }, messenger, reach: CONSOLE_REACH, clock: fixedClock(at), logger }, p);
    const started = Date.now();
    const stats = await deliver({
      db,
      messenger,
      reach: CONSOLE_REACH,
      clock,
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
    const server = (await (await fetch(`${base}/stats`)).json()) as Record<string, number>;
    const rows = (await db.execute(sql`select status, count(*)::int as n from reminder_outbox group by status`)) as unknown as Array<{ status: string; n: number }>;
    const sentRows = rows.find((r) => r.status === 'sent')?.n ?? 0;
    const acceptedSpanS = (server.lastAt! - server.firstAt!) / 1000;
    ctx.report({
      figure: 'delivery',
      digests,
      sent: stats.sent,
      outboxSent: sentRows,
      outboxOther: rows.filter((r) => r.status !== 'sent'),
      wallMs,
      sendsPerSecond: Math.round((server.unique! / (wallMs / 1000)) * 10) / 10,
      sendsPerSecondAccepted: Math.round((server.unique! / acceptedSpanS) * 10) / 10,
      sendsPerSecondFirst99pct: Math.round(((server.unique! * 0.99) / ((server.at99! - server.firstAt!) / 1000)) * 10) / 10,
      pacePerSecond: PACE,
      goalPerSecond: 45,
      requests: server.requests,
      throttledByLimit: server.throttled,
      injected429: server.injected429,
      injected500: server.injected500,
      duplicates: server.receiversWithTwo,
      repeatedUuidDropped: server.repeatUuid,
      lost: digests - server.unique!,
      loadAvg1m: Math.round(loadavg()[0]! * 10) / 10,
    });
  } finally {
    child.send({ stop: true });
    await database.close();
  }
}

export default async function run(ctx: BenchContext): Promise<void> {
  const scale = ctx.quick ? 20 : 1;
  await planningBench(ctx, scale);
  await deliveryBench(ctx, scale);
}
