/**
 * Issue 18 item 1: what a durable inbox costs. The receiver's one statement per batch now stores
 * each acknowledged event (an inbox job) with its dedupe keys; this measures it against
 * PostgreSQL with synchronous_commit on (what the service does: an acknowledged event must
 * survive a crash of PostgreSQL) and off (what the dedupe insert used before), and the old
 * keys-only statement for reference. Events arrive `concurrency` at a time, as a burst of
 * webhooks would; each figure: events/s and the p50/p99 wait of one event for its statement.
 */
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { createDedupe, type DedupeOptions } from '../../src/db/stores/dedupe-store.ts';
import { textMessage } from '../fixtures/feishu/bodies.ts';
import { ms, type BenchContext } from './support/context.ts';

async function measure(url: string, o: { inbox: boolean; dedupe: DedupeOptions; events: number; concurrency: number }) {
  const database = createPostgresDb(url, { max: 4 });
  try {
    const dedupe = createDedupe(database.db, o.dedupe);
    const prefix = crypto.randomUUID().slice(0, 8);
    const waits: number[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= o.events) return;
        const now = new Date();
        const body = textMessage(`一条普通长度的消息，第${i}条`, { openId: `ou_bench_${i % 500}`, messageId: `om_${prefix}_${i}` }) as unknown as Record<string, unknown>;
        const inbox = o.inbox ? { id: crypto.randomUUID(), event: body, at: now, leaseUntil: new Date(now.getTime() + 120_000) } : undefined;
        const t = performance.now();
        await dedupe.firstDelivery([`evt:${prefix}:${i}`, `msg:${prefix}:${i}`], inbox);
        waits.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, worker));
    const wall = performance.now() - started;
    waits.sort((a, b) => a - b);
    const q = (p: number) => waits[Math.min(waits.length - 1, Math.ceil(waits.length * p) - 1)] ?? 0;
    return { events_per_s: Math.round((o.events / wall) * 1000), p50_ms: ms(q(0.5)), p99_ms: ms(q(0.99)), statements: dedupe.stats().statements };
  } finally {
    await database.close();
  }
}

export default async function run(ctx: BenchContext): Promise<void> {
  const url = await ctx.createDatabase();
  const events = ctx.quick ? 2_000 : 20_000;
  for (const concurrency of [1, 64]) {
    const n = concurrency === 1 ? Math.round(events / 10) : events;
    for (const [figure, o] of [
      ['inbox.sync_commit_on', { inbox: true, dedupe: { asyncCommit: false } }],
      ['inbox.sync_commit_off', { inbox: true, dedupe: { asyncCommit: true } }],
      ['dedupe_only.sync_commit_off', { inbox: false, dedupe: { asyncCommit: true } }],
    ] as const) {
      ctx.log(`${figure} at concurrency ${concurrency}`);
      ctx.report({ figure, concurrency, events: n, ...(await measure(url, { ...o, events: n, concurrency })) });
    }
  }
}
