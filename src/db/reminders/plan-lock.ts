import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { markOnce } from '../stores/marks-store.ts';
import { rowsOf } from '../sql.ts';

/** An arbitrary, fixed advisory-lock key for planning. */
const PLAN_LOCK = 8_150_208;

/**
 * Runs `fn` in a transaction holding the planning lock, once per day: a second process (another
 * replica, the Worker) finds the lock taken or the day marked and skips. `force` runs again on a
 * marked day; `fn` is told whether the day was planned before (a rerun). Returns null when skipped.
 */
export async function oncePerDay<T>(db: Db | Tx, day: string, at: Date, force: boolean, fn: (tx: Tx, rerun: boolean) => Promise<T>): Promise<T | null> {
  const run = (db as Db).transaction.bind(db) as Db['transaction'];
  return run(async (tx) => {
    const [lock] = await rowsOf<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${PLAN_LOCK}::bigint) as ok`);
    if (!lock?.ok) return null;
    const first = await markOnce(tx, 'system:reminders', `plan:${day}`, at);
    if (!first && !force) return null;
    // Planning hashes and sorts a few hundred thousand rows: give this transaction the memory.
    await tx.execute(sql`set local work_mem = '64MB'`);
    return fn(tx, !first);
  });
}
