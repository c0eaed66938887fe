/**
 * A lead closed as "not a member" keeps its personal data only for the policy's retention
 * (issue 7 §9); after that only what the counts need stays: state, region, workplace org, dates
 * and the kinds of its sources. Run as a durable job per region and day (src/jobs/lead-erase-job.ts);
 * idempotent: erased leads are never touched again, and each batch (the leads, their notes and
 * their audit rows) commits whole, so a crash leaves every lead either erased once or untouched.
 */
import { and, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { leadEvents, leads, leadSources } from '../schema/leads.ts';
import type { Db, Tx } from '../database.ts';
import { writeAudit } from '../stores/audit-store.ts';
import type { PolicyBook } from '../../domain/policy/index.ts';

const DAY_MS = 86_400_000;
/** Leads erased per transaction: short locks, and a crash loses at most one uncommitted batch. */
export const ERASE_BATCH = 200;

/** The leads past their retention as of `now`, with their regions (optionally of one region). */
export async function leadsDueForErasure(db: Db | Tx, book: PolicyBook, now: Date, regionCode?: string): Promise<Array<{ id: string; regionCode: string }>> {
  const where: SQL[] = [eq(leads.state, 'not_member'), isNull(leads.erasedAt), isNotNull(leads.closedAt)];
  if (regionCode) where.push(eq(leads.regionCode, regionCode));
  const closed = await db
    .select({ id: leads.id, regionCode: leads.regionCode, closedAt: leads.closedAt })
    .from(leads)
    .where(and(...where))
    .orderBy(leads.id);
  if (closed.length === 0) return [];
  return closed
    .filter((c) => c.closedAt!.getTime() + book.of(c.regionCode).memberFinding.eraseNotMemberAfterDays * DAY_MS <= now.getTime())
    .map((c) => ({ id: c.id, regionCode: c.regionCode }));
}

/** Erases these leads (if still closed and not erased) in the caller's transaction; the ids erased. */
async function eraseBatch(tx: Tx, ids: string[], now: Date): Promise<string[]> {
  const erased = await tx
    .update(leads)
    .set({
      personId: null,
      name: null,
      mobile: null,
      contactNote: null,
      workplaceText: null,
      workplaceKey: null,
      relationshipAt: null,
      standing: null,
      joinedYear: null,
      awayKind: null,
      awaySince: null,
      takePartAt: null,
      note: null,
      erasedAt: now,
      updatedAt: now,
    })
    // the state is checked again: a lead reopened (or erased by a racing run) since the select is left alone
    .where(and(inArray(leads.id, ids), eq(leads.state, 'not_member'), isNull(leads.erasedAt)))
    .returning({ id: leads.id });
  const done = erased.map((e) => e.id);
  if (done.length === 0) return done;
  await tx.update(leadSources).set({ note: null }).where(inArray(leadSources.leadId, done));
  await tx.update(leadEvents).set({ note: null }).where(inArray(leadEvents.leadId, done));
  for (const id of done) {
    await writeAudit(tx, { actorLabel: 'system', action: 'erase', entity: 'lead', entityId: id, reason: 'retention', at: now });
  }
  return done;
}

/**
 * Erases the leads past their retention (of one region, or all), a batch per transaction;
 * `onBatch` hears the running count after each commit (the job's progress). Returns how many.
 */
export async function eraseExpiredLeads(
  db: Db,
  book: PolicyBook,
  now: Date,
  o: { regionCode?: string; onBatch?: (erased: number) => Promise<void> } = {},
): Promise<number> {
  const due = (await leadsDueForErasure(db, book, now, o.regionCode)).map((l) => l.id);
  let n = 0;
  for (let i = 0; i < due.length; i += ERASE_BATCH) {
    const ids = due.slice(i, i + ERASE_BATCH);
    n += (await db.transaction((tx) => eraseBatch(tx, ids, now))).length;
    await o.onBatch?.(n);
  }
  return n;
}
