/**
 * Two Node processes share the job queue on one PostgreSQL; the one running a job is killed with
 * SIGKILL in the middle of it, and the other takes the job over once its lease ran out. The end
 * state has every effect exactly once: each row in once, one file sent, the counts true.
 * PostgreSQL only (PGlite is one process's embedded database).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { enqueueJob, jobById } from '../../src/db/jobs/job-store.ts';
import { rowsOf } from '../../src/db/sql.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { until } from '../support/until.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);
const worker = fileURLToPath(new URL('./kill-worker.ts', import.meta.url));
const ROWS = 3000;

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDb();
  await d.db.execute(sql`create table kill_rows (n int primary key, by_worker text not null)`);
  await d.db.execute(sql`create table kill_sends (id serial primary key, uuid text not null, by_worker text not null, rows int not null)`);
});
afterAll(() => d.drop());

function start(workerId: string, jobId: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', worker], {
    env: { ...process.env, KILL_DB_URL: d.url!, KILL_WORKER: workerId, KILL_JOB: jobId, KILL_LEASE_MS: '1500' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

test.skipIf(!onPostgres)('a job whose process is killed with SIGKILL mid-job is taken over by the other and ends with every effect once', { timeout: 40_000 }, async () => {
  const { id } = await enqueueJob(d.db, { kind: 'kill-test-import', uniqueKey: 'kill-nine', payload: { rows: ROWS, chunk: 100 } }, new Date());
  const a = start('proc-a', id);
  // A holds the job before B starts, so B can only get it by taking it over.
  await until(() => jobById(d.db, id), (j) => j?.state === 'running', 'proc-a to claim the job');
  const b = start('proc-b', id);
  const mid = await until(() => jobById(d.db, id), (j) => Number(j?.progress.rows ?? 0) >= ROWS / 3, 'proc-a to import a third');
  a.child.kill('SIGKILL');
  expect(await a.exited).toBeNull();
  expect(a.child.signalCode).toBe('SIGKILL');
  expect(mid!.progress.fileSent).toBeUndefined();

  expect(await b.exited).toBe(0);
  const job = (await jobById(d.db, id))!;
  expect(job).toMatchObject({ state: 'done', attempts: 2 });
  const rows = await rowsOf<{ n: number; distinct_n: number; lo: number; hi: number; by_a: number }>(
    d.db,
    sql`select count(*)::int as n, count(distinct n)::int as distinct_n, min(n)::int as lo, max(n)::int as hi,
          count(*) filter (where by_worker = 'proc-a')::int as by_a from kill_rows`,
  );
  expect(rows[0]).toMatchObject({ n: ROWS, distinct_n: ROWS, lo: 0, hi: ROWS - 1 });
  // What proc-a committed before it died stays, and proc-b found it rather than adding it again.
  const byA = rows[0]!.by_a;
  expect(byA).toBeGreaterThanOrEqual(ROWS / 3);
  expect(byA).toBeLessThan(ROWS);
  expect(job.progress).toMatchObject({ rows: ROWS, imported: ROWS - byA, unchanged: byA, fileSent: true });
  // One file, sent once, by the process that finished, reporting every row.
  const sends = await rowsOf<{ uuid: string; by_worker: string; rows: number }>(d.db, sql`select uuid, by_worker, rows from kill_sends`);
  expect(sends).toEqual([{ uuid: `file-${id}`, by_worker: 'proc-b', rows: ROWS }]);
});
