/**
 * Region look-ups by code and by name. Codes are hierarchical by prefix (37 → 3701 → 370112 →
 * 370112020), so ancestry and scope checks need no tree walk and no query.
 */
import { and, asc, eq, inArray, like, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../database.ts';
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
