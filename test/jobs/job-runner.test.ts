import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../src/clock.ts';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { claimJob, enqueueJob, jobById, listJobs, retryJob } from '../../src/db/jobs/job-store.ts';
import { createJobRunner, PermanentJobError, type FinalFailure, type JobHandler } from '../../src/jobs/job-runner.ts';
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

test('onFinalFailure is called once per job that fails for good: after the last attempt, at once on a PermanentJobError, never before', async () => {
  const clock = fixedClock('2026-11-21T04:00:00Z');
  const told: Array<{ id: string; error: string; permanent: boolean; attempts: number; progress: Record<string, unknown> }> = [];
  const onFinalFailure = async (f: FinalFailure) =>
    void told.push({ id: f.job.id, error: `${f.cause.code} ${f.job.lastError}`, permanent: f.cause.permanent, attempts: f.job.attempts, progress: f.job.progress });
  const flaky = await enqueueJob(d.db, { kind: 'f1', uniqueKey: 'f-flaky', payload: {}, maxAttempts: 2 }, clock.now());
  const hopeless = await enqueueJob(d.db, { kind: 'f2', uniqueKey: 'f-permanent', payload: {}, maxAttempts: 5 }, clock.now());
  const runner = createJobRunner({
    db: d.db,
    clock,
    logger: silentLogger,
    random: () => 0.5,
    handlers: {
      f1: {
        run: async (c) => {
          await c.progress({ step: c.job.attempts });
          throw new Error('upstream 500');
        },
        onFinalFailure,
      },
      f2: { run: async () => { throw new PermanentJobError('the person is gone'); }, onFinalFailure },
    },
  });
  const later = async () => {
    clock.advance(3600_000);
    return runner.runDue(new Date(clock.now().getTime() + 1000));
  };
  // f1's first attempt, f2's only one, and f2's notice (a job of its own, run in the same pass).
  expect(await later()).toBe(3);
  // f1 will be tried again: not told yet; f2 cannot succeed: told at once.
  expect(told).toEqual([{ id: hopeless.id, error: 'PermanentJobError PermanentJobError: the person is gone', permanent: true, attempts: 1, progress: {} }]);
  expect(await later()).toBe(2);
  expect(told.map((x) => x.id)).toEqual([hopeless.id, flaky.id]);
  // What it is told sees the job as it ended, its saved progress included.
  expect(told[1]).toMatchObject({ error: 'Error Error: upstream 500', permanent: false, attempts: 2, progress: { step: 2 } });
  expect(await later()).toBe(0);
  expect(told).toHaveLength(2);
});

test('a job whose last attempt died with its process is failed, and told, by a runner of its kind only', async () => {
  const clock = fixedClock('2026-11-22T04:00:00Z');
  const { id } = await enqueueJob(d.db, { kind: 'f3', uniqueKey: 'f-spent', payload: {}, maxAttempts: 1 }, clock.now());
  await claimJob(d.db, { now: clock.now(), leaseMs: 60_000, workerId: 'dead', kinds: ['f3'] });
  clock.advance(120_000);
  const told: string[] = [];
  const other = createJobRunner({ db: d.db, clock, logger: silentLogger, handlers: { other: async () => {} } });
  expect(await other.runDue(new Date(clock.now().getTime() + 1000))).toBe(0);
  // Not its kind: it is left for the runner that can tell whoever waits on it.
  expect(await jobById(d.db, id)).toMatchObject({ state: 'running' });
  const own = createJobRunner({ db: d.db, clock, logger: silentLogger, handlers: { f3: { run: async () => {}, onFinalFailure: async (f) => void told.push(`${f.job.id} ${f.cause.code}`) } } });
  // The spent job is not run again; its notice is.
  expect(await own.runDue(new Date(clock.now().getTime() + 1000))).toBe(1);
  expect(await jobById(d.db, id)).toMatchObject({ state: 'failed', lastError: 'lease expired on the last attempt' });
  expect(told).toEqual([`${id} lease_expired`]);
  expect(await own.runDue(new Date(clock.now().getTime() + 1000))).toBe(0);
  expect(told).toHaveLength(1);
});
