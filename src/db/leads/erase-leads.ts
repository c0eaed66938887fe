/**
 * A lead closed as "not a member" keeps its personal data only for the policy's retention
 * (issue 7 §9); after that only what the counts need stays: state, region, workplace org, dates
 * and the kinds of its sources. Run by the tick; idempotent (erased leads are never touched again).
 */
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { leadEvents, leads, leadSources } from '../schema/leads.ts';
import type { Db, Tx } from '../database.ts';
import { writeAudit } from '../stores/audit-store.ts';
import { loadPolicies } from '../meetings/policy-store.ts';

const DAY_MS = 86_400_000;

/** Returns how many leads were erased now. */
export async function eraseExpiredLeads(db: Db | Tx, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const closed = await tx
      .select({ id: leads.id, regionCode: leads.regionCode, closedAt: leads.closedAt })
      .from(leads)
      .where(and(eq(leads.state, 'not_member'), isNull(leads.erasedAt), isNotNull(leads.closedAt)));
    if (closed.length === 0) return 0;
    const policyOf = await loadPolicies(tx, closed.map((c) => c.regionCode));
    const due = closed
      .filter((c) => c.closedAt!.getTime() + policyOf(c.regionCode).memberFinding.eraseNotMemberAfterDays * DAY_MS <= now.getTime())
      .map((c) => c.id);
    if (due.length === 0) return 0;
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
      // the state is checked again: a lead reopened since the select keeps its data
      .where(and(inArray(leads.id, due), eq(leads.state, 'not_member'), isNull(leads.erasedAt)))
      .returning({ id: leads.id });
    const ids = erased.map((e) => e.id);
    if (ids.length === 0) return 0;
    await tx.update(leadSources).set({ note: null }).where(inArray(leadSources.leadId, ids));
    await tx.update(leadEvents).set({ note: null }).where(inArray(leadEvents.leadId, ids));
    for (const id of ids) {
      await writeAudit(tx, { actorLabel: 'system', action: 'erase', entity: 'lead', entityId: id, reason: 'retention', at: now });
    }
    return ids.length;
  });
}
