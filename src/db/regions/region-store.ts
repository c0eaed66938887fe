/**
 * Region look-ups by code and by name. Codes are hierarchical by prefix (37 → 3701 → 370112 →
 * 370112020), so ancestry and scope checks need no tree walk and no query.
 */
import { and, asc, eq, inArray, like, lte, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { regions } from '../schema/index.ts';
import { buildRegionIndex, isPlaceholderName, stripRegionSuffix, type RegionIndex } from './region-matcher.ts';

export type Region = typeof regions.$inferSelect;

const LEVEL_BY_LENGTH: Record<number, 1 | 2 | 3 | 4> = { 2: 1, 4: 2, 6: 3, 9: 4 };
const isCode = (code: string) => /^\d+$/.test(code) && code.length in LEVEL_BY_LENGTH;

/** 1 province, 2 city, 3 county, 4 township; undefined for anything that is not a division code. */
export function levelOfCode(code: string): 1 | 2 | 3 | 4 | undefined {
  return isCode(code) ? LEVEL_BY_LENGTH[code.length] : undefined;
}

/** The codes a region's ancestors would have, province first: 370112020 → 37, 3701, 370112. */
export function ancestorCodesOf(code: string): string[] {
  if (!isCode(code)) return [];
  return [2, 4, 6].filter((n) => n < code.length).map((n) => code.slice(0, n));
}

/**
 * Whether `code` lies in the subtree of `ancestorCode`, the region itself included (an officer of
 * 370112 may ask about 370112). Pure prefix logic: 370112020 is within 370112, 3701 and 37.
 */
export function isWithin(code: string, ancestorCode: string): boolean {
  return isCode(code) && isCode(ancestorCode) && code.startsWith(ancestorCode);
}

export async function getRegion(db: Db, code: string): Promise<Region | undefined> {
  const [row] = await db.select().from(regions).where(eq(regions.code, code)).limit(1);
  return row;
}

/** The known regions among `codes`, in the order given (unknown codes are left out). */
export async function getRegions(db: Db, codes: readonly string[]): Promise<Region[]> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return [];
  const rows = await db.select().from(regions).where(inArray(regions.code, wanted));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return codes.map((c) => byCode.get(c)).filter((r): r is Region => r !== undefined);
}

/** Direct children by parent link, in code order (a county's townships, a city's counties). */
export async function childrenOf(db: Db, code: string): Promise<Region[]> {
  return db.select().from(regions).where(eq(regions.parentCode, code)).orderBy(asc(regions.code));
}

/** The region's ancestors, province first, without the region itself. */
export async function ancestorsOf(db: Db, code: string): Promise<Region[]> {
  return getRegions(db, ancestorCodesOf(code));
}

/** The region and everything under it, down to `maxLevel`, in code order. */
export async function subtreeOf(db: Db, code: string, maxLevel = 4): Promise<Region[]> {
  if (!isCode(code)) return [];
  return db
    .select()
    .from(regions)
    .where(and(like(regions.code, `${code}%`), lte(regions.level, maxLevel)))
    .orderBy(asc(regions.code));
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Regions named `name`, by the first rule that finds any: the exact name; the same name without
 * its suffix (唐王, 唐王镇 → 唐王街道); the name contained in a region's name. Within the subtree
 * of `withinCode` when given (names repeat across China). Ordered by level, then code.
 */
export async function searchRegionsByName(db: Db, name: string, withinCode?: string, limit = 20): Promise<Region[]> {
  const q = name.normalize('NFKC').replace(/\s+/g, '');
  if (!q) return [];
  if (withinCode !== undefined && !isCode(withinCode)) return [];
  const chain = await readAddress(db, q, withinCode);
  if (chain.code && chain.code !== withinCode) {
    if (!chain.rest) return (await getRegions(db, [chain.code])).slice(0, limit);
    const inner = await searchRegionsByName(db, chain.rest, chain.code, limit);
    if (inner.length) return inner;
  }
  const find = (cond: SQL) =>
    db
      .select()
      .from(regions)
      .where(withinCode ? and(cond, like(regions.code, `${withinCode}%`)) : cond)
      .orderBy(asc(regions.level), asc(regions.code));
  const exact = await find(eq(regions.name, q)).limit(limit);
  if (exact.length) return exact;
  const stem = stripRegionSuffix(q);
  const sameStem = (await find(like(regions.name, `${escapeLike(stem)}%`))).filter((r) => stripRegionSuffix(r.name) === stem);
  if (sameStem.length) return sameStem.slice(0, limit);
  return find(like(regions.name, `%${escapeLike(q)}%`)).limit(limit);
}

/** "中国" / "中华人民共和国" in front of an address names no region of the extract. */
const COUNTRY = /^(中华人民共和国|中国)/;

/**
 * Reads an address as people write it, outermost first ("山东省济南市历城区唐王街道", "历城区唐王街道",
 * with or without 中国): peels region names off the front, each inside the one before it, and returns
 * the most specific region so found and the text left over. A level may be skipped (区 without its
 * 市); where a name repeats (市中区 ×4) only the readings that explain more of the text are kept, and
 * if several remain equally good nothing is guessed (code stays at the last unambiguous one).
 */
export async function readAddress(db: Db | Tx, text: string, withinCode?: string): Promise<{ code: string | undefined; rest: string }> {
  const q = text.normalize('NFKC').replace(/\s+/g, '').replace(COUNTRY, '');
  const peel = async (rest: string, within: string | undefined, depth: number): Promise<Array<{ code: string | undefined; rest: string }>> => {
    if (!rest || depth > 4) return [{ code: within, rest }];
    const cands = (
      await db
        .select({ code: regions.code, name: regions.name })
        .from(regions)
        .where(
          and(
            sql`starts_with(${rest}, ${regions.name})`,

            within ? and(like(regions.code, `${within}%`), sql`${regions.code} <> ${within}`) : undefined,
          ),
        )
        .limit(20)
    ).filter((r) => !isPlaceholderName(r.name) && Array.from(r.name).length >= 2);
    if (!cands.length) return [{ code: within, rest }];
    const out: Array<{ code: string | undefined; rest: string }> = [];
    for (const c of cands) out.push(...(await peel(rest.slice(c.name.length), c.code, depth + 1)));
    const least = Math.min(...out.map((o) => o.rest.length));
    return out.filter((o) => o.rest.length === least);
  };
  const readings = await peel(q, withinCode, 0);
  const codes = [...new Set(readings.map((r) => r.code))];
  if (codes.length === 1) return { code: codes[0], rest: readings[0]!.rest };
  return { code: withinCode, rest: q };
}

/**
 * The loose-matching index of a scope (the scope region and its subtree), built once per database
 * handle and scope: the extract changes only with a deployment, and a province takes ~70 ms to index.
 */
const indexCache = new WeakMap<Db, Map<string, Promise<RegionIndex>>>();
const INDEX_CACHE_SIZE = 64;

export function regionIndexFor(db: Db, scopeCode: string): Promise<RegionIndex> {
  let perDb = indexCache.get(db);
  if (!perDb) indexCache.set(db, (perDb = new Map()));
  const hit = perDb.get(scopeCode);
  if (hit) {
    // refresh its place so the least recently used scope is the one evicted
    perDb.delete(scopeCode);
    perDb.set(scopeCode, hit);
    return hit;
  }
  const built = Promise.all([subtreeOf(db, scopeCode), ancestorsOf(db, scopeCode)]).then(([rows, up]) => {
    // the scope region's own parent is outside the list; name it for clarifying questions
    const parent = up.filter((r) => !isPlaceholderName(r.name)).at(-1);
    return buildRegionIndex(rows.map((r) => (r.code === scopeCode ? { ...r, parentName: parent?.name ?? null } : r)));
  });
  built.catch(() => perDb.delete(scopeCode));
  perDb.set(scopeCode, built);
  if (perDb.size > INDEX_CACHE_SIZE) perDb.delete(perDb.keys().next().value!);
  return built;
}
