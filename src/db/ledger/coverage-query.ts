/**
 * Coverage counts of a region and of each of its direct children in one statement: a sum over
 * the region's key range of the rollups (coverage-rollup-store.ts), or, as the reference, a GROUP
 * BY over its orgs with one FILTER per figure; names come from the (cached) region rows. Orgs registered at the region itself (a county code under a county) land on the region's
 * own row, so the children plus that row add up to the total.
 */
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../database.ts';
import { regions } from '../schema/core.ts';
import { orgs, partyOrgs, type OrgKind } from '../schema/ledger.ts';
import type { CoverageRules } from '../../ledger/ledger-rules.ts';
import { rowsOf } from '../sql.ts';
import { rollupCounts, type CoverageCounts } from './coverage-rollup-store.ts';
import { coveragePredicates, inRegion, kindPredicate, listPredicate, listTotal, type KindFilter, type OrgListKey } from './coverage-predicates.ts';

export interface CoverageRow {
  code: string;
  name: string;
  level: number;
  kind: OrgKind | null;
  inScope: number;
  partyOrg: number;
  standalone: number;
  work: number;
}

/** The length of a child's code: province 2 → city 4 → county 6 → township 9. */
export function childCodeLength(code: string): number | null {
  return ({ 2: 4, 4: 6, 6: 9 } as Record<number, number>)[code.length] ?? null;
}

/** A region and its direct children: static data (the extract changes only with a deployment), kept. */
interface Family {
  region: { code: string; name: string; level: number };
  children: Array<{ code: string; name: string; level: number }>;
}
const families = new Map<string, Promise<Family | null>>();
const FAMILY_CACHE_SIZE = 2000;

function familyOf(db: Db | Tx, code: string): Promise<Family | null> {
  const hit = families.get(code);
  if (hit) return hit;
  const p = db
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(regions)
    .where(or(eq(regions.code, code), eq(regions.parentCode, code)))
    .orderBy(asc(regions.code))
    .then((rows) => {
      const region = rows.find((r) => r.code === code);
      return region ? { region, children: rows.filter((r) => r.code !== code) } : null;
    });
  p.then((f) => f === null && families.delete(code), () => families.delete(code));
  if (families.size >= FAMILY_CACHE_SIZE) families.delete(families.keys().next().value!);
  families.set(code, p);
  return p;
}

const dialect = new PgDialect();
const selects = new Map<string, string>();

/**
 * The statement up to its WHERE, as text, kept per rules and child level: the predicates hold
 * only literals, so they are compiled once instead of on every call (a county's query is ~1 ms).
 */
function countingSelect(rules: CoverageRules, len: number): string {
  const key = `${len}|${JSON.stringify(rules)}`;
  let text = selects.get(key);
  if (text === undefined) {
    const p = coveragePredicates(rules);
    const q = dialect.sqlToQuery(
      sql`select left(${orgs.regionCode}, ${sql.raw(String(len))}) as k, ${orgs.kind} as kind,
            (count(*) filter (where ${p.inScope}))::int as in_scope,
            (count(*) filter (where ${p.partyOrg}))::int as party_org,
            (count(*) filter (where ${p.standalone}))::int as standalone,
            (count(*) filter (where ${p.work}))::int as work
          from ${orgs}`,
    );
    if (q.params.length) throw new Error('coverage predicates must hold literals only');
    text = q.sql;
    selects.set(key, text);
  }
  return text;
}

/** Counts of a region's subtree by child prefix (`len` characters) and kind, from the rows: the reference. */
export function rowCounts(db: Db | Tx, regionCode: string, rules: CoverageRules, len: number): Promise<CoverageCounts[]> {
  return rowsOf<CoverageCounts>(db, sql`${sql.raw(countingSelect(rules, len))} where ${inRegion(regionCode)} group by 1, 2`);
}

/** Where the counts come from: the rollups (the service), or the rows (--verify, the bench's reference). */
export type CountSource = 'rollups' | 'rows';

/**
 * The region and its children, counted by child prefix and kind (from the rollups, or by one
 * GROUP BY over the region's key range of orgs), then joined in memory to the region rows.
 * Returns [] for a code that is not a region.
 */
export async function coverageRows(db: Db | Tx, regionCode: string, rules: CoverageRules, source: CountSource = 'rollups'): Promise<CoverageRow[]> {
  const family = await familyOf(db, regionCode);
  if (!family) return [];
  const len = childCodeLength(regionCode) ?? regionCode.length;
  const counts = source === 'rollups' ? await rollupCounts(db, regionCode, rules, len) : await rowCounts(db, regionCode, rules, len);
  const byKey = new Map<string, typeof counts>();
  // Groups with nothing counted (only closed orgs) are left out: the rollups keep none of them.
  for (const c of counts) if (c.in_scope || c.party_org || c.standalone || c.work) byKey.set(c.k, [...(byKey.get(c.k) ?? []), c]);
  const out: CoverageRow[] = [];
  for (const r of [family.region, ...family.children]) {
    const found = byKey.get(r.code);
    if (!found) out.push({ ...r, kind: null, inScope: 0, partyOrg: 0, standalone: 0, work: 0 });
    // Kinds in one order whichever plan the database chose, so both sources give equal rows.
    else for (const c of found.sort((a, b) => a.kind.localeCompare(b.kind))) out.push({ ...r, kind: c.kind as OrgKind, inScope: Number(c.in_scope), partyOrg: Number(c.party_org), standalone: Number(c.standalone), work: Number(c.work) });
  }
  return out;
}

export interface OrgListItem {
  id: string;
  name: string;
  creditCode: string | null;
  kind: OrgKind;
  regionCode: string;
  regionName: string;
  employees: number;
  membersFormal: number;
  formation: string;
  partyOrgName: string | null;
  hasInstructor: boolean;
}

export interface Page<T> {
  total: number;
  items: T[];
}

/**
 * Names of the region and party org are looked up per row shown (scalar subqueries), not joined:
 * with a join, the planner was free to walk every region in code order to avoid a sort, and did
 * (6 s for a county of 14,000 orgs).
 */
export const orgListColumns = {
  id: orgs.id,
  name: orgs.name,
  creditCode: orgs.creditCode,
  kind: orgs.kind,
  regionCode: orgs.regionCode,
  regionName: sql<string>`(select r.name from ${regions} r where r.code = ${orgs.regionCode})`,
  employees: orgs.employees,
  membersFormal: orgs.membersFormal,
  formation: orgs.formation,
  partyOrgName: sql<string | null>`(select p.name from ${partyOrgs} p where p.id = ${orgs.partyOrgId})`,
  hasInstructor: orgs.hasInstructor,
  total: sql<number>`count(*) over ()`.mapWith(Number),
};

/** A page of orgs matching a condition in a region subtree, by name; with the total. */
export async function orgPage(db: Db | Tx, regionCode: string, condition: ReturnType<typeof sql>, page: { limit: number; offset: number }): Promise<Page<OrgListItem>> {
  const rows = await db
    .select(orgListColumns)
    .from(orgs)
    .where(and(inRegion(regionCode), condition))
    .orderBy(asc(orgs.regionCode), asc(orgs.name), asc(orgs.id))
    .limit(page.limit)
    .offset(page.offset);
  const total = rows[0]?.total ?? (page.offset > 0 ? await countWhere(db, regionCode, condition) : 0);
  return { total, items: rows.map(({ total: _t, ...r }) => r) };
}

async function countWhere(db: Db | Tx, regionCode: string, condition: ReturnType<typeof sql>): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(orgs).where(and(inRegion(regionCode), condition));
  return r?.n ?? 0;
}

/** Where a list page ends: the next page starts after this org, in orgs_list_idx order. */
export interface ListCursor {
  regionCode: string;
  name: string;
  id: string;
}

/** Orgs after the cursor in (region_code byte-wise, name, id) order; the first term bounds the index range. */
function afterCursor(c: ListCursor): SQL {
  return sql`(${orgs.regionCode} ~>=~ ${c.regionCode} and (${orgs.regionCode} ~>~ ${c.regionCode} or (${orgs.name}, ${orgs.id}) > (${c.name}, ${c.id}::uuid)))`;
}

const { total: _total, ...listItemColumns } = orgListColumns;

/**
 * The orgs behind a coverage figure: the same predicate the count used, read from the rows in
 * orgs_list_idx order after a cursor (keyset; an offset still works for page numbers), so a page
 * costs the same on page 1 and page 1,000. The total is the figure itself, from the rollups:
 * counting a province's million rows for it would cost more than the page.
 */
export async function figureListPage(
  db: Db | Tx,
  regionCode: string,
  rules: CoverageRules,
  list: OrgListKey,
  kind: KindFilter,
  page: { limit: number; offset?: number; after?: ListCursor },
): Promise<Page<OrgListItem> & { next: ListCursor | null }> {
  const items = await db
    .select(listItemColumns)
    .from(orgs)
    .where(and(inRegion(regionCode), page.after ? afterCursor(page.after) : undefined, listPredicate(rules, list), kindPredicate(kind)))
    .orderBy(sql`${orgs.regionCode} using ~<~`, asc(orgs.name), asc(orgs.id))
    .limit(page.limit)
    .offset(page.offset ?? 0);
  const figures = { inScope: 0, partyOrg: 0, standalone: 0, work: 0 };
  for (const c of await rollupCounts(db, regionCode, rules, regionCode.length)) {
    if (kind !== 'all' && c.kind !== kind) continue;
    figures.inScope += c.in_scope;
    figures.partyOrg += c.party_org;
    figures.standalone += c.standalone;
    figures.work += c.work;
  }
  const last = items.length === page.limit ? items.at(-1) : undefined;
  return { total: listTotal(figures, list), items, next: last ? { regionCode: last.regionCode, name: last.name, id: last.id } : null };
}
