/**
 * Loads the committed division extract (`divisions.txt`, see extract.ts) into `regions`, so every
 * province, city, county and township is present after `migrate`.
 *
 * Cheap when nothing changed: the table comment holds the extract's sha256, and together with the
 * row count it tells whether this exact extract is loaded, without reading 44,703 rows.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { ancestorCodesOf, levelOfCode } from './region-store.ts';

const EXTRACT_FILE = new URL('./divisions.txt', import.meta.url);
/** Rows per statement (one jsonb parameter, ~0.3 MB): 1,000 to 50,000 all load in about a second. */
const BATCH_SIZE = 5000;
/** Serialises concurrent first boots (two processes migrating one empty database). */
const LOCK_KEY = 7_238_412_901;

export interface ExtractRegion {
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4;
  /** The nearest ancestor present in the extract (its direct parent in practice), null for provinces. */
  parentCode: string | null;
}

export interface RegionExtract {
  rows: ExtractRegion[];
  sha256: string;
}

let cached: RegionExtract | undefined;

/**
 * The extract's sha256 and row count without parsing it (a restart only needs these to see that
 * it is loaded; parsing costs ~100 ms on a busy machine). A file with this hash parsed once already.
 */
function regionExtractSummary(): { sha256: string; count: number } {
  if (cached) return { sha256: cached.sha256, count: cached.rows.length };
  const text = readFileSync(EXTRACT_FILE, 'utf8');
  let count = 0;
  for (const line of text.split('\n')) if (line !== '' && !line.startsWith('#')) count++;
  return { sha256: createHash('sha256').update(text).digest('hex'), count };
}

/** The parsed extract, sorted by code (so parents come before children). Read once per process. */
export function readRegionExtract(): RegionExtract {
  if (cached) return cached;
  const text = readFileSync(EXTRACT_FILE, 'utf8');
  const rows: ExtractRegion[] = [];
  const codes = new Set<string>();
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '' || line.startsWith('#')) continue;
    const [code = '', name = '', extra] = line.split('\t');
    const level = levelOfCode(code);
    if (!level || !name || extra !== undefined) throw new Error(`divisions.txt line ${i + 1}: malformed ${JSON.stringify(line)}`);
    if (codes.has(code)) throw new Error(`divisions.txt line ${i + 1}: duplicate code ${code}`);
    codes.add(code);
    rows.push({ code, name, level, parentCode: null });
  }
  // A unit whose direct parent is missing from the data hangs under the nearest one that exists.
  for (const r of rows) r.parentCode = ancestorCodesOf(r.code).reverse().find((c) => codes.has(c)) ?? null;
  rows.sort((a, b) => (a.code < b.code ? -1 : 1));
  cached = { rows, sha256: createHash('sha256').update(text).digest('hex') };
  return cached;
}

type Executor = Pick<Db, 'execute'>;

/** postgres.js returns the rows as an array, PGlite as `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

async function isLoaded(db: Executor, fingerprint: string, count: number): Promise<boolean> {
  const [row] = rowsOf<{ fp: string | null; n: number }>(
    await db.execute(sql`select obj_description('regions'::regclass, 'pg_class') as fp, (select count(*) from regions)::int as n`),
  );
  return row?.fp === fingerprint && Number(row.n) === count;
}

/** Upserts one batch, counting only rows inserted or actually changed. */
async function upsertBatch(tx: Executor, batch: ExtractRegion[]): Promise<number> {
  const json = JSON.stringify(batch.map((r) => ({ c: r.code, n: r.name, l: r.level, p: r.parentCode })));
  // One text parameter parsed by the server: far cheaper than 20,000 bound parameters per statement.
  const result = await tx.execute(sql`
    with src as (select * from jsonb_to_recordset(${json}::text::jsonb) as r(c text, n text, l smallint, p text)),
    up as (
      insert into regions (code, name, level, parent_code)
      select c, n, l, p from src
      on conflict (code) do update set name = excluded.name, level = excluded.level, parent_code = excluded.parent_code
      where (regions.name, regions.level, regions.parent_code)
        is distinct from (excluded.name, excluded.level, excluded.parent_code)
      returning 1
    )
    select count(*)::int as n from up`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/**
 * Makes `regions` hold the extract, in one transaction; returns the rows inserted or changed (0
 * when this extract is already loaded). Codes that a newer extract drops are kept, because orgs and
 * roles may still reference them.
 */
export async function ensureRegions(db: Db, opts: { batchSize?: number } = {}): Promise<number> {
  const size = opts.batchSize ?? BATCH_SIZE;
  const summary = regionExtractSummary();
  if (await isLoaded(db, `division extract sha256:${summary.sha256}`, summary.count)) return 0;
  const { rows, sha256 } = readRegionExtract();
  const fingerprint = `division extract sha256:${sha256}`;
  // Only `tx` inside: PGlite has one connection, and the outer handle would wait for it forever.
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`select pg_advisory_xact_lock(${LOCK_KEY})`));
    if (await isLoaded(tx, fingerprint, rows.length)) return 0;
    let written = 0;
    for (let i = 0; i < rows.length; i += size) written += await upsertBatch(tx, rows.slice(i, i + size));
    // COMMENT takes no parameters; the fingerprint is fixed text and hex digits, so inlining is safe.
    await tx.execute(sql.raw(`comment on table regions is '${fingerprint}'`));
    return written;
  });
}
