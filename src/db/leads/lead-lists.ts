/** The leads one person has to do with: handling them, or having registered them. */
import { and, asc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { leads, leadSources } from '../schema/leads.ts';
import type { Db, Tx } from '../database.ts';
import type { Person } from '../../domain/person.ts';
import type { LeadRow } from './lead-store.ts';

export interface MyLead {
  lead: LeadRow;
  /** Handling it (assignee, secretary of its party org, officer it was routed to) or only registered it. */
  handling: boolean;
}

/** Open ones first (oldest first), then the closed ones; erased leads are left out. */
export async function leadsOf(db: Db | Tx, person: Person, limit = 20): Promise<MyLead[]> {
  const handling: SQL[] = [];
  if (person.id) handling.push(eq(leads.assigneePersonId, person.id));
  const orgIds = person.roles.filter((r) => r.role === 'secretary' && r.partyOrgId).map((r) => r.partyOrgId!);
  if (orgIds.length) handling.push(inArray(leads.assigneePartyOrgId, orgIds));
  for (const r of person.roles) {
    if (r.role === 'officer' && r.regionCode) handling.push(and(eq(leads.assignedVia, 'officers'), like(leads.regionCode, `${r.regionCode}%`))!);
  }
  const registered = db
    .select({ id: leadSources.leadId })
    .from(leadSources)
    .where(person.id ? or(eq(leadSources.registeredBy, person.id), eq(leadSources.registrantOpenId, person.openId)) : eq(leadSources.registrantOpenId, person.openId));
  const handlingCond = handling.length ? or(...handling) : sql`false`;
  const rows = await db
    .select({ lead: leads, handling: sql<boolean>`(${handlingCond})` })
    .from(leads)
    .where(and(isNull(leads.erasedAt), or(handlingCond, inArray(leads.id, registered))))
    .orderBy(sql`case when ${leads.state} in ('new','contacted','verified','unreachable') then 0 else 1 end`, asc(leads.createdAt), asc(leads.id))
    .limit(limit);
  return rows.map((r) => ({ lead: r.lead, handling: !!r.handling }));
}
