/**
 * Issue 3, Performance: the receiver (verify, decrypt, dedupe in PostgreSQL, acknowledge) against
 * two references on the same machine in the same run: a bare Hono route that answers 200, and the
 * Lark SDK's adaptDefault server with an EventDispatcher (verify and decrypt; no dedupe, no DB).
 * All three get the same signed, encrypted im.message.receive_v1 bodies; the receiver gets events
 * it has not seen in every run. Its bot.handle() is stubbed in its process: the figure is the
 * receiver's, not the bot's.
 *
 * The machine may be shared (two cores, other work): the three servers run side by side and are
 * loaded in turn for several rounds, and each figure is the median over the rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_APP, signedRequest, textMessage } from '../fixtures/feishu/bodies.ts';
import { ratio, type BenchContext } from './support/context.ts';
import { cpuMicrosOf } from './support/process-cpu.ts';
import { backendPids } from './support/pg.ts';
import { benchNice, prioritizeBackends } from './support/priority.ts';
import { ensureWrk, nodeLoad, wrkClosed, wrkVersion, type LoadFigures } from './support/load.ts';
import { writeRequests } from './support/requests-file.ts';
import { startServer, type RunningServer } from './support/servers.ts';

const CONNECTIONS = 32;
const FIXED_RATE = 200;
const GOAL_P99_MS = 25;
/** Events set aside for one receiver run: more than it can take at this rate wraps (flagged). */
const SLICE_RATE = 32_000;

const SERVERS = [
  { name: 'bare', path: '/feishu/events' },
  { name: 'sdk', path: '/webhook/event' },
  { name: 'receiver', path: '/feishu/events' },
] as const;
type Name = (typeof SERVERS)[number]['name'];

/** A signed, encrypted text message from one of 5,000 people; every call a new event_id and message_id. */
function event(i: number, timestamp: string) {
  const body = textMessage(`今天走访了第${i}家企业`, { openId: `ou_bench_${String(i % 5000).padStart(5, '0')}` });
  return signedRequest({ body, encryptKey: FIXTURE_APP.encryptKey, timestamp, nonce: `n${i}` });
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
    const loadFile = join(dir, 'load.tsv');
    const rateFile = join(dir, 'rate.tsv');
    const timestamp = String(Math.floor(Date.now() / 1000)); // the receiver refuses ±24 h
    const total = warmSlice + plan.rounds * slice;
    const rateEvents = FIXED_RATE * (plan.warm + plan.rateSeconds);
    ctx.log(`signing ${total + rateEvents} events…`);
    await writeRequests(loadFile, total, (i) => event(i, timestamp));
    await writeRequests(rateFile, rateEvents, (i) => event(total + i, timestamp));
    const pgUrl = await ctx.createDatabase();
    for (const s of SERVERS) servers.set(s.name, await startServer({ kind: s.name, pgUrl }));

    const closed = (s: (typeof SERVERS)[number], seconds: number, first: number, count: number): Promise<LoadFigures> => {
      const port = servers.get(s.name)!.port;
      return useWrk
        ? wrkClosed({ port, path: s.path, file: loadFile, connections: CONNECTIONS, seconds, first, count })
        : nodeLoad({ port, path: s.path, file: loadFile, mode: 'closed', connections: CONNECTIONS, seconds, first, count });
    };
    for (const s of SERVERS) await closed(s, plan.warm, 0, warmSlice);
    await prioritizeBackends(pgUrl);

    type Run = LoadFigures & { cpu_us_per_req: number; pg_cpu_us_per_req: number; handled?: number; batch?: number; wrapped: boolean };
    const runs = new Map<Name, Run[]>(SERVERS.map((s) => [s.name, []]));
    for (let round = 0; round < plan.rounds; round++) {
      // Rotate the order, so that no server always runs right after the same neighbour.
      const order = SERVERS.map((_, k) => SERVERS[(k + round) % SERVERS.length]!);
      for (const s of order) {
        ctx.log(`round ${round + 1}/${plan.rounds}: ${s.name}`);
        const server = servers.get(s.name)!;
        if (s.name === 'receiver') await prioritizeBackends(pgUrl);
        const backends = s.name === 'receiver' ? await backendPids(pgUrl) : [];
        const before = await server.stats();
        const pgBefore = cpuMicrosOf(backends);
        const profile = await server.profile(`round${round + 1}`);
        const first = s.name === 'receiver' ? warmSlice + round * slice : 0;
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
        ...(s.name === 'receiver' ? { postgres_backend_cpu_us_per_req: median(rs.map((r) => r.pg_cpu_us_per_req)) } : {}),
        rps_per_round: rs.map((r) => r.rps),
        ...(s.name === 'receiver'
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
    const perRound = (name: Name) => runs.get('receiver')!.map((r, k) => ratio(r.rps, runs.get(name)![k]!.rps));
    ctx.report({
      figure: 'ratios',
      load_generator: useWrk ? `${wrkVersion()}, -t1 -c${CONNECTIONS}` : `node closed-loop -c${CONNECTIONS} (wrk missing)`,
      receiver_over_sdk: ratio(rps.receiver, rps.sdk),
      receiver_over_bare: ratio(rps.receiver, rps.bare),
      receiver_over_sdk_per_round: perRound('sdk'),
      receiver_over_bare_per_round: perRound('bare'),
      goal_faster_than_sdk: rps.receiver > rps.sdk,
      goal_half_of_bare: rps.receiver >= rps.bare / 2,
      load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
      nice: benchNice ?? 0,
    });
    for (const s of SERVERS) {
      ctx.log(`${s.name} at ${FIXED_RATE}/s for ${plan.rateSeconds} s`);
      const server = servers.get(s.name)!;
      const rate = { port: server.port, path: s.path, file: rateFile, mode: 'rate', rate: FIXED_RATE } as const;
      const warmCount = FIXED_RATE * plan.warm;
      await nodeLoad({ ...rate, seconds: plan.warm, count: warmCount });
      // postgres.js closes idle connections: the backends serving this run may be new ones.
      if (s.name === 'receiver') await prioritizeBackends(pgUrl);
      await server.stats(); // resets the receiver's dedupe wait figures
      const fixed = await nodeLoad({ ...rate, seconds: plan.rateSeconds, first: warmCount });
      const waits = await server.stats();
      ctx.report({
        figure: 'fixed-rate',
        server: s.name,
        rate: FIXED_RATE,
        ...fixed,
        ...(s.name === 'receiver'
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
    for (const s of servers.values()) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
