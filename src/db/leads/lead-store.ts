/**
 * Leads: registering (with duplicate merging, issue 7 §6), reading, and recording each change with
 * its event. Callers validate and check entitlement; everything here runs inside their transaction.
 */
import { isUuid } from '../../domain/uuid.ts';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { people } from '../schema/core.ts';
import { orgs, partyOrgs } from '../schema/ledger.ts';
import {
  leadEvents,
  leads,
  leadSources,
  type AwayKind,
  type LeadSourceKind,
  type LeadState,
  type Standing,
  type TakePartAt,
} from '../schema/leads.ts';
import type { Db, Tx } from '../database.ts';
import type { Route } from './lead-routing.ts';

export type LeadRow = typeof leads.$inferSelect;
export type LeadSourceRow = typeof leadSources.$inferSelect;
export type LeadEventRow = typeof leadEvents.$inferSelect;

/** What a registration says about the person; everything but the name may be unknown. */
export interface LeadInput {
  personId?: string | null;
  name: string;
  mobile?: string | null;
  contactNote?: string | null;
  workplaceOrgId?: string | null;
  workplaceText?: string | null;
  relationshipAt?: string | null;
  standing?: Standing | null;
  joinedYear?: number | null;
  awayKind?: AwayKind | null;
  awaySince?: string | null;
  takePartAt?: TakePartAt | null;
  note?: string | null;
}

export interface SourceInput {
  kind: LeadSourceKind;
  registeredBy: string | null;
  registrantOpenId: string | null;
  note?: string | null;
}

export interface Actor {
  id: string | null;
  label: string | null;
}

/** Names of the same workplace typed twice compare equal: width, case, spaces and punctuation do not matter. */
export function normalizeWorkplace(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

export function workplaceKeyOf(orgId: string | null | undefined, text: string | null | undefined): string | null {
  if (orgId) return `org:${orgId}`;
  const t = text ? normalizeWorkplace(text) : '';
  return t ? `text:${t}` : null;
}

const FILLABLE = [
  'personId',
  'mobile',
  'contactNote',
  'workplaceOrgId',
  'workplaceText',
  'relationshipAt',
  'standing',
  'joinedYear',
  'awayKind',
  'awaySince',
  'takePartAt',
  'note',
] as const satisfies ReadonlyArray<keyof LeadInput & keyof LeadRow>;

/**
 * Serialises registrations of the same person (same mobile, or same name and workplace) so two
 * people registering them at once still end with one lead. Keys are taken in a fixed order.
 */
async function lockKeys(tx: Tx, keys: string[]): Promise<void> {
  for (const k of [...new Set(keys)].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'lead:' + k}))`);
  }
}

async function findDuplicate(tx: Tx, mobile: string | null, name: string, workplaceKey: string | null): Promise<LeadRow | undefined> {
  if (mobile) {
    const [byMobile] = await tx.select().from(leads).where(and(eq(leads.mobile, mobile), isNull(leads.erasedAt))).for('update');
    if (byMobile) return byMobile;
  }
  if (!workplaceKey) return undefined;
  const [same] = await tx
    .select()
    .from(leads)
    .where(and(eq(leads.name, name), eq(leads.workplaceKey, workplaceKey), isNull(leads.erasedAt)))
    .orderBy(asc(leads.createdAt))
    .limit(1)
    .for('update');
  return same;
}

export interface Registered {
  lead: LeadRow;
  merged: boolean;
  /** True when the merge moved the lead to a better route (it only had the region's officers before). */
  rerouted: boolean;
}

/**
 * Creates the lead, or merges into the one already registered for the same person: empty fields
 * are filled (nothing known is overwritten), the source is added, and the history says so.
 */
/** The columns of what a person typed about the member, the same for a new lead and an update. */
export function typedFacts(input: LeadInput) {
  return {
    name: input.name,
    workplaceOrgId: input.workplaceOrgId ?? null,
    workplaceText: input.workplaceText || null,
    workplaceKey: workplaceKeyOf(input.workplaceOrgId, input.workplaceText),
    relationshipAt: input.relationshipAt || null,
    standing: input.standing ?? null,
    joinedYear: input.joinedYear ?? null,
    awayKind: input.awayKind ?? null,
    awaySince: input.awaySince ?? null,
    takePartAt: input.takePartAt ?? null,
  };
}

export async function registerLead(tx: Tx, input: LeadInput, source: SourceInput, route: Route, actor: Actor, at: Date): Promise<Registered> {
  const mobile = input.mobile || null;
  const workplaceKey = workplaceKeyOf(input.workplaceOrgId, input.workplaceText);
  await lockKeys(tx, [...(mobile ? [`m:${mobile}`] : []), ...(workplaceKey ? [`n:${input.name}|${workplaceKey}`] : [])]);
  const dup = await findDuplicate(tx, mobile, input.name, workplaceKey);

  if (dup) {
    const patch: Partial<LeadRow> = {};
    for (const k of FILLABLE) {
      const v = input[k];
      if ((dup[k] === null || dup[k] === undefined) && v !== null && v !== undefined && v !== '') (patch as Record<string, unknown>)[k] = v;
    }
    if (patch.workplaceOrgId || patch.workplaceText) patch.workplaceKey = workplaceKeyOf(dup.workplaceOrgId ?? patch.workplaceOrgId, dup.workplaceText ?? patch.workplaceText);
    // A lead only the officers had goes to the party org or instructor the new workplace names.
    const rerouted = dup.assignedVia === 'officers' && route.via !== 'officers' && dup.state === 'new';
    if (rerouted) {
      Object.assign(patch, { assignedVia: route.via, assigneePersonId: route.personId, assigneePartyOrgId: route.partyOrgId, regionCode: route.regionCode });
    }
    const [lead] = await tx
      .update(leads)
      .set({ ...patch, revision: dup.revision + 1, updatedAt: at })
      .where(eq(leads.id, dup.id))
      .returning();
    await tx.insert(leadSources).values({ leadId: dup.id, ...source, note: source.note ?? null, at });
    await tx.insert(leadEvents).values({ leadId: dup.id, actorId: actor.id, actorLabel: actor.label, at, kind: 'merged', fromState: dup.state, toState: dup.state, note: null });
    return { lead: lead!, merged: true, rerouted };
  }

  const [lead] = await tx
    .insert(leads)
    .values({
      personId: input.personId ?? null,
      ...typedFacts(input),
      mobile,
      contactNote: input.contactNote || null,
      note: input.note || null,
      state: 'new',
      assigneePersonId: route.personId,
      assigneePartyOrgId: route.partyOrgId,
      assignedVia: route.via,
      regionCode: route.regionCode,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await tx.insert(leadSources).values({ leadId: lead!.id, ...source, note: source.note ?? null, at });
  await tx.insert(leadEvents).values({ leadId: lead!.id, actorId: actor.id, actorLabel: actor.label, at, kind: 'registered', fromState: null, toState: 'new', note: null });
  return { lead: lead!, merged: false, rerouted: false };
}


export async function getLead(db: Db | Tx, id: string): Promise<LeadRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(leads).where(eq(leads.id, id));
  return row;
}

/** The lead, locked for the rest of the transaction (two people clicking at once). */
export async function lockLead(tx: Tx, id: string): Promise<LeadRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx.select().from(leads).where(eq(leads.id, id)).for('update');
  return row;
}

export interface SourceView extends LeadSourceRow {
  registrantName: string | null;
}

export async function sourcesOf(db: Db | Tx, leadId: string): Promise<SourceView[]> {
  const rows = await db
    .select({ s: leadSources, registrantName: people.name })
    .from(leadSources)
    .leftJoin(people, eq(people.id, leadSources.registeredBy))
    .where(eq(leadSources.leadId, leadId))
    .orderBy(asc(leadSources.at));
  return rows.map((r) => ({ ...r.s, registrantName: r.registrantName }));
}

export interface EventView extends LeadEventRow {
  actorName: string | null;
}

/** The latest changes first. */
export async function eventsOf(db: Db | Tx, leadId: string, limit = 10): Promise<EventView[]> {
  const rows = await db
    .select({ e: leadEvents, actorName: people.name })
    .from(leadEvents)
    .leftJoin(people, eq(people.id, leadEvents.actorId))
    .where(eq(leadEvents.leadId, leadId))
    .orderBy(desc(leadEvents.at), desc(leadEvents.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.e, actorName: r.actorName }));
}

/** Names for the card: the ledger org, the assignee party org, the assignee. */
export async function lookupNames(db: Db | Tx, lead: LeadRow): Promise<{ workplace: string | null; partyOrg: string | null; assignee: string | null }> {
  const [w] = lead.workplaceOrgId ? await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, lead.workplaceOrgId)) : [];
  const [p] = lead.assigneePartyOrgId ? await db.select({ name: partyOrgs.name }).from(partyOrgs).where(eq(partyOrgs.id, lead.assigneePartyOrgId)) : [];
  const [a] = lead.assigneePersonId ? await db.select({ name: people.name }).from(people).where(eq(people.id, lead.assigneePersonId)) : [];
  return { workplace: w?.name ?? lead.workplaceText ?? null, partyOrg: p?.name ?? null, assignee: a?.name ?? null };
}

const CLOSING: ReadonlySet<LeadState> = new Set(['incorporated', 'transferred', 'not_member', 'unreachable']);

/** Moves the lead to `to` (the caller checked the order and the actor) and records the event. */
export async function recordTransition(tx: Tx, lead: LeadRow, to: LeadState, actor: Actor, at: Date, note: string | null): Promise<LeadRow> {
  const [row] = await tx
    .update(leads)
    .set({
      state: to,
      contactedAt: to === 'contacted' && !lead.contactedAt ? at : lead.contactedAt,
      closedAt: CLOSING.has(to) ? (CLOSING.has(lead.state) ? (lead.closedAt ?? at) : at) : null,
      outOfContactSince: to === 'unreachable' ? (lead.outOfContactSince ?? at) : null,
      revision: lead.revision + 1,
      updatedAt: at,
    })
    .where(eq(leads.id, lead.id))
    .returning();
  await tx.insert(leadEvents).values({ leadId: lead.id, actorId: actor.id, actorLabel: actor.label, at, kind: 'state', fromState: lead.state, toState: to, note });
  return row!;
}

/** Hands the lead to another route (state unchanged) and records it. */
export async function recordAssignment(tx: Tx, lead: LeadRow, route: Route, actor: Actor, at: Date, note: string | null): Promise<LeadRow> {
  const [row] = await tx
    .update(leads)
    .set({
      assignedVia: route.via,
      assigneePersonId: route.personId,
      assigneePartyOrgId: route.partyOrgId,
      regionCode: route.regionCode,
      revision: lead.revision + 1,
      updatedAt: at,
    })
    .where(eq(leads.id, lead.id))
    .returning();
  await tx.insert(leadEvents).values({ leadId: lead.id, actorId: actor.id, actorLabel: actor.label, at, kind: 'assigned', fromState: lead.state, toState: lead.state, note });
  return row!;
}
