import type { SQL } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';

/**
 * Rows of a raw statement on either driver: postgres.js answers with an array, PGlite with
 * `{ rows }`. Cast numbers in SQL (`::int`, `::float8`): the drivers differ on bigint and numeric.
 */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(r) ? (r as T[]) : (r.rows ?? []);
}

/** A JSON parameter: one value whatever the list's length (no 65,535-parameter ceiling). */
export const jsonParam = (value: unknown) => JSON.stringify(value);
