/**
 * A newcomer's own 党员找组织 submission (issue 20 item 3): found by the account that sent it, so
 * the bot knows them afterwards, and updated in place when they send 我是党员 again.
 */
import { and, desc, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import { leadEvents, leads, leadSources } from '../schema/leads.ts';
import type { Db, Tx } from '../database.ts';
import { typedFacts, type Actor, type LeadInput, type LeadRow } from './lead-store.ts';
import type { Route } from './lead-routing.ts';

/** States in which someone is still to be in touch: a submission that can be updated. */
const OPEN_STATES = ['new', 'contacted', 'verified', 'unreachable'] as const;

/** The latest open lead this account registered about itself, or undefined. */
export async function ownSelfLead(db: Db | Tx, person: { id: string | null; openId: string }): Promise<LeadRow | undefined> {
  const by = person.id ? or(eq(leadSources.registrantOpenId, person.openId), eq(leadSources.registeredBy, person.id)) : eq(leadSources.registrantOpenId, person.openId);
  const [row] = await db
    .select({ lead: leads })
    .from(leads)
    .innerJoin(leadSources, eq(leadSources.leadId, leads.id))
    .where(and(eq(leadSources.kind, 'self'), by, isNull(leads.erasedAt), inArray(leads.state, [...OPEN_STATES])))
    .orderBy(desc(leads.createdAt))
    .limit(1);
  return row?.lead;
}

/** Whether another lead already holds this mobile (then the update is a merge into that one). */
export async function mobileTakenByOther(tx: Tx, leadId: string, mobile: string | null | undefined): Promise<boolean> {
  if (!mobile) return false;
  const [row] = await tx.select({ id: leads.id }).from(leads).where(and(eq(leads.mobile, mobile), ne(leads.id, leadId), isNull(leads.erasedAt))).limit(1);
  return !!row;
}

/**
 * The person's own corrections replace what they said before (unlike a merge from someone else,
 * which only fills gaps). A lead nobody has contacted yet follows the new workplace's route.
 */
export async function updateSelfLead(tx: Tx, lead: LeadRow, input: LeadInput, route: Route, actor: Actor, at: Date): Promise<LeadRow> {
  const rerouted = lead.state === 'new' && (route.via !== lead.assignedVia || route.partyOrgId !== lead.assigneePartyOrgId || route.personId !== lead.assigneePersonId);
  const [row] = await tx
    .update(leads)
    .set({
      ...typedFacts(input),
      mobile: input.mobile || null,
      ...(rerouted ? { assignedVia: route.via, assigneePersonId: route.personId, assigneePartyOrgId: route.partyOrgId, regionCode: route.regionCode } : {}),
      revision: lead.revision + 1,
      updatedAt: at,
    })
    .where(eq(leads.id, lead.id))
    .returning();
  await tx.insert(leadEvents).values({ leadId: lead.id, actorId: actor.id, actorLabel: actor.label, at, kind: 'updated', fromState: lead.state, toState: lead.state, note: null });
  return row!;
}
