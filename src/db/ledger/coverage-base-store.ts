/**
 * Frozen base lists (党建基数): freezing the orgs in statistical scope of a region subtree, and
 * finding the base that covers a region (the newest, or one by name) for the `frozen` basis.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { coverageBaseOrgs, coverageBases } from '../schema/coverage-bases.ts';
import { orgs } from '../schema/ledger.ts';
import { inRegion, operatingPredicate } from './coverage-predicates.ts';

export interface CoverageBaseRef {
  id: string;
  name: string;
  regionCode: string;
  frozenOn: string;
}

export class DuplicateBaseError extends Error {
  constructor(
    readonly regionCode: string,
    readonly baseName: string,
  ) {
    super(`a base named ${baseName} already exists for region ${regionCode}`);
  }
}

const refColumns = { id: coverageBases.id, name: coverageBases.name, regionCode: coverageBases.regionCode, frozenOn: coverageBases.frozenOn };

/**
 * Freezes the operating orgs of the region subtree into a new base; call it inside a
 * transaction. A name already used for the region is refused (checked first, and the unique
 * index catches a concurrent freeze).
 */
export async function freezeBase(tx: Tx, b: { regionCode: string; name: string; frozenOn: string; createdBy: string; at: Date }): Promise<CoverageBaseRef & { orgs: number }> {
  const [dup] = await tx
    .select({ id: coverageBases.id })
    .from(coverageBases)
    .where(and(eq(coverageBases.regionCode, b.regionCode), eq(coverageBases.name, b.name)));
  if (dup) throw new DuplicateBaseError(b.regionCode, b.name);
  const [base] = await tx
    .insert(coverageBases)
    .values({ name: b.name, regionCode: b.regionCode, frozenOn: b.frozenOn, createdBy: b.createdBy, createdAt: b.at })
    .onConflictDoNothing()
    .returning(refColumns);
  if (!base) throw new DuplicateBaseError(b.regionCode, b.name);
  await tx.execute(
    sql`insert into ${coverageBaseOrgs} (base_id, org_id)
        select ${base.id}::uuid, ${orgs.id} from ${orgs} where ${inRegion(b.regionCode)} and ${operatingPredicate()}`,
  );
  const n = await tx.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(coverageBaseOrgs).where(eq(coverageBaseOrgs.baseId, base.id));
  return { ...base, orgs: n[0]?.n ?? 0 };
}

/**
 * The base covering a region (frozen for it or for a region above it): the one named, else the
 * newest (latest frozen_on, then latest created). Null when there is none.
 */
export async function findCoveringBase(db: Db | Tx, regionCode: string, name?: string): Promise<CoverageBaseRef | null> {
  const [row] = await db
    .select(refColumns)
    .from(coverageBases)
    .where(and(sql`starts_with(${regionCode}::text, ${coverageBases.regionCode})`, name === undefined ? undefined : eq(coverageBases.name, name)))
    .orderBy(desc(coverageBases.frozenOn), desc(coverageBases.createdAt), desc(sql`length(${coverageBases.regionCode})`))
    .limit(1);
  return row ?? null;
}
