/**
 * Coverage counts of a region and of each of its direct children in one statement: a GROUP BY
 * over the region's key range with one FILTER per figure, joined to the region rows for names.
 * Orgs registered at the region itself (a county code under a county) land on the region's own
 * row, so the children plus that row add up to the total.
 */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { regions } from '../schema/core.ts';
import { orgs, partyOrgs, type OrgKind } from '../schema/ledger.ts';
import type { CoverageRules } from '../../ledger/ledger-rules.ts';
import { coveragePredicates, inRegion, kindPredicate, listPredicate, type KindFilter, type OrgListKey } from './coverage-predicates.ts';

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

export async function coverageRows(db: Db | Tx, regionCode: string, rules: CoverageRules): Promise<CoverageRow[]> {
  const p = coveragePredicates(rules);
  const len = childCodeLength(regionCode) ?? regionCode.length;
  const counts = db.$with('c').as(
    db
      .select({
        k: sql<string>`left(${orgs.regionCode}, ${sql.raw(String(len))})`.as('k'),
        kind: sql<OrgKind>`${orgs.kind}`.as('kind'),
        inScope: sql<number>`count(*) filter (where ${p.inScope})`.as('in_scope'),
        partyOrg: sql<number>`count(*) filter (where ${p.partyOrg})`.as('party_org'),
        standalone: sql<number>`count(*) filter (where ${p.standalone})`.as('standalone'),
        work: sql<number>`count(*) filter (where ${p.work})`.as('work'),
      })
      .from(orgs)
      .where(inRegion(regionCode))
      .groupBy(sql`1`, sql`2`),
  );
  const rows = await db
    .with(counts)
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      kind: counts.kind,
      inScope: sql<number>`coalesce(${counts.inScope}, 0)::int`.mapWith(Number),
      partyOrg: sql<number>`coalesce(${counts.partyOrg}, 0)::int`.mapWith(Number),
      standalone: sql<number>`coalesce(${counts.standalone}, 0)::int`.mapWith(Number),
      work: sql<number>`coalesce(${counts.work}, 0)::int`.mapWith(Number),
    })
    .from(regions)
    .leftJoin(counts, eq(counts.k, regions.code))
    .where(or(eq(regions.code, regionCode), eq(regions.parentCode, regionCode)))
    .orderBy(asc(regions.code));
  return rows as CoverageRow[];
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

export const orgListColumns = {
  id: orgs.id,
  name: orgs.name,
  creditCode: orgs.creditCode,
  kind: orgs.kind,
  regionCode: orgs.regionCode,
  regionName: regions.name,
  employees: orgs.employees,
  membersFormal: orgs.membersFormal,
  formation: orgs.formation,
  partyOrgName: partyOrgs.name,
  hasInstructor: orgs.hasInstructor,
  total: sql<number>`count(*) over ()`.mapWith(Number),
};

/** A page of orgs matching a condition in a region subtree, by name; with the total. */
export async function orgPage(db: Db | Tx, regionCode: string, condition: ReturnType<typeof sql>, page: { limit: number; offset: number }): Promise<Page<OrgListItem>> {
  const rows = await db
    .select(orgListColumns)
    .from(orgs)
    .innerJoin(regions, eq(regions.code, orgs.regionCode))
    .leftJoin(partyOrgs, eq(partyOrgs.id, orgs.partyOrgId))
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

/** The orgs behind a coverage figure: the same predicate the count used. */
export function figureListPage(db: Db | Tx, regionCode: string, rules: CoverageRules, list: OrgListKey, kind: KindFilter, page: { limit: number; offset: number }) {
  return orgPage(db, regionCode, and(listPredicate(rules, list), kindPredicate(kind))!, page);
}
