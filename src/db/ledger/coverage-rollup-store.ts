/**
 * Coverage from the rollups (issue 16): a variant's counts per org region and kind, summed over a
 * region's key range. A variant is the rules a question is asked under, reduced to the fields its
 * basis reads; it is built from the rows the first time it is asked for, and from then on the
 * triggers of migrations/0004_coverage_rollups.sql keep it exact in the same transaction as every
 * write to orgs (import, chat edits, new party orgs, status changes, deletions), on both drivers.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { orgs } from '../schema/ledger.ts';
import { coverageRollups, coverageVariants } from '../schema/coverage-rollups.ts';
import type { CoverageRules } from '../../ledger/ledger-rules.ts';
import { coveragePredicates } from './coverage-predicates.ts';
import { rowsOf, startsWith } from '../sql.ts';

export interface CoverageCounts {
  /** The org region code cut to the length asked for. */
  k: string;
  kind: string;
  in_scope: number;
  party_org: number;
  standalone: number;
  work: number;
}

export interface Variant {
  basis: CoverageRules['basis'];
  functionalCounts: boolean;
  minFormalMembers: number;
  countUntransferred: boolean;
  minEmployees: number;
  minRevenue: number;
  baseId: string | null;
}

/** The rules reduced to what their basis reads, so equal questions share one variant. */
export function variantOf(r: CoverageRules): Variant {
  const qualified = r.basis === 'qualified';
  const above = r.basis === 'above_scale';
  if (r.basis === 'frozen' && !r.frozenBaseId) throw new Error('the frozen basis needs a base list');
  return {
    basis: r.basis,
    functionalCounts: r.functionalCounts,
    minFormalMembers: qualified ? r.minFormalMembers : 0,
    countUntransferred: qualified ? r.countUntransferred : false,
    minEmployees: above ? r.aboveScale.minEmployees : 0,
    minRevenue: above ? r.aboveScale.minRevenueWanYuan : 0,
    baseId: r.basis === 'frozen' ? r.frozenBaseId!.toLowerCase() : null,
  };
}

export function variantKey(v: Variant): string {
  return JSON.stringify([v.basis, v.functionalCounts, v.minFormalMembers, v.countUntransferred, v.minEmployees, v.minRevenue, v.baseId]);
}

/** A variant back as the rules the row computation takes (for the build and for --verify). */
export function rulesOfVariant(v: Variant): CoverageRules {
  return {
    basis: v.basis,
    functionalCounts: v.functionalCounts,
    minFormalMembers: v.minFormalMembers,
    countUntransferred: v.countUntransferred,
    aboveScale: { minEmployees: v.minEmployees, minRevenueWanYuan: Number(v.minRevenue) },
    ...(v.baseId ? { frozenBaseId: v.baseId } : {}),
  };
}

/**
 * Builds a variant from the rows. Writers to orgs are held off for the build (SHARE ROW
 * EXCLUSIVE waits for those in flight and keeps new ones out until commit), so no write falls
 * between the rows counted here and the triggers that count from then on; two builders of the
 * same variant queue on the same lock and the second finds the first one's result.
 */
async function buildVariant(tx: Tx, v: Variant, key: string): Promise<void> {
  await tx.execute(sql`lock table ${orgs} in share row exclusive mode`);
  const [done] = await rowsOf<{ id: number }>(tx, sql`select id from ${coverageVariants} where key = ${key}`);
  if (done) return;
  const [row] = await rowsOf<{ id: number }>(
    tx,
    sql`insert into ${coverageVariants} (key, basis, functional_counts, min_formal_members, count_untransferred, min_employees, min_revenue, base_id)
        values (${key}, ${v.basis}, ${v.functionalCounts}, ${v.minFormalMembers}, ${v.countUntransferred}, ${v.minEmployees}, ${v.minRevenue}, ${v.baseId}::uuid)
        returning id`,
  );
  const p = coveragePredicates(rulesOfVariant(v));
  await tx.execute(
    sql`insert into ${coverageRollups} (variant_id, region_code, kind, in_scope, party_org, standalone, work)
        select ${row!.id}::int, ${orgs.regionCode}, ${orgs.kind},
          count(*) filter (where ${p.inScope}), count(*) filter (where ${p.partyOrg}),
          count(*) filter (where ${p.standalone}), count(*) filter (where ${p.work})
        from ${orgs} group by 2, 3 having count(*) filter (where ${p.inScope}) > 0
        order by 2, 3`,
  );
  // In key order, so a region's rows share a few pages (the triggers' HOT updates keep them there).
  // Thousands of new rows the planner has not seen: without statistics it takes a region's
  // range for one row and sorts instead of hashing (11 ms instead of 2 ms on PGlite).
  await tx.execute(sql`analyze ${coverageRollups}`);
}

function inTransaction<T>(db: Db | Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return (db as Db).transaction(fn);
}

/** Builds the variant of these rules unless it exists; true when it was built now. */
export async function ensureVariant(db: Db | Tx, rules: CoverageRules): Promise<boolean> {
  const v = variantOf(rules);
  const key = variantKey(v);
  const [hit] = await rowsOf<{ id: number }>(db, sql`select id from ${coverageVariants} where key = ${key}`);
  if (hit) return false;
  await inTransaction(db, (tx) => buildVariant(tx, v, key));
  return true;
}

/**
 * The counts of a region's subtree by child prefix (`len` characters) and kind, from the rollups:
 * one statement that finds the variant and sums its rows in the region's key range. A variant
 * asked for the first time is built first.
 */
export async function rollupCounts(db: Db | Tx, regionCode: string, rules: CoverageRules, len: number): Promise<CoverageCounts[]> {
  const key = variantKey(variantOf(rules));
  const q = sql`select c.k, c.kind, c.in_scope, c.party_org, c.standalone, c.work
    from ${coverageVariants} v
    left join lateral (
      select left(r.region_code, ${sql.raw(String(len))}) as k, r.kind,
        sum(r.in_scope)::int as in_scope, sum(r.party_org)::int as party_org, sum(r.standalone)::int as standalone, sum(r.work)::int as work
      from ${coverageRollups} r
      where r.variant_id = v.id and ${startsWith(sql`r.region_code`, regionCode)}
      group by 1, 2
    ) c on true
    where v.key = ${key}`;
  let rows = await rowsOf<CoverageCounts & { k: string | null }>(db, q);
  if (rows.length === 0) {
    await ensureVariant(db, rules);
    rows = await rowsOf(db, q);
  }
  return rows.filter((r): r is CoverageCounts => r.k !== null);
}

/** Every variant built so far, for --verify. */
export async function listVariants(db: Db | Tx): Promise<Array<Variant & { id: number; key: string }>> {
  const rows = await db.select().from(coverageVariants).orderBy(coverageVariants.id);
  return rows.map((r) => ({ ...r, basis: r.basis as CoverageRules['basis'], minRevenue: Number(r.minRevenue) }));
}
