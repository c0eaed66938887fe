import { and, desc, eq, gte, inArray, isNull, ne } from 'drizzle-orm';
import { meetings } from '../schema/meetings.ts';
import type { Db, Tx } from '../database.ts';
import { isUuid } from './party-org-store.ts';

export type MeetingRow = typeof meetings.$inferSelect;
export type NewMeeting = Omit<typeof meetings.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'deletedAt'>;
/** The fields an edit may change (not the org, the kind, the author or the key). */
export type MeetingEdit = Omit<NewMeeting, 'partyOrgId' | 'kind' | 'createdBy' | 'idempotencyKey' | 'attachments'>;

/**
 * Inserts a meeting once per idempotency key: a submit that arrives twice (a retried callback,
 * two taps) returns the row the first one wrote.
 */
export async function insertMeeting(tx: Tx, m: NewMeeting & { createdAt: Date }): Promise<{ row: MeetingRow; created: boolean }> {
  const inserted = await tx
    .insert(meetings)
    .values({ ...m, updatedAt: m.createdAt })
    .onConflictDoNothing({ target: meetings.idempotencyKey })
    .returning();
  if (inserted[0]) return { row: inserted[0], created: true };
  const [existing] = await tx.select().from(meetings).where(eq(meetings.idempotencyKey, m.idempotencyKey!));
  return { row: existing!, created: false };
}

export async function getMeeting(db: Db | Tx, id: unknown): Promise<MeetingRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
  return row;
}

export async function lockMeeting(tx: Tx, id: unknown): Promise<MeetingRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx.select().from(meetings).where(eq(meetings.id, id)).for('update');
  return row;
}

export async function updateMeeting(tx: Tx, id: string, edit: MeetingEdit, at: Date): Promise<MeetingRow> {
  const [row] = await tx
    .update(meetings)
    .set({ ...edit, updatedAt: at })
    .where(eq(meetings.id, id))
    .returning();
  return row!;
}

export async function softDeleteMeeting(tx: Tx, id: string, at: Date): Promise<MeetingRow> {
  const [row] = await tx.update(meetings).set({ deletedAt: at, updatedAt: at }).where(eq(meetings.id, id)).returning();
  return row!;
}

export async function setAttachments(tx: Tx, id: string, attachments: MeetingRow['attachments'], at: Date): Promise<MeetingRow> {
  const [row] = await tx.update(meetings).set({ attachments, updatedAt: at }).where(eq(meetings.id, id)).returning();
  return row!;
}

/** The most recent live meeting this person logged since `since` (for photos sent right after). */
export async function latestMeetingBy(db: Db | Tx, personId: string, since: Date): Promise<MeetingRow | undefined> {
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.createdBy, personId), gte(meetings.createdAt, since), isNull(meetings.deletedAt)))
    .orderBy(desc(meetings.createdAt))
    .limit(1);
  return row;
}

/** Live meetings of these orgs held on or after `since` (a Shanghai date). */
export async function liveMeetingsOf(db: Db | Tx, partyOrgIds: readonly string[], since: string): Promise<MeetingRow[]> {
  if (partyOrgIds.length === 0) return [];
  return db
    .select()
    .from(meetings)
    .where(and(inArray(meetings.partyOrgId, [...partyOrgIds]), gte(meetings.heldOn, since), isNull(meetings.deletedAt)))
    .orderBy(meetings.heldAt);
}

/** A live meeting of the same org, kind (and group) at the same moment: most likely a second entry. */
export async function findSameMeeting(
  db: Db | Tx,
  m: { partyOrgId: string; kind: string; partyGroupId: string | null; heldAt: Date; exceptId?: string },
): Promise<MeetingRow | undefined> {
  const conds = [
    eq(meetings.partyOrgId, m.partyOrgId),
    eq(meetings.kind, m.kind as MeetingRow['kind']),
    eq(meetings.heldAt, m.heldAt),
    isNull(meetings.deletedAt),
  ];
  if (m.partyGroupId) conds.push(eq(meetings.partyGroupId, m.partyGroupId));
  if (m.exceptId) conds.push(ne(meetings.id, m.exceptId));
  const [row] = await db.select().from(meetings).where(and(...conds)).limit(1);
  return row;
}
