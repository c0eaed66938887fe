/** Visit records: written from the visit flow, read by the cards, the officer view and reminders. */
import { isUuid } from '../../domain/uuid.ts';
import { and, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { visits, type VisitAttachment, type VisitTopic, type VisitWay } from '../schema/visits.ts';
import type { Db, Tx } from '../database.ts';

export type VisitRow = typeof visits.$inferSelect;

export interface VisitFields {
  visitedOn: string;
  way: VisitWay;
  topics: VisitTopic[];
  found: string | null;
  problems: string | null;
  nextSteps: string | null;
  nextPlannedOn: string | null;
}

/** The recorded facts of a visit out of anything that carries them (a row, a demo visit). */
export function visitFields(v: VisitFields): VisitFields {
  return { visitedOn: v.visitedOn, way: v.way, topics: v.topics, found: v.found, problems: v.problems, nextSteps: v.nextSteps, nextPlannedOn: v.nextPlannedOn };
}

/**
 * Inserts a visit once per idempotency key: a second insert with the same key writes nothing and
 * returns the row the first one wrote (`created` false).
 */
export async function insertVisit(
  tx: Db | Tx,
  v: VisitFields & { orgId: string; instructorId: string; idempotencyKey: string; at: Date },
): Promise<{ visit: VisitRow; created: boolean }> {
  const { at, ...values } = v;
  const [row] = await tx
    .insert(visits)
    .values({ ...values, createdAt: at, updatedAt: at })
    .onConflictDoNothing({ target: visits.idempotencyKey })
    .returning();
  if (row) return { visit: row, created: true };
  const [existing] = await tx.select().from(visits).where(eq(visits.idempotencyKey, v.idempotencyKey));
  return { visit: existing!, created: false };
}

/** A visit by id, deleted or not (the caller decides what a deleted one means). */
export async function getVisit(db: Db | Tx, id: string): Promise<VisitRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(visits).where(eq(visits.id, id));
  return row;
}

/** The same, locked for the rest of the transaction (edit, delete and attach race with each other). */
export async function lockVisit(tx: Db | Tx, id: string): Promise<VisitRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx.select().from(visits).where(eq(visits.id, id)).for('update');
  return row;
}

export async function updateVisit(tx: Db | Tx, id: string, fields: VisitFields, at: Date): Promise<VisitRow> {
  const [row] = await tx
    .update(visits)
    .set({ ...fields, updatedAt: at })
    .where(eq(visits.id, id))
    .returning();
  return row!;
}

export async function softDeleteVisit(tx: Db | Tx, id: string, at: Date): Promise<void> {
  await tx.update(visits).set({ deletedAt: at, updatedAt: at }).where(eq(visits.id, id));
}

export async function setAttachments(tx: Db | Tx, id: string, attachments: VisitAttachment[], at: Date): Promise<void> {
  await tx.update(visits).set({ attachments, updatedAt: at }).where(eq(visits.id, id));
}

/** The person's most recent live visit written (or changed) at or after `since`. */
export async function latestVisitBy(db: Db | Tx, instructorId: string, since: Date): Promise<VisitRow | undefined> {
  const [row] = await db
    .select()
    .from(visits)
    .where(and(eq(visits.instructorId, instructorId), isNull(visits.deletedAt), gte(visits.updatedAt, since)))
    .orderBy(desc(visits.updatedAt))
    .limit(1);
  return row;
}

/**
 * On-site visit dates per org, as the cadence needs them: every live on-site visit up to `today`
 * from the first day of the month of the org's last one. Earlier visits cannot change the due
 * date (the cadence restarts at the last visit), so they are not read.
 */
export async function onsiteDatesForCadence(db: Db | Tx, orgIds: string[], today: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(orgIds.map((id) => [id, []]));
  if (orgIds.length === 0) return out;
  const live = and(inArray(visits.orgId, orgIds), eq(visits.way, 'onsite'), isNull(visits.deletedAt), lte(visits.visitedOn, today));
  const last = db
    .select({ orgId: visits.orgId, lastOn: sql<string>`max(${visits.visitedOn})`.as('last_on') })
    .from(visits)
    .where(live)
    .groupBy(visits.orgId)
    .as('last');
  const rows = await db
    .select({ orgId: visits.orgId, visitedOn: visits.visitedOn })
    .from(visits)
    .innerJoin(last, eq(last.orgId, visits.orgId))
    .where(and(live, gte(visits.visitedOn, sql`date_trunc('month', ${last.lastOn}::date)::date`)));
  for (const r of rows) out.get(r.orgId)!.push(r.visitedOn);
  return out;
}

/** The last live visit of each org (any way), for "上次走访". */
export async function lastVisitsOf(db: Db | Tx, orgIds: string[], today: string): Promise<Map<string, { visitedOn: string; way: VisitWay }>> {
  const out = new Map<string, { visitedOn: string; way: VisitWay }>();
  if (orgIds.length === 0) return out;
  const rows = await db
    .selectDistinctOn([visits.orgId], { orgId: visits.orgId, visitedOn: visits.visitedOn, way: visits.way })
    .from(visits)
    .where(and(inArray(visits.orgId, orgIds), isNull(visits.deletedAt), lte(visits.visitedOn, today)))
    .orderBy(visits.orgId, desc(visits.visitedOn), desc(visits.createdAt));
  for (const r of rows) out.set(r.orgId, { visitedOn: r.visitedOn, way: r.way });
  return out;
}

/** Live on-site visits per instructor in [from, to], for the officer's view. */
export async function onsiteCountsByInstructor(db: Db | Tx, instructorIds: string[], orgIds: string[], from: string, to: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (instructorIds.length === 0 || orgIds.length === 0) return out;
  const rows = await db
    .select({ instructorId: visits.instructorId, n: sql<number>`count(*)::int` })
    .from(visits)
    .where(
      and(
        inArray(visits.instructorId, instructorIds),
        inArray(visits.orgId, orgIds),
        eq(visits.way, 'onsite'),
        isNull(visits.deletedAt),
        gte(visits.visitedOn, from),
        lte(visits.visitedOn, to),
      ),
    )
    .groupBy(visits.instructorId);
  for (const r of rows) out.set(r.instructorId, Number(r.n));
  return out;
}
