/**
 * What the audit log says happened to a region's orgs since a moment, for the export's 变更说明:
 * org rows written by the import and chat edits, in pages by audit id, scoped by the org's
 * region now (an officer sees the changes of their own region's orgs only).
 */
import { and, asc, count, desc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { auditLog, people } from '../schema/core.ts';
import { orgs } from '../schema/ledger.ts';
import { inRegion } from './coverage-predicates.ts';

export interface OrgAuditRow {
  id: number;
  at: Date;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  actorName: string | null;
  actorLabel: string | null;
  orgName: string;
  creditCode: string | null;
  regionCode: string;
}

const ORG_ACTIONS = ['create', 'update', 'delete'];

function orgChanges(regionCode: string, since: Date | null) {
  return and(eq(auditLog.entity, 'org'), inArray(auditLog.action, ORG_ACTIONS), since ? gte(auditLog.at, since) : undefined, inRegion(regionCode));
}

export async function orgAuditPage(db: Db | Tx, regionCode: string, since: Date | null, afterId: number, limit: number): Promise<OrgAuditRow[]> {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      before: auditLog.before,
      after: auditLog.after,
      reason: auditLog.reason,
      actorName: people.name,
      actorLabel: auditLog.actorLabel,
      orgName: orgs.name,
      creditCode: orgs.creditCode,
      regionCode: orgs.regionCode,
    })
    .from(auditLog)
    .innerJoin(orgs, sql`${orgs.id}::text = ${auditLog.entityId}`)
    .leftJoin(people, eq(people.id, auditLog.actorId))
    .where(and(orgChanges(regionCode, since), gt(auditLog.id, afterId)))
    .orderBy(asc(auditLog.id))
    .limit(limit);
}

/** How many org audit rows remain after an id (the count line under a capped sheet). */
export async function orgAuditCountAfter(db: Db | Tx, regionCode: string, since: Date | null, afterId: number): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(auditLog)
    .innerJoin(orgs, sql`${orgs.id}::text = ${auditLog.entityId}`)
    .where(and(orgChanges(regionCode, since), gt(auditLog.id, afterId)));
  return Number(r?.n ?? 0);
}

/** When this region's ledger was last exported (by anyone), before a moment: the last report. */
export async function previousExportAt(db: Db | Tx, regionCode: string, before: Date): Promise<Date | null> {
  const [r] = await db
    .select({ at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.entity, 'ledger'), eq(auditLog.action, 'export'), eq(auditLog.entityId, regionCode), lt(auditLog.at, before)))
    .orderBy(desc(auditLog.at))
    .limit(1);
  return r?.at ?? null;
}
