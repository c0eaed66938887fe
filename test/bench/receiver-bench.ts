/**
 * Issues 3 and 16, Performance: the receivers (verify, decrypt, dedupe in PostgreSQL, acknowledge)
 * against references on the same machine in the same run. Feishu's receiver against a bare Hono
 * route that answers 200 and the Lark SDK's adaptDefault server with an EventDispatcher (verify
 * and decrypt; no dedupe, no DB), all three given the same signed, encrypted
 * im.message.receive_v1 bodies. DingTalk's HTTP receiver (POST /dingtalk/events: verify the
 * timestamp signature, dedupe by msgId, acknowledge) against the same bare Hono process given the
 * same signed robot messages (DingTalk has no SDK receiver for HTTP callbacks to compare with).
 * The receivers get events they have not seen in every run. Their bot.handle() is stubbed in
 * their process: the figure is the receiver's, not the bot's.
 *
 * The machine may be shared (two cores, other work): the servers run side by side and are
 * loaded in turn for several rounds, and each figure is the median over the rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { robotText, signedHeaders } from '../fixtures/dingtalk/bodies.ts';
import { FIXTURE_APP, signedRequest, textMessage } from '../fixtures/feishu/bodies.ts';
import { ratio, type BenchContext } from './support/context.ts';
import { cpuMicrosOf } from './support/process-cpu.ts';
import { backendPids } from './support/pg.ts';
import { benchNice, prioritizeBackends } from './support/priority.ts';
import { ensureWrk, nodeLoad, wrkClosed, wrkVersion, type LoadFigures } from './support/load.ts';
import { DINGTALK_HEADERS, writeRequests } from './support/requests-file.ts';
import { startServer, type RunningServer } from './support/servers.ts';

const CONNECTIONS = 32;
const FIXED_RATE = 200;
const GOAL_P99_MS = 25;
/** Issue 16's goals for the receiver, in the same run: ≥0.8× bare Hono, ≥1.5× the SDK's adaptDefault. */
const GOAL_OVER_BARE = 0.8;
const GOAL_OVER_SDK = 1.5;
/** Events set aside for one receiver run: more than it can take at this rate wraps (flagged). */
const SLICE_RATE = 32_000;

type Kind = 'bare' | 'sdk' | 'receiver' | 'dingtalk';
type Scheme = 'feishu' | 'dingtalk';
/** What is loaded: a server process, the route, and which signed requests it gets. */
const SERVERS = [
  { name: 'bare', kind: 'bare', path: '/feishu/events', scheme: 'feishu' },
  { name: 'sdk', kind: 'sdk', path: '/webhook/event', scheme: 'feishu' },
  { name: 'receiver', kind: 'receiver', path: '/feishu/events', scheme: 'feishu' },
  { name: 'bare-dingtalk', kind: 'bare', path: '/dingtalk/events', scheme: 'dingtalk' },
  { name: 'dingtalk', kind: 'dingtalk', path: '/dingtalk/events', scheme: 'dingtalk' },
] as const satisfies readonly { name: string; kind: Kind; path: string; scheme: Scheme }[];
type Name = (typeof SERVERS)[number]['name'];
/** The ones that dedupe in PostgreSQL: each run takes events it has not seen. */
const isReceiver = (n: Name) => n === 'receiver' || n === 'dingtalk';

/** A signed, encrypted text message from one of 5,000 people; every call a new event_id and message_id. */
function event(i: number, timestamp: string) {
  const body = textMessage(`今天走访了第${i}家企业`, { openId: `ou_bench_${String(i % 5000).padStart(5, '0')}` });
  return signedRequest({ body, encryptKey: FIXTURE_APP.encryptKey, timestamp, nonce: `n${i}` });
}

/** A DingTalk robot message from one of 5,000 people, a new msgId every call; DingTalk signs the timestamp only. */
function robotMessage(i: number, headers: Record<string, string>) {
  const body = robotText(`今天走访了第${i}家企业`, { staffId: `staff${String(i % 5000).padStart(5, '0')}`, msgId: `msgbench${i}` });
  return { headers, rawBody: JSON.stringify(body) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

export default async function run(ctx: BenchContext) {
  const plan = ctx.quick ? { rounds: 1, seconds: 3, warm: 1, rateSeconds: 5 } : { rounds: 3, seconds: 5, warm: 2, rateSeconds: 15 };
  const useWrk = ensureWrk(ctx.log);
  const dir = mkdtempSync(join(tmpdir(), 'lx-bench-receiver-'));
  const servers = new Map<Name, RunningServer>();
  try {
    const slice = SLICE_RATE * plan.seconds;
    const warmSlice = SLICE_RATE * plan.warm;
    const files = {
      feishu: { load: join(dir, 'load.tsv'), rate: join(dir, 'rate.tsv') },
      dingtalk: { load: join(dir, 'dt-load.tsv'), rate: join(dir, 'dt-rate.tsv') },
    };
    const timestamp = String(Math.floor(Date.now() / 1000)); // the receiver refuses ±24 h
    const dtHeaders = signedHeaders(Date.now()); // DingTalk's receiver refuses ±1 h
    const total = warmSlice + plan.rounds * slice;
    const rateEvents = FIXED_RATE * (plan.warm + plan.rateSeconds);
    ctx.log(`signing ${2 * (total + rateEvents)} events…`);
    await writeRequests(files.feishu.load, total, (i) => event(i, timestamp));
    await writeRequests(files.feishu.rate, rateEvents, (i) => event(total + i, timestamp));
    await writeRequests(files.dingtalk.load, total, (i) => robotMessage(i, dtHeaders), DINGTALK_HEADERS);
    await writeRequests(files.dingtalk.rate, rateEvents, (i) => robotMessage(total + i, dtHeaders), DINGTALK_HEADERS);
    // A database for each receiver: its backends are its own (their CPU is measured, and
    // prioritized), and so is its dedupe table.
    const dbOf = new Map<Name, string>();
    const processes = new Map<Kind, RunningServer>();
    for (const s of SERVERS) {
      if (!processes.has(s.kind)) {
        const pgUrl = isReceiver(s.name) ? await ctx.createDatabase() : undefined;
        processes.set(s.kind, await startServer({ kind: s.kind, ...(pgUrl ? { pgUrl } : {}) }));
        if (pgUrl) dbOf.set(s.name, pgUrl);
      }
      servers.set(s.name, processes.get(s.kind)!);
    }
    const prioritizeReceivers = async () => {
      for (const url of dbOf.values()) await prioritizeBackends(url);
    };

    const closed = (s: (typeof SERVERS)[number], seconds: number, first: number, count: number): Promise<LoadFigures> => {
      const port = servers.get(s.name)!.port;
      const file = files[s.scheme].load;
      return useWrk
        ? wrkClosed({ port, path: s.path, file, connections: CONNECTIONS, seconds, first, count })
        : nodeLoad({ port, path: s.path, file, mode: 'closed', connections: CONNECTIONS, seconds, first, count });
    };
    for (const s of SERVERS) await closed(s, plan.warm, 0, warmSlice);
    await prioritizeReceivers();

    type Run = LoadFigures & { cpu_us_per_req: number; pg_cpu_us_per_req: number; handled?: number; batch?: number; wrapped: boolean };
    const runs = new Map<Name, Run[]>(SERVERS.map((s) => [s.name, []]));
    for (let round = 0; round < plan.rounds; round++) {
      // Rotate the order, so that no server always runs right after the same neighbour.
      const order = SERVERS.map((_, k) => SERVERS[(k + round) % SERVERS.length]!);
      for (const s of order) {
        ctx.log(`round ${round + 1}/${plan.rounds}: ${s.name}`);
        const server = servers.get(s.name)!;
        const pgUrl = dbOf.get(s.name);
        if (pgUrl) await prioritizeBackends(pgUrl);
        const backends = pgUrl ? await backendPids(pgUrl) : [];
        const before = await server.stats();
        const pgBefore = cpuMicrosOf(backends);
        // One process serves both bare routes: the file is named for the route's server name.
        const profile = await server.profile(s.name === s.kind ? `round${round + 1}` : `${s.name}-round${round + 1}`);
        const first = isReceiver(s.name) ? warmSlice + round * slice : 0;
        const load = await closed(s, plan.seconds, first, slice);
        await profile.stop();
        const pgAfter = cpuMicrosOf(backends);
        const after = await server.stats();
        runs.get(s.name)!.push({
          ...load,
          cpu_us_per_req: Math.round((after.cpuMicros - before.cpuMicros) / load.requests),
          pg_cpu_us_per_req: pgBefore === undefined ? NaN : Math.round((pgAfter! - pgBefore) / load.requests),
          ...(after.handled !== undefined ? { handled: after.handled - before.handled } : {}),
          ...(after.dedupe ? { batch: (after.dedupe.deliveries - before.dedupe.deliveries) / (after.dedupe.statements - before.dedupe.statements) } : {}),
          wrapped: load.requests > slice,
        });
      }
    }
    const rps = {} as Record<Name, number>;
    for (const s of SERVERS) {
      const rs = runs.get(s.name)!;
      rps[s.name] = median(rs.map((r) => r.rps));
      ctx.report({
        figure: 'throughput',
        server: s.name,
        method: rs[0]!.method,
        rounds: rs.length,
        rps: rps[s.name],
        p50_ms: median(rs.map((r) => r.p50_ms)),
        p99_ms: median(rs.map((r) => r.p99_ms)),
        max_ms: Math.max(...rs.map((r) => r.max_ms)),
        errors: rs.reduce((a, r) => a + r.errors, 0),
        server_cpu_us_per_req: median(rs.map((r) => r.cpu_us_per_req)),
        // The receiver's PostgreSQL backends (not the WAL writer, autovacuum or anyone else's work).
        ...(isReceiver(s.name) ? { postgres_backend_cpu_us_per_req: median(rs.map((r) => r.pg_cpu_us_per_req)) } : {}),
        rps_per_round: rs.map((r) => r.rps),
        ...(isReceiver(s.name)
          ? {
              events_per_dedupe_statement: Math.round(median(rs.map((r) => r.batch!)) * 10) / 10,
              handled_first_deliveries: rs.reduce((a, r) => a + r.handled!, 0),
              requests: rs.reduce((a, r) => a + r.requests, 0),
              distinct_events: !rs.some((r) => r.wrapped),
              handle: 'stubbed',
            }
          : {}),
      });
    }
    const perRound = (a: Name, b: Name) => runs.get(a)!.map((r, k) => ratio(r.rps, runs.get(b)![k]!.rps));
    const loadGenerator = useWrk ? `${wrkVersion()}, -t1 -c${CONNECTIONS}` : `node closed-loop -c${CONNECTIONS} (wrk missing)`;
    ctx.report({
      figure: 'ratios',
      load_generator: loadGenerator,
      receiver_over_sdk: ratio(rps.receiver, rps.sdk),
      receiver_over_bare: ratio(rps.receiver, rps.bare),
      receiver_over_sdk_per_round: perRound('receiver', 'sdk'),
      receiver_over_bare_per_round: perRound('receiver', 'bare'),
      goal_over_sdk: GOAL_OVER_SDK,
      goal_over_bare: GOAL_OVER_BARE,
      met: rps.receiver >= GOAL_OVER_SDK * rps.sdk && rps.receiver >= GOAL_OVER_BARE * rps.bare,
      load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
      nice: benchNice ?? 0,
    });
    // DingTalk's receiver beside Feishu's: the reference is bare Hono given the same robot messages.
    ctx.report({
      figure: 'dingtalk-ratios',
      load_generator: loadGenerator,
      dingtalk_over_bare: ratio(rps.dingtalk, rps['bare-dingtalk']),
      dingtalk_over_feishu_receiver: ratio(rps.dingtalk, rps.receiver),
      dingtalk_over_bare_per_round: perRound('dingtalk', 'bare-dingtalk'),
      goal_over_bare: GOAL_OVER_BARE,
      met: rps.dingtalk >= GOAL_OVER_BARE * rps['bare-dingtalk'],
      load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
      nice: benchNice ?? 0,
    });
    for (const s of SERVERS) {
      ctx.log(`${s.name} at ${FIXED_RATE}/s for ${plan.rateSeconds} s`);
      const server = servers.get(s.name)!;
      const rate = { port: server.port, path: s.path, file: files[s.scheme].rate, mode: 'rate', rate: FIXED_RATE } as const;
      const warmCount = FIXED_RATE * plan.warm;
      await nodeLoad({ ...rate, seconds: plan.warm, count: warmCount });
      // postgres.js closes idle connections: the backends serving this run may be new ones.
      const pgUrl = dbOf.get(s.name);
      if (pgUrl) await prioritizeBackends(pgUrl);
      await server.stats(); // resets the receiver's dedupe wait figures
      const fixed = await nodeLoad({ ...rate, seconds: plan.rateSeconds, first: warmCount });
      const waits = await server.stats();
      ctx.report({
        figure: 'fixed-rate',
        server: s.name,
        rate: FIXED_RATE,
        ...fixed,
        ...(isReceiver(s.name)
          ? {
              dedupe_wait_p99_ms: waits.dedupeWaitP99Ms,
              dedupe_wait_max_ms: waits.dedupeWaitMaxMs,
              goal_p99_ms: GOAL_P99_MS,
              met: fixed.p99_ms <= GOAL_P99_MS && fixed.errors === 0,
              handle: 'stubbed',
            }
          : {}),
      });
    }
  } finally {
    for (const s of new Set(servers.values())) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
