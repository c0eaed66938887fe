import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../src/clock.ts';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { claimJob, enqueueJob, jobById, listJobs, retryJob } from '../../src/db/jobs/job-store.ts';
import { createJobRunner, type JobHandler } from '../../src/jobs/job-runner.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDb();
});
afterAll(async () => {
  await d.drop();
});

const at = (iso: string) => new Date(iso);

test('the same unique key queues one job, in the caller\'s transaction', async () => {
  const now = at('2026-11-20T02:00:00Z');
  const a = await d.db.transaction((tx) => enqueueJob(tx, { kind: 'k1', uniqueKey: 'once', payload: { n: 1 } }, now));
  const b = await d.db.transaction((tx) => enqueueJob(tx, { kind: 'k1', uniqueKey: 'once', payload: { n: 2 } }, now));
  expect(a.created).toBe(true);
  expect(b).toEqual({ id: a.id, created: false });
  await d.db.transaction(async (tx) => {
    await enqueueJob(tx, { kind: 'k1', uniqueKey: 'rolled-back', payload: {} }, now);
    tx.rollback();
  }).catch(() => {});
  expect((await listJobs(d.db)).map((j) => j.uniqueKey)).not.toContain('rolled-back');
});

test('a job claimed by a process that died is taken over after its lease, not before', async () => {
  const clock = fixedClock('2026-11-20T03:00:00Z');
  const { id } = await enqueueJob(d.db, { kind: 'k2', uniqueKey: 'takeover', payload: {} }, clock.now());
  // The dead process: it claimed the job and never came back.
  const dead = await claimJob(d.db, { now: clock.now(), leaseMs: 60_000, workerId: 'dead', kinds: ['k2'] });
  expect(dead?.id).toBe(id);
  const ran: string[] = [];
  const runner = createJobRunner({ db: d.db, clock, logger: silentLogger, workerId: 'alive', leaseMs: 60_000, handlers: { k2: async (c) => void ran.push(c.job.id) } });
  clock.advance(59_000);
  expect(await runner.runDue(new Date(clock.now().getTime() + 1000))).toBe(0);
  clock.advance(2_000);
  expect(await runner.runDue(new Date(clock.now().getTime() + 1000))).toBe(1);
  expect(ran).toEqual([id]);
  const job = await jobById(d.db, id);
  expect(job).toMatchObject({ state: 'done', attempts: 2 });
});

test('a failing job is retried with back-off, then kept as failed with its error; retry runs it again', async () => {
  const clock = fixedClock('2026-11-20T04:00:00Z');
  const { id } = await enqueueJob(d.db, { kind: 'k3', uniqueKey: 'flaky', payload: {}, maxAttempts: 2 }, clock.now());
  let fail = true;
  const runner = createJobRunner({ db: d.db, clock, logger: silentLogger, random: () => 0.5, handlers: { k3: async () => { if (fail) throw new Error('upstream 500'); } } });
  const soon = () => new Date(clock.now().getTime() + 1000);
  expect(await runner.runDue(soon())).toBe(1);
  expect(await jobById(d.db, id)).toMatchObject({ state: 'pending', attempts: 1, lastError: 'Error: upstream 500' });
  // Not due yet: the first back-off is about a second.
  clock.advance(500);
  expect(await runner.runDue(soon())).toBe(0);
  clock.advance(1000);
  expect(await runner.runDue(soon())).toBe(1);
  expect(await jobById(d.db, id)).toMatchObject({ state: 'failed', attempts: 2 });
  expect((await listJobs(d.db, { failed: true })).map((j) => j.id)).toEqual([id]);
  fail = false;
  expect(await retryJob(d.db, id, clock.now())).toBe(true);
  expect(await runner.runDue(soon())).toBe(1);
  expect(await jobById(d.db, id)).toMatchObject({ state: 'done', attempts: 1 });
  expect(await retryJob(d.db, id, clock.now())).toBe(false);
});

test('two workers never run a job twice (two connections on PostgreSQL)', async () => {
  const clock = fixedClock('2026-11-20T05:00:00Z');
  const second = d.url ? createPostgresDb(d.url, { max: 4 }) : null;
  try {
    for (let i = 0; i < 40; i++) await enqueueJob(d.db, { kind: 'k4', uniqueKey: `race-${i}`, payload: { i } }, clock.now());
    const runs: string[] = [];
    const handler: JobHandler = async (c) => {
      runs.push(c.job.id);
      await new Promise((r) => setTimeout(r, 2));
    };
    const mk = (db: typeof d.db, w: string) => createJobRunner({ db, clock, logger: silentLogger, workerId: w, handlers: { k4: handler } });
    const deadline = new Date(clock.now().getTime() + 60_000);
    const counts = await Promise.all([mk(d.db, 'a').runDue(deadline), mk(second?.db ?? d.db, 'b').runDue(deadline), mk(d.db, 'c').runDue(deadline)]);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(40);
    expect(new Set(runs).size).toBe(40);
    expect(runs).toHaveLength(40);
    const left = await d.db.execute(sql`select count(*)::int as n from jobs where kind = 'k4' and state <> 'done'`);
    expect(Number(((left as unknown as { rows?: Array<{ n: number }> }).rows ?? (left as unknown as Array<{ n: number }>))[0]!.n)).toBe(0);
  } finally {
    await second?.close();
  }
});
