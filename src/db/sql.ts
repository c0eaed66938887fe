/**
 * The raw-SQL helpers of the whole db layer, in one place: reading rows on either driver, JSON
 * parameters, typed VALUES lists, id lists and the region-subtree condition.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from './database.ts';

/**
 * Rows of a raw statement on either driver: postgres.js answers with an array, PGlite with
 * `{ rows }`. Cast numbers in SQL (`::int`, `::float8`): the drivers differ on bigint and numeric.
 */
export async function rowsOf<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

export type Column = readonly [name: string, type: 'text' | 'int' | 'date' | 'uuid' | 'bool' | 'jsonb'];

/**
 * `name(col, …) as (values (…), …)` with every value cast to its column's type (parameters
 * arrive untyped). An empty list gives a typed, empty relation so joins on it still plan.
 */
export function valuesCte(name: string, columns: readonly Column[], rows: ReadonlyArray<readonly unknown[]>): SQL {
  const cols = sql.raw(columns.map((c) => c[0]).join(', '));
  if (rows.length === 0) {
    const nulls = sql.raw(columns.map(([n, t]) => `null::${t} as ${n}`).join(', '));
    return sql`${sql.raw(name)} as (select ${nulls} where false)`;
  }
  const tuples = rows.map(
    (row) => sql`(${sql.join(
      row.map((v, i) => sql`${v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : v}::${sql.raw(columns[i]![1])}`),
      sql`, `,
    )})`,
  );
  return sql`${sql.raw(name)}(${cols}) as (values ${sql.join(tuples, sql`, `)})`;
}

/** `starts_with(col, p1) or …`; `false` for no prefixes. */
export function underAny(column: SQL, prefixes: readonly string[]): SQL {
  if (prefixes.length === 0) return sql`false`;
  return sql`(${sql.join(
    prefixes.map((p) => sql`starts_with(${column}, ${p}::text)`),
    sql` or `,
  )})`;
}

/** `col in (…)`; `false` for an empty list. */
export function inList(column: SQL, ids: readonly string[], type: 'uuid' | 'text' = 'uuid'): SQL {
  if (ids.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    ids.map((id) => sql`${id}::${sql.raw(type)}`),
    sql`, `,
  )})`;
}

/** A JSON parameter: one value whatever the list's length (no 65,535-parameter ceiling). */
export const jsonParam = (value: unknown) => JSON.stringify(value);

/**
 * `column` starts with `code`, as a byte-wise range (~>=~ / ~<~, the text_pattern_ops operators)
 * rather than LIKE: a prepared statement's generic plan can use the index with a range whose
 * bounds are parameters, while `like $1` would fall back to reading the whole table.
 */
export function startsWith(column: SQL, code: string): SQL {
  if (!/^\d+$/.test(code)) throw new RangeError(`not a region code: ${code}`);
  // The upper bound: the code with its last character raised by one ('9' becomes ':', which sorts after it).
  const upper = code.slice(0, -1) + String.fromCharCode(code.charCodeAt(code.length - 1) + 1);
  return sql`(${column} ~>=~ ${code} and ${column} ~<~ ${upper})`;
}
