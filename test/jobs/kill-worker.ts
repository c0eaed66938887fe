/**
 * One of the two processes of kill-nine.test.ts: a job runner against the test's PostgreSQL with
 * a deliberately slow job kind used only there. The kind works as the chat import does
 * (import-job.ts): chunked transactions, idempotent by design (a row already in is found, not
 * added again), progress and lease kept between chunks, and one file sent at the end under a
 * uuid made from the job id (the stand-in messenger records every send call in `kill_sends`).
 * Runs until the job is done, then exits.
 */
import { sql } from 'drizzle-orm';
import { systemClock } from '../../src/clock.ts';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { jobById } from '../../src/db/jobs/job-store.ts';
import { rowsOf } from '../../src/db/sql.ts';
import { createJobRunner, type JobHandler } from '../../src/jobs/job-runner.ts';
import { silentLogger } from '../../src/log/logger.ts';

export const KILL_TEST_JOB = 'kill-test-import';

const url = process.env.KILL_DB_URL!;
const workerId = process.env.KILL_WORKER!;
const jobId = process.env.KILL_JOB!;
const database = createPostgresDb(url, { max: 2, role: 'job' });
const db = database.db;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const slowImport: JobHandler = async (ctx) => {
  const total = Number(ctx.job.payload.rows);
  const chunk = Number(ctx.job.payload.chunk);
  const c = { rows: 0, imported: 0, unchanged: 0 };
  for (let from = 0; from < total; from += chunk) {
    const ns = Array.from({ length: Math.min(chunk, total - from) }, (_, i) => from + i);
    const added = await db.transaction(async (tx) => {
      const values = sql.join(ns.map((n) => sql`(${n}::int, ${workerId}::text)`), sql`, `);
      const r = await rowsOf<{ n: number }>(tx, sql`insert into kill_rows (n, by_worker) values ${values} on conflict (n) do nothing returning n`);
      // Slow on purpose, inside the transaction: a kill here leaves an open transaction behind.
      await tx.execute(sql`select pg_sleep(0.03)`);
      return r.length;
    });
    c.rows += ns.length;
    c.imported += added;
    c.unchanged += ns.length - added;
    await ctx.progress({ ...c });
  }
  if (ctx.job.progress.fileSent !== true) {
    const count = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from kill_rows`);
    await db.execute(sql`insert into kill_sends (uuid, by_worker, rows) values (${`file-${ctx.job.id}`}, ${workerId}, ${count[0]!.n}::int)`);
    await ctx.progress({ fileSent: true });
  }
};

const runner = createJobRunner({
  db,
  clock: systemClock,
  logger: silentLogger,
  workerId,
  leaseMs: Number(process.env.KILL_LEASE_MS ?? 1500),
  handlers: { [KILL_TEST_JOB]: slowImport },
});

for (;;) {
  await runner.runDue(new Date(Date.now() + 60_000));
  const job = await jobById(db, jobId);
  if (!job || job.state === 'done' || job.state === 'failed') break;
  await pause(100);
}
await database.close();
