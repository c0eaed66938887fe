import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../src/clock.ts';
import { enqueueJob, jobById, listJobs, retryJob } from '../../src/db/jobs/job-store.ts';
import { noticeKind, type NoticeData } from '../../src/jobs/final-notice.ts';
import { createJobRunner, PermanentJobError, type FinalFailure } from '../../src/jobs/job-runner.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDb();
});
afterAll(async () => {
  await d.drop();
});

const soon = (clock: { now(): Date }) => new Date(clock.now().getTime() + 1000);

test('a notice that cannot be sent is queued with the failure and sent once on a later run', async () => {
  const clock = fixedClock('2026-12-01T04:00:00Z');
  const { id } = await enqueueJob(d.db, { kind: 'n1', uniqueKey: 'n-messenger-down', payload: {}, maxAttempts: 1 }, clock.now());
  await enqueueJob(d.db, { kind: 'n2', uniqueKey: 'n-next', payload: {} }, clock.now());
  let messengerUp = false;
  const told: string[] = [];
  const ran: string[] = [];
  const runner = createJobRunner({
    db: d.db,
    clock,
    logger: silentLogger,
    random: () => 0.5,
    handlers: {
      n1: {
        run: async () => {
          throw new Error('boom');
        },
        onFinalFailure: async (f) => {
          if (!messengerUp) throw new Error('messenger down');
          told.push(f.job.id);
        },
      },
      n2: async () => void ran.push('n2'),
    },
  });
  // n1, its notice (which fails and waits for a retry), n2: the runner goes on.
  expect(await runner.runDue(soon(clock))).toBe(3);
  expect(ran).toEqual(['n2']);
  expect(told).toEqual([]);
  const [notice] = (await listJobs(d.db)).filter((j) => j.kind === noticeKind('n1'));
  expect(notice).toMatchObject({ state: 'pending', attempts: 1, payload: { jobId: id } });
  messengerUp = true;
  clock.advance(60_000);
  expect(await runner.runDue(soon(clock))).toBe(1);
  expect(told).toEqual([id]);
  clock.advance(3600_000);
  expect(await runner.runDue(soon(clock))).toBe(0);
  expect(told).toEqual([id]);
});

test('a process that dies while telling loses nothing: another takes the notice over after its lease', async () => {
  const clock = fixedClock('2026-12-01T05:00:00Z');
  const { id } = await enqueueJob(d.db, { kind: 'n3', uniqueKey: 'n-dies-telling', payload: {}, maxAttempts: 1 }, clock.now());
  const told: string[] = [];
  let hung!: () => void;
  const hanging = new Promise<void>((r) => (hung = r));
  const run = async () => {
    throw new PermanentJobError('the file is broken');
  };
  // The dying process: failing the job went in, then it hangs while telling (and is killed).
  const dying = createJobRunner({ db: d.db, clock, logger: silentLogger, workerId: 'dying', leaseMs: 60_000, handlers: { n3: { run, onFinalFailure: () => hanging } } });
  const dead = dying.runDue(soon(clock));
  for (let i = 0; i < 200 && !(await listJobs(d.db)).some((j) => j.kind === noticeKind('n3') && j.state === 'running'); i++) await new Promise((r) => setTimeout(r, 10));
  expect(await jobById(d.db, id)).toMatchObject({ state: 'failed' });
  const alive = createJobRunner({
    db: d.db,
    clock,
    logger: silentLogger,
    workerId: 'alive',
    leaseMs: 60_000,
    handlers: { n3: { run, onFinalFailure: async (f: FinalFailure) => void told.push(`${f.job.id} ${f.cause.code} ${f.cause.permanent}`) } },
  });
  expect(await alive.runDue(soon(clock))).toBe(0);
  clock.advance(61_000);
  expect(await alive.runDue(soon(clock))).toBe(1);
  expect(told).toEqual([`${id} PermanentJobError true`]);
  hung();
  await dead;
});

test('the cause is kept as plain data: its code and declared figures, never the error\'s other fields', async () => {
  const clock = fixedClock('2026-12-01T06:00:00Z');
  class TooBig extends PermanentJobError implements NoticeData {
    readonly code = 'too_big';
    // What a failed query carries (drizzle's params): personal data that must not be stored.
    readonly params = ['张三', '13800138000'];
    readonly noticeData = { maxFileBytes: 1024, nested: { no: 1 } as unknown as number };
  }
  await enqueueJob(d.db, { kind: 'n4', uniqueKey: 'n-plain-cause', payload: {} }, clock.now());
  const causes: FinalFailure['cause'][] = [];
  const runner = createJobRunner({
    db: d.db,
    clock,
    logger: silentLogger,
    handlers: { n4: { run: async () => { throw new TooBig('over the bound'); }, onFinalFailure: async (f) => void causes.push(f.cause) } },
  });
  expect(await runner.runDue(soon(clock))).toBe(2);
  expect(causes).toEqual([{ code: 'too_big', permanent: true, data: { maxFileBytes: 1024 } }]);
  const stored = await d.db.execute(sql`select payload::text as p from jobs where kind = ${noticeKind('n4')}`);
  const text = JSON.stringify(stored);
  expect(text).not.toContain('张三');
  expect(text).not.toContain('13800138000');
});

test('a job retried by hand before its notice ran is not told about', async () => {
  const clock = fixedClock('2026-12-01T07:00:00Z');
  const { id } = await enqueueJob(d.db, { kind: 'n5', uniqueKey: 'n-retried', payload: {}, maxAttempts: 1 }, clock.now());
  const told: string[] = [];
  let fail = true;
  const runner = createJobRunner({
    db: d.db,
    clock,
    logger: silentLogger,
    handlers: {
      n5: {
        run: async () => {
          if (!fail) return;
          // The run's time is up as it fails: its notice is left for the next run.
          clock.advance(5000);
          throw new Error('boom');
        },
        onFinalFailure: async () => void told.push('told'),
      },
    },
  });
  expect(await runner.runDue(soon(clock))).toBe(1);
  expect(await jobById(d.db, id)).toMatchObject({ state: 'failed' });
  expect(await retryJob(d.db, id, clock.now())).toBe(true);
  fail = false;
  expect(await runner.runDue(soon(clock))).toBe(2);
  expect(await jobById(d.db, id)).toMatchObject({ state: 'done' });
  expect(told).toEqual([]);
});
