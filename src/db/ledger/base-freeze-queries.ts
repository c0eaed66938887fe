/**
 * What freezing a base from chat asks before and after the freeze: how many orgs it would take
 * (the confirmation card), and which base already bears a name (a job retried after its commit
 * finds its own base and reports it instead of a duplicate).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { coverageBaseOrgs, coverageBases } from '../schema/coverage-bases.ts';
import { orgs } from '../schema/ledger.ts';
import { inRegion, operatingPredicate } from './coverage-predicates.ts';

/** The operating orgs of the region subtree today: what freezeBase would put in the base. */
export async function countFreezable(db: Db | Tx, regionCode: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(orgs).where(and(inRegion(regionCode), operatingPredicate()));
  return r?.n ?? 0;
}

/** The base of that name frozen for exactly this region, with who made it and its size; null if none. */
export async function baseNamed(db: Db | Tx, regionCode: string, name: string): Promise<{ id: string; createdBy: string; frozenOn: string; orgs: number } | null> {
  const [b] = await db
    .select({ id: coverageBases.id, createdBy: coverageBases.createdBy, frozenOn: coverageBases.frozenOn })
    .from(coverageBases)
    .where(and(eq(coverageBases.regionCode, regionCode), eq(coverageBases.name, name)));
  if (!b) return null;
  const [n] = await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(coverageBaseOrgs).where(eq(coverageBaseOrgs.baseId, b.id));
  return { ...b, orgs: n?.n ?? 0 };
}
