/**
 * The durable job queue: the reminder outbox's design (unique keys, FOR UPDATE SKIP LOCKED
 * claims, leases that run out, marks that only move a row forward) for any kind of background
 * work. Every statement is safe to run twice and on two processes at once.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import type { JobState } from '../schema/jobs.ts';
import { rowsOf } from '../sql.ts';

export interface NewJob {
  kind: string;
  /** A retried request asking for the same work names the same key and queues nothing more. */
  uniqueKey: string;
  payload: Record<string, unknown>;
  maxAttempts?: number;
}

export interface JobRow {
  id: string;
  kind: string;
  uniqueKey: string;
  payload: Record<string, unknown>;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  progress: Record<string, unknown>;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

type RawJob = {
  id: string;
  kind: string;
  unique_key: string;
  payload: unknown;
  state: JobState;
  attempts: number;
  max_attempts: number;
  progress: unknown;
  last_error: string | null;
  created_at: string | Date;
  finished_at: string | Date | null;
};

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
const COLUMNS = sql.raw('id::text, kind, unique_key, payload, state, attempts, max_attempts, progress, last_error, created_at, finished_at');

function toJob(r: RawJob): JobRow {
  return {
    id: r.id,
    kind: r.kind,
    uniqueKey: r.unique_key,
    payload: json(r.payload),
    state: r.state,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    progress: json(r.progress),
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
  };
}

/**
 * Queues a job in the caller's transaction; the id of the job under that key, new or not.
 * `created` is false when the key was already there (a retried callback): nothing more is queued.
 */
export async function enqueueJob(db: Db | Tx, job: NewJob, now: Date): Promise<{ id: string; created: boolean }> {
  const at = now.toISOString();
  const ins = await rowsOf<{ id: string }>(
    db,
    sql`insert into jobs (kind, unique_key, payload, max_attempts, run_at, created_at)
        values (${job.kind}, ${job.uniqueKey}, ${JSON.stringify(job.payload)}::jsonb, ${job.maxAttempts ?? 5}::int, ${at}::timestamptz, ${at}::timestamptz)
        on conflict (unique_key) do nothing returning id::text`,
  );
  if (ins[0]) return { id: ins[0].id, created: true };
  const old = await rowsOf<{ id: string }>(db, sql`select id::text from jobs where unique_key = ${job.uniqueKey}`);
  return { id: old[0]!.id, created: false };
}

/**
 * A claim whose lease ran out on the last allowed attempt: its outcome is unknown and it is
 * spent, so it is kept as failed (visible) rather than tried again. Run before claiming, for the
 * kinds the caller runs (so it can tell whoever waits on them); the jobs failed here.
 */
export async function failSpentJobs(db: Db | Tx, now: Date, kinds: readonly string[]): Promise<JobRow[]> {
  if (kinds.length === 0) return [];
  const k = sql.join(kinds.map((x) => sql`${x}`), sql`, `);
  const rows = await rowsOf<RawJob>(
    db,
    sql`update jobs set state = 'failed', lease_until = null, finished_at = ${now.toISOString()}::timestamptz,
          last_error = coalesce(last_error || '; ', '') || 'lease expired on the last attempt'
        where state = 'running' and lease_until < ${now.toISOString()}::timestamptz and attempts >= max_attempts and kind in (${k})
        returning ${COLUMNS}`,
  );
  return rows.map(toJob);
}

/**
 * Claims one job that may run now: pending and due, or running under a lease that ran out (its
 * process died). One statement; SKIP LOCKED lets concurrent claimers take different jobs. The
 * attempt is counted at the claim, so a job that crashes its process every time still ends.
 */
export async function claimJob(
  db: Db | Tx,
  o: { now: Date; leaseMs: number; workerId: string; kinds: readonly string[] },
): Promise<JobRow | null> {
  if (o.kinds.length === 0) return null;
  const now = o.now.toISOString();
  const until = new Date(o.now.getTime() + o.leaseMs).toISOString();
  const kinds = sql.join(o.kinds.map((k) => sql`${k}`), sql`, `);
  const rows = await rowsOf<RawJob>(
    db,
    sql`with c as (
          select id from jobs
          where ((state = 'pending' and run_at <= ${now}::timestamptz) or (state = 'running' and lease_until < ${now}::timestamptz))
            and attempts < max_attempts and kind in (${kinds})
          order by run_at, id
          limit 1
          for update skip locked
        )
        update jobs j set state = 'running', lease_until = ${until}::timestamptz, claimed_by = ${o.workerId}::text, attempts = j.attempts + 1
        from c where j.id = c.id
        returning ${sql.raw('j.id::text, j.kind, j.unique_key, j.payload, j.state, j.attempts, j.max_attempts, j.progress, j.last_error, j.created_at, j.finished_at')}`,
  );
  return rows[0] ? toJob(rows[0]) : null;
}

/**
 * The holder saves progress and extends its lease in one statement; false when the job is no
 * longer its own (the lease ran out and another process took it): the holder must stop.
 */
export async function heartbeat(db: Db | Tx, id: string, workerId: string, progress: Record<string, unknown>, leaseUntil: Date): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`update jobs set progress = progress || ${JSON.stringify(progress)}::jsonb, lease_until = ${leaseUntil.toISOString()}::timestamptz
        where id = ${id}::uuid and state = 'running' and claimed_by = ${workerId}::text returning id::text`,
  );
  return rows.length > 0;
}

/**
 * Done, in the caller's transaction when the job's effect is written there (the inbox marks an
 * event done in its handler's own transaction). True for the one call that moved it to done:
 * a second runner of the same job learns here that its work is already in. A job failed for good
 * stays failed (its final-failure notice has gone out); `jobs retry` is the way back.
 */
export async function markJobDone(db: Db | Tx, id: string, now: Date): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`update jobs set state = 'done', lease_until = null, finished_at = ${now.toISOString()}::timestamptz
        where id = ${id}::uuid and state not in ('done', 'failed') returning id::text`,
  );
  return rows.length > 0;
}

/**
 * Marks a step of a job as taken, in the caller's transaction together with the effect it
 * records, whoever holds the job: true for the one call that marked it, false when an earlier
 * attempt or a process racing this one already did (the caller then writes nothing). The row is
 * locked by the update, so a racer waits, then finds the step marked.
 */
export async function markJobStep(tx: Tx, id: string, step: string, progress: Record<string, unknown> = {}): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    tx,
    sql`update jobs set progress = progress || ${JSON.stringify({ ...progress, [step]: true })}::jsonb
        where id = ${id}::uuid and not coalesce((progress->>${step}::text)::boolean, false) returning id::text`,
  );
  return rows.length > 0;
}

/**
 * A failed attempt by the current holder: pending again at `retryAt`, or failed for good. False
 * when the job was no longer the caller's (taken over after its lease ran out): nothing changed.
 */
export async function markJobFailed(db: Db | Tx, id: string, workerId: string, error: string, retryAt: Date | null, now: Date): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`update jobs set state = ${retryAt ? 'pending' : 'failed'}::text, run_at = coalesce(${retryAt?.toISOString() ?? null}::timestamptz, run_at),
          lease_until = null, last_error = ${error.slice(0, 500)}::text,
          finished_at = ${retryAt ? null : now.toISOString()}::timestamptz
        where id = ${id}::uuid and state = 'running' and claimed_by = ${workerId}::text returning id::text`,
  );
  return rows.length > 0;
}

export async function jobById(db: Db | Tx, id: string): Promise<JobRow | null> {
  const rows = await rowsOf<RawJob>(db, sql`select ${COLUMNS} from jobs where id = ${id}::uuid`);
  return rows[0] ? toJob(rows[0]) : null;
}

/** The newest jobs first (the CLI's list); failed ones only when asked. */
export async function listJobs(db: Db | Tx, o: { failed?: boolean; limit?: number } = {}): Promise<JobRow[]> {
  const where = o.failed ? sql`where state = 'failed'` : sql``;
  const rows = await rowsOf<RawJob>(db, sql`select ${COLUMNS} from jobs ${where} order by created_at desc, id limit ${o.limit ?? 50}::int`);
  return rows.map(toJob);
}

/** A failed job runs again from now with a fresh count of attempts; false if it was not failed. */
export async function retryJob(db: Db | Tx, id: string, now: Date): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`update jobs set state = 'pending', attempts = 0, run_at = ${now.toISOString()}::timestamptz, finished_at = null, claimed_by = null
        where id = ${id}::uuid and state = 'failed' returning id::text`,
  );
  return rows.length > 0;
}

/**
 * The inbox's first step, in the handler's own transaction: marks the event handled (its row is
 * locked until that transaction ends, so a replay racing it waits and then finds it handled).
 * False when it was handled already: the caller must do nothing. `keep` is saved with the mark
 * (what a replay needs to finish the work, e.g. the DingTalk deck's decision).
 */
export async function markInboxHandled(tx: Tx, id: string, keep: Record<string, unknown> = {}): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    tx,
    sql`update jobs set progress = progress || ${JSON.stringify({ ...keep, handled: true })}::jsonb
        where id = ${id}::uuid and state <> 'done' and not coalesce((progress->>'handled')::boolean, false)
        returning id::text`,
  );
  return rows.length > 0;
}

/** The reply an inbox event got, kept with it in the same transaction, so a replay can resend it. */
export async function saveInboxReply(tx: Tx, id: string, reply: Record<string, unknown>): Promise<void> {
  await tx.execute(sql`update jobs set progress = progress || jsonb_build_object('reply', ${JSON.stringify(reply)}::jsonb) where id = ${id}::uuid`);
}
