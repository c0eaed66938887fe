/**
 * Where a lead goes (issue 7 §5): the party org where the person works (its secretary); where
 * that org has none, or nobody runs it yet, the instructor covering the org; otherwise the
 * officers of the region. A joint party org is reached the same way: the ledger points each org
 * it covers at it.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { people, personRoles } from '../schema/core.ts';
import { instructorAssignments, orgs, partyOrgs } from '../schema/ledger.ts';
import type { AssignedVia } from '../schema/leads.ts';
import type { Db, Tx } from '../database.ts';

export interface Route {
  via: AssignedVia;
  personId: string | null;
  partyOrgId: string | null;
  regionCode: string;
}

export interface Contact {
  personId: string;
  name: string;
  openId: string | null;
}

export async function secretariesOf(db: Db | Tx, partyOrgId: string): Promise<Contact[]> {
  return db
    .select({ personId: people.id, name: people.name, openId: people.openId })
    .from(personRoles)
    .innerJoin(people, eq(people.id, personRoles.personId))
    .where(and(eq(personRoles.role, 'secretary'), eq(personRoles.partyOrgId, partyOrgId)))
    .orderBy(asc(personRoles.createdAt), asc(people.id));
}

/** The instructors assigned to an org, longest-standing first. */
export async function instructorsOfOrg(db: Db | Tx, orgId: string): Promise<Contact[]> {
  return db
    .select({ personId: people.id, name: people.name, openId: people.openId })
    .from(instructorAssignments)
    .innerJoin(people, eq(people.id, instructorAssignments.instructorId))
    .where(eq(instructorAssignments.orgId, orgId))
    .orderBy(asc(instructorAssignments.assignedOn), asc(people.id));
}

/** Instructors of any org the party org covers (a joint party org covers several). */
export async function instructorsOfPartyOrg(db: Db | Tx, partyOrgId: string): Promise<Contact[]> {
  return db
    .selectDistinct({ personId: people.id, name: people.name, openId: people.openId })
    .from(instructorAssignments)
    .innerJoin(orgs, eq(orgs.id, instructorAssignments.orgId))
    .innerJoin(people, eq(people.id, instructorAssignments.instructorId))
    .where(eq(orgs.partyOrgId, partyOrgId))
    .orderBy(asc(people.id));
}

/** Every officer whose region contains `regionCode` (the region itself and its ancestors). */
export async function officersCovering(db: Db | Tx, regionCode: string): Promise<Array<Contact & { regionCode: string }>> {
  const rows = await db
    .select({ personId: people.id, name: people.name, openId: people.openId, regionCode: personRoles.regionCode })
    .from(personRoles)
    .innerJoin(people, eq(people.id, personRoles.personId))
    .where(and(eq(personRoles.role, 'officer'), sql`${regionCode} like ${personRoles.regionCode} || '%'`))
    .orderBy(asc(people.id));
  return rows.filter((r): r is typeof r & { regionCode: string } => !!r.regionCode);
}

/** The officers nearest the region: the deepest level that has any (a street's before its district's). */
export async function nearestOfficers(db: Db | Tx, regionCode: string): Promise<Contact[]> {
  const all = await officersCovering(db, regionCode);
  const depth = Math.max(0, ...all.map((o) => o.regionCode.length));
  const seen = new Set<string>();
  return all.filter((o) => o.regionCode.length === depth && !seen.has(o.personId) && seen.add(o.personId));
}

/** The route for a person working at a ledger org, or only known to be in a region. */
export async function routeFor(db: Db | Tx, where: { workplaceOrgId: string | null; regionCode: string }): Promise<Route> {
  if (where.workplaceOrgId) {
    const [org] = await db
      .select({ id: orgs.id, regionCode: orgs.regionCode, partyOrgId: orgs.partyOrgId })
      .from(orgs)
      .where(eq(orgs.id, where.workplaceOrgId));
    if (org) {
      if (org.partyOrgId) {
        const [sec] = await secretariesOf(db, org.partyOrgId);
        if (sec) return { via: 'party_org', personId: sec.personId, partyOrgId: org.partyOrgId, regionCode: org.regionCode };
      }
      const [inst] = await instructorsOfOrg(db, org.id);
      if (inst) return { via: 'instructor', personId: inst.personId, partyOrgId: org.partyOrgId, regionCode: org.regionCode };
      return { via: 'officers', personId: null, partyOrgId: org.partyOrgId, regionCode: org.regionCode };
    }
  }
  return { via: 'officers', personId: null, partyOrgId: null, regionCode: where.regionCode };
}

/** The route when a lead is handed to a named party org (an officer or the assignee passing it on). */
export async function routeToPartyOrg(db: Db | Tx, partyOrgId: string): Promise<Route | null> {
  const [po] = await db.select({ id: partyOrgs.id, regionCode: partyOrgs.regionCode }).from(partyOrgs).where(eq(partyOrgs.id, partyOrgId));
  if (!po) return null;
  const [sec] = await secretariesOf(db, po.id);
  if (sec) return { via: 'party_org', personId: sec.personId, partyOrgId: po.id, regionCode: po.regionCode };
  const [inst] = await instructorsOfPartyOrg(db, po.id);
  if (inst) return { via: 'instructor', personId: inst.personId, partyOrgId: po.id, regionCode: po.regionCode };
  return { via: 'officers', personId: null, partyOrgId: po.id, regionCode: po.regionCode };
}

/**
 * Who is told about a lead on this route: the assignee, every secretary of the assignee party org,
 * and the nearest officers when nobody below them has it.
 */
export async function recipientsOf(db: Db | Tx, route: Pick<Route, 'via' | 'personId' | 'partyOrgId' | 'regionCode'>): Promise<Contact[]> {
  const out = new Map<string, Contact>();
  if (route.personId) {
    const [p] = await db.select({ personId: people.id, name: people.name, openId: people.openId }).from(people).where(eq(people.id, route.personId));
    if (p) out.set(p.personId, p);
  }
  if (route.partyOrgId) for (const s of await secretariesOf(db, route.partyOrgId)) out.set(s.personId, s);
  if (route.via === 'officers' || out.size === 0) for (const o of await nearestOfficers(db, route.regionCode)) out.set(o.personId, o);
  return [...out.values()];
}
