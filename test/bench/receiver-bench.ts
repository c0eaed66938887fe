/**
 * Issue 3, Performance: the receiver (verify, decrypt, dedupe in PostgreSQL, acknowledge) against
 * two references on the same machine in the same run: a bare Hono route that answers 200, and the
 * Lark SDK's adaptDefault server with an EventDispatcher (verify and decrypt, no dedupe, no DB).
 * All three get the same signed, encrypted im.message.receive_v1 bodies, each a distinct event.
 * The bot's handle() is stubbed in the receiver's process: the figure is the receiver's, not the bot's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_APP, signedRequest, textMessage, type SignedRequest } from '../fixtures/feishu/bodies.ts';
import { ratio, type BenchContext } from './support/context.ts';
import { ensureWrk, nodeLoad, wrkClosed, wrkVersion, type LoadFigures } from './support/load.ts';
import { writeRequests } from './support/requests-file.ts';
import { startServer, type RunningServer } from './support/servers.ts';

const CONNECTIONS = 32;
const FIXED_RATE = 200;
const GOAL_P99_MS = 25;

/** Signed, encrypted text messages from many people, each its own event_id and message_id. */
async function events(n: number): Promise<SignedRequest[]> {
  const timestamp = String(Math.floor(Date.now() / 1000)); // the receiver refuses ±24 h
  const out: SignedRequest[] = [];
  for (let i = 0; i < n; i += 1000) {
    const chunk = Array.from({ length: Math.min(1000, n - i) }, (_, j) => {
      const k = i + j;
      const body = textMessage(`今天走访了第${k}家企业`, { openId: `ou_bench_${k % 5000}` });
      return signedRequest({ body, encryptKey: FIXTURE_APP.encryptKey, timestamp, nonce: `n${k}` });
    });
    out.push(...(await Promise.all(chunk)));
  }
  return out;
}

const SERVERS = [
  { name: 'bare', path: '/feishu/events' },
  { name: 'sdk', path: '/webhook/event' },
  { name: 'receiver', path: '/feishu/events' },
] as const;

export default async function run(ctx: BenchContext) {
  const seconds = ctx.quick ? 3 : 10;
  const warmSeconds = ctx.quick ? 1 : 3;
  const rateSeconds = ctx.quick ? 5 : 20;
  const useWrk = ensureWrk(ctx.log);
  const dir = mkdtempSync(join(tmpdir(), 'lx-bench-receiver-'));
  try {
    const counts = { warm: ctx.quick ? 10_000 : 40_000, load: ctx.quick ? 40_000 : 200_000, rate: FIXED_RATE * rateSeconds };
    ctx.log(`receiver: signing ${counts.warm + counts.load + counts.rate} events…`);
    const files = { warm: join(dir, 'warm.tsv'), load: join(dir, 'load.tsv'), rate: join(dir, 'rate.tsv') };
    for (const k of ['warm', 'load', 'rate'] as const) writeRequests(files[k], await events(counts[k]));
    const pgUrl = await ctx.createDatabase();

    const closed = (port: number, path: string, file: string, s: number): Promise<LoadFigures> =>
      useWrk
        ? wrkClosed({ port, path, file, connections: CONNECTIONS, seconds: s })
        : nodeLoad({ port, path, file, mode: 'closed', connections: CONNECTIONS, seconds: s });
    const common = { events: 'im.message.receive_v1, signed and encrypted, distinct event_id and message_id', handle: 'stubbed (receiver only)' };
    const rps: Record<string, number> = {};
    for (const s of SERVERS) {
      ctx.log(`receiver: ${s.name} server…`);
      const server: RunningServer = await startServer({ kind: s.name, pgUrl });
      try {
        await closed(server.port, s.path, files.warm, warmSeconds);
        const before = (await server.stats()).handled ?? 0;
        const load = await closed(server.port, s.path, files.load, seconds);
        const handled = ((await server.stats()).handled ?? 0) - before;
        rps[s.name] = load.rps;
        ctx.report({
          figure: 'throughput',
          server: s.name,
          ...load,
          distinct_events: load.requests <= counts.load,
          ...(s.name === 'bare' ? {} : { handled }),
          ...common,
        });
        const fixed = await nodeLoad({ port: server.port, path: s.path, file: files.rate, mode: 'rate', rate: FIXED_RATE, seconds: rateSeconds });
        ctx.report({
          figure: 'fixed-rate',
          server: s.name,
          rate: FIXED_RATE,
          ...fixed,
          ...(s.name === 'receiver' ? { goal_p99_ms: GOAL_P99_MS, met: fixed.p99_ms <= GOAL_P99_MS && fixed.errors === 0 } : {}),
          ...common,
        });
      } finally {
        await server.stop();
      }
    }
    ctx.report({
      figure: 'ratios',
      load_generator: useWrk ? wrkVersion() : 'node closed-loop (wrk missing)',
      receiver_over_sdk: ratio(rps.receiver!, rps.sdk!),
      receiver_over_bare: ratio(rps.receiver!, rps.bare!),
      goal_faster_than_sdk: rps.receiver! > rps.sdk!,
      goal_half_of_bare: rps.receiver! >= rps.bare! / 2,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
