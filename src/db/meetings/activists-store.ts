/**
 * 入党积极分子 per org and year (004 §11), as a party org's secretary reports them for the orgs
 * the party org covers. What each org owes comes from the same SQL as the A1 list.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Policy } from '../../domain/policy/index.ts';
import type { Db, Tx } from '../database.ts';
import { orgActivists, orgs } from '../schema/ledger.ts';
import { activistsOwed } from '../ledger/compliance-predicates.ts';

export interface OrgActivists {
  orgId: string;
  name: string;
  /** Owed this year under the policy (0: the org is below every size threshold). */
  owed: number;
  /** Reported for this year; null = nothing reported yet. */
  count: number | null;
}

/** The operating orgs a party org covers, with this year's owed and reported counts. */
export async function activistsOf(db: Db | Tx, partyOrgId: string, year: number, policy: Policy): Promise<OrgActivists[]> {
  const rows = await db
    .select({
      orgId: orgs.id,
      name: orgs.name,
      owed: sql<number>`${activistsOwed(policy)}::int`.mapWith(Number),
      count: orgActivists.count,
    })
    .from(orgs)
    .leftJoin(orgActivists, and(eq(orgActivists.orgId, orgs.id), eq(orgActivists.year, year)))
    .where(and(eq(orgs.partyOrgId, partyOrgId), eq(orgs.status, 'operating')))
    .orderBy(asc(orgs.name), asc(orgs.id));
  return rows;
}

/** Writes this year's counts (one row per org and year, replaced on a new report). */
export async function reportActivists(tx: Tx, year: number, counts: Array<{ orgId: string; count: number }>, by: { personId: string | null; at: Date }): Promise<void> {
  if (counts.length === 0) return;
  await tx
    .insert(orgActivists)
    .values(counts.map((c) => ({ orgId: c.orgId, year, count: c.count, reportedBy: by.personId, reportedAt: by.at })))
    .onConflictDoUpdate({
      target: [orgActivists.orgId, orgActivists.year],
      set: { count: sql`excluded.count`, reportedBy: sql`excluded.reported_by`, reportedAt: sql`excluded.reported_at` },
    });
}
