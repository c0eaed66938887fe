/**
 * Finding where someone works in the ledger: by unified social credit code (exact) or by a part
 * of the name; and the region a free-text workplace is in, by name.
 */
import { isUuid } from '../../domain/uuid.ts';
import { and, asc, eq, ilike, inArray, like, sql, type SQL } from 'drizzle-orm';
import { regions } from '../schema/core.ts';
import { orgs } from '../schema/ledger.ts';
import type { Db, Tx } from '../database.ts';
import { checkCreditCode } from '../../domain/credit-code.ts';
import { ancestorCodesOf, readAddress } from '../regions/region-store.ts';

export interface OrgHit {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Orgs matching the text; operating ones first. Empty for text too short to mean anything. */
export async function searchOrgs(db: Db | Tx, text: string, limit = 8): Promise<OrgHit[]> {
  const q = text.normalize('NFKC').trim();
  if (!q) return [];
  const code = checkCreditCode(q);
  const base = db
    .select({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode, regionName: regions.name })
    .from(orgs)
    .innerJoin(regions, eq(regions.code, orgs.regionCode));
  if (code.normalized.length === 18 && /^[0-9A-Z]+$/.test(code.normalized)) {
    const exact = await base.where(eq(orgs.creditCode, code.normalized)).limit(1);
    if (exact.length) return exact;
  }
  if ([...q].length < 2) return [];
  return base
    .where(ilike(orgs.name, `%${escapeLike(q)}%`))
    .orderBy(sql`case when ${orgs.status} = 'operating' then 0 else 1 end`, sql`length(${orgs.name})`, asc(orgs.name))
    .limit(limit);
}

/**
 * The one hit the typed text names exactly: its credit code, or its full name (NFKC, spaces
 * ignored). Nothing to pick then (issue 20 item 12h); two orgs of the same name still need a pick.
 */
export function exactOrgHit(hits: readonly OrgHit[], text: string): OrgHit | undefined {
  const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  const q = squash(text);
  const code = checkCreditCode(q).normalized;
  if (hits.length === 1 && code.length === 18 && !hits[0]!.name.includes(q)) return hits[0];
  const same = hits.filter((h) => squash(h.name) === q);
  return same.length === 1 ? same[0] : undefined;
}

export async function orgById(db: Db | Tx, id: string): Promise<OrgHit | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode, regionName: regions.name })
    .from(orgs)
    .innerJoin(regions, eq(regions.code, orgs.regionCode))
    .where(eq(orgs.id, id));
  return row;
}

export interface RegionHit {
  code: string;
  name: string;
  /** "山东省济南市", so that same-named places can be told apart. */
  parents: string;
}

/**
 * Regions (county or township) named by the text: the exact name first, then names that contain
 * it; within `scope` when given. A name typed with its city in front ("济南市历城区") is read
 * as the part after the last city/province name it starts with.
 */
export async function searchRegions(db: Db | Tx, text: string, scope: string | null, limit = 8): Promise<RegionHit[]> {
  let q = text.normalize('NFKC').replace(/\s+/g, '');
  if (!q) return [];
  const inScope = scope ? like(regions.code, `${scope}%`) : undefined;
  const find = (cond: SQL | undefined) =>
    db
      .select({ code: regions.code, name: regions.name, level: regions.level })
      .from(regions)
      .where(and(cond, inScope, sql`${regions.level} >= 3`))
      .orderBy(asc(regions.level), asc(regions.code))
      .limit(limit);
  let rows = await find(eq(regions.name, q));
  let prefix: string | null = null;
  if (rows.length === 0) {
    // An address as people write it ("山东省济南市历城区唐王街道", "历城区唐王街道", with or without 中国):
    // the most specific region named, each inside the one before it; what is left is searched inside it.
    const chain = await readAddress(db, q, scope ?? undefined);
    if (chain.code && chain.code !== scope) {
      prefix = chain.code;
      q = chain.rest;
      rows = q
        ? await find(and(eq(regions.name, q), like(regions.code, `${prefix}%`)))
        : await find(eq(regions.code, prefix));
    }
  }
  if (rows.length === 0 && !q) return [];
  if (rows.length === 0) {
    const cond = prefix ? and(like(regions.name, `%${escapeLike(q)}%`), like(regions.code, `${prefix}%`)) : like(regions.name, `%${escapeLike(q)}%`);
    rows = await find(cond);
  }
  const ancestorCodes = [...new Set(rows.flatMap((r) => ancestorCodesOf(r.code)))];
  const names = new Map(
    (ancestorCodes.length ? await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, ancestorCodes)) : []).map(
      (r) => [r.code, r.name],
    ),
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    parents: ancestorCodesOf(r.code)
      .map((c) => names.get(c) ?? '')
      .filter((n) => n && n !== '市辖区' && n !== '县')
      .join(''),
  }));
}

export async function regionName(db: Db | Tx, code: string): Promise<string> {
  const [row] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, code));
  return row?.name ?? code;
}
