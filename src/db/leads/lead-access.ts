/**
 * Who may see and act on a lead (issue 7 §9), and which party orgs and regions an actor's roles
 * reach (so nobody hands a lead, or incorporates a member, outside their own scope).
 */
import { isUuid } from '../../domain/uuid.ts';
import { and, asc, eq, inArray, isNotNull, like, or, sql } from 'drizzle-orm';
import { instructorAssignments, orgs, partyOrgs } from '../schema/ledger.ts';
import { leadSources } from '../schema/leads.ts';
import type { Db, Tx } from '../database.ts';
import type { Person } from '../../domain/person.ts';
import type { LeadRow } from './lead-store.ts';

const within = (code: string, ancestor: string) => code.startsWith(ancestor);

export interface LeadAccess {
  /** Personal data in full. */
  see: boolean;
  /** State changes and hand-overs. */
  act: boolean;
  why: 'assignee' | 'officer' | 'registrant' | null;
}

export function isAssignee(person: Person, lead: Pick<LeadRow, 'assigneePersonId' | 'assigneePartyOrgId'>): boolean {
  if (person.id && lead.assigneePersonId === person.id) return true;
  return !!lead.assigneePartyOrgId && person.roles.some((r) => r.role === 'secretary' && r.partyOrgId === lead.assigneePartyOrgId);
}

export function isOfficerOf(person: Person, regionCode: string): boolean {
  return person.roles.some((r) => r.role === 'officer' && !!r.regionCode && within(regionCode, r.regionCode));
}

export async function isRegistrant(db: Db | Tx, person: Person, leadId: string): Promise<boolean> {
  const cond = person.id
    ? or(eq(leadSources.registeredBy, person.id), eq(leadSources.registrantOpenId, person.openId))
    : eq(leadSources.registrantOpenId, person.openId);
  const [hit] = await db.select({ id: leadSources.id }).from(leadSources).where(and(eq(leadSources.leadId, leadId), cond)).limit(1);
  return !!hit;
}

export async function accessTo(db: Db | Tx, person: Person, lead: LeadRow): Promise<LeadAccess> {
  if (isAssignee(person, lead)) return { see: true, act: true, why: 'assignee' };
  if (isOfficerOf(person, lead.regionCode)) return { see: true, act: true, why: 'officer' };
  if (await isRegistrant(db, person, lead.id)) return { see: true, act: false, why: 'registrant' };
  return { see: false, act: false, why: null };
}

export interface PartyOrgChoice {
  id: string;
  name: string;
  regionCode: string;
}

/**
 * The party orgs an actor may name (incorporating a member, handing a lead over): a secretary's
 * own, an instructor's assigned orgs' party orgs, an officer's region. `near` puts those in the
 * lead's county first; at most `limit` are returned (a select on a phone, not a directory).
 */
export async function partyOrgsInScope(db: Db | Tx, person: Person, near: string | null, limit = 40): Promise<PartyOrgChoice[]> {
  const conds = [];
  const own = person.roles.filter((r) => r.role === 'secretary' && r.partyOrgId).map((r) => r.partyOrgId!);
  if (own.length) conds.push(inArray(partyOrgs.id, own));
  if (person.id && person.roles.some((r) => r.role === 'instructor')) {
    conds.push(
      inArray(
        partyOrgs.id,
        db
          .select({ id: orgs.partyOrgId })
          .from(instructorAssignments)
          .innerJoin(orgs, eq(orgs.id, instructorAssignments.orgId))
          .where(and(eq(instructorAssignments.instructorId, person.id), isNotNull(orgs.partyOrgId))),
      ),
    );
  }
  for (const r of person.roles) if (r.role === 'officer' && r.regionCode) conds.push(like(partyOrgs.regionCode, `${r.regionCode}%`));
  if (conds.length === 0) return [];
  const county = near ? near.slice(0, 6) : '';
  return db
    .select({ id: partyOrgs.id, name: partyOrgs.name, regionCode: partyOrgs.regionCode })
    .from(partyOrgs)
    .where(or(...conds))
    .orderBy(sql`case when ${partyOrgs.regionCode} like ${county + '%'} then 0 else 1 end`, asc(partyOrgs.name))
    .limit(limit);
}

/** Whether the actor's roles reach this party org (checked again on submit: a form can be forged). */
export async function partyOrgInScope(db: Db | Tx, person: Person, partyOrgId: string): Promise<PartyOrgChoice | null> {
  if (!isUuid(partyOrgId)) return null;
  const [po] = await db.select({ id: partyOrgs.id, name: partyOrgs.name, regionCode: partyOrgs.regionCode }).from(partyOrgs).where(eq(partyOrgs.id, partyOrgId));
  if (!po) return null;
  if (person.roles.some((r) => r.role === 'secretary' && r.partyOrgId === po.id)) return po;
  if (isOfficerOf(person, po.regionCode)) return po;
  if (person.id && person.roles.some((r) => r.role === 'instructor')) {
    const [hit] = await db
      .select({ id: orgs.id })
      .from(instructorAssignments)
      .innerJoin(orgs, eq(orgs.id, instructorAssignments.orgId))
      .where(and(eq(instructorAssignments.instructorId, person.id), eq(orgs.partyOrgId, po.id)))
      .limit(1);
    if (hit) return po;
  }
  return null;
}

/**
 * Where an actor may register a lead (组织找党员): an officer's region; an instructor's region and
 * the orgs assigned to them; a secretary's county (members of a branch often work next door).
 */
export async function registrationScope(db: Db | Tx, person: Person): Promise<{ prefixes: string[]; orgIds: string[] }> {
  const prefixes: string[] = [];
  for (const r of person.roles) if ((r.role === 'officer' || r.role === 'instructor') && r.regionCode) prefixes.push(r.regionCode);
  const own = person.roles.filter((r) => r.role === 'secretary' && r.partyOrgId).map((r) => r.partyOrgId!);
  if (own.length) {
    const rows = await db.select({ regionCode: partyOrgs.regionCode }).from(partyOrgs).where(inArray(partyOrgs.id, own));
    for (const r of rows) prefixes.push(r.regionCode.slice(0, 6));
  }
  const orgIds =
    person.id && person.roles.some((r) => r.role === 'instructor')
      ? (await db.select({ id: instructorAssignments.orgId }).from(instructorAssignments).where(eq(instructorAssignments.instructorId, person.id))).map((r) => r.id)
      : [];
  return { prefixes, orgIds };
}

export function inRegistrationScope(scope: { prefixes: string[]; orgIds: string[] }, regionCode: string, orgId: string | null): boolean {
  return scope.prefixes.some((p) => within(regionCode, p)) || (!!orgId && scope.orgIds.includes(orgId));
}

/** The region a person most likely means when they leave it out: their own role's or party org's. */
export async function homeRegionOf(db: Db | Tx, person: Person): Promise<string | null> {
  for (const role of ['officer', 'instructor', 'member'] as const) {
    const r = person.roles.find((x) => x.role === role && x.regionCode);
    if (r) return r.regionCode!;
  }
  const po = person.roles.find((r) => r.partyOrgId)?.partyOrgId;
  if (!po) return null;
  const [row] = await db.select({ regionCode: partyOrgs.regionCode }).from(partyOrgs).where(eq(partyOrgs.id, po));
  return row?.regionCode ?? null;
}
