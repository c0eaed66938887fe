/**
 * Instructor ↔ org assignments as an officer changes them from a card, and the loads the caps
 * (I1, I2) are checked against. The roster import writes the same table (issue 4).
 */
import { isUuid } from '../../domain/uuid.ts';
import { and, asc, desc, eq, ilike, inArray, like, or, sql } from 'drizzle-orm';
import { people, personRoles } from '../schema/core.ts';
import { instructorAssignments, orgs, partyOrgs } from '../schema/ledger.ts';
import type { Db, Tx } from '../database.ts';
import type { Formation, OrgStatus } from '../schema/ledger.ts';

export interface InstructorLoad {
  /** Operating orgs with a party org (standalone or joint): I1. */
  withPartyOrg: number;
  /** Operating orgs without one: I2. */
  withoutPartyOrg: number;
  /** Assignments an officer made past the caps, with a reason. */
  exceptions: number;
}

export interface RegionAssignment {
  instructorId: string;
  orgId: string;
  orgName: string;
  regionCode: string;
  formation: Formation;
  status: OrgStatus;
  assignedOn: string;
  exceptionReason: string | null;
}

export interface RegionInstructor {
  id: string;
  name: string;
  /** For matching what an officer types; never shown. */
  mobile: string | null;
  /** The region of their instructor role, if any (the caps are read from its policy). */
  regionCode: string | null;
}

export interface RegionOrg {
  id: string;
  name: string;
  creditCode: string | null;
  regionCode: string;
  formation: Formation;
  status: OrgStatus;
  partyOrgName: string | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function instructorLoads(db: Db | Tx, instructorIds: string[]): Promise<Map<string, InstructorLoad>> {
  const out = new Map<string, InstructorLoad>(instructorIds.map((id) => [id, { withPartyOrg: 0, withoutPartyOrg: 0, exceptions: 0 }]));
  if (instructorIds.length === 0) return out;
  const rows = await db
    .select({
      instructorId: instructorAssignments.instructorId,
      withPartyOrg: sql<number>`count(*) filter (where ${orgs.formation} <> 'none' and ${orgs.status} = 'operating')::int`,
      withoutPartyOrg: sql<number>`count(*) filter (where ${orgs.formation} = 'none' and ${orgs.status} = 'operating')::int`,
      exceptions: sql<number>`count(${instructorAssignments.exceptionReason})::int`,
    })
    .from(instructorAssignments)
    .innerJoin(orgs, eq(orgs.id, instructorAssignments.orgId))
    .where(inArray(instructorAssignments.instructorId, instructorIds))
    .groupBy(instructorAssignments.instructorId);
  for (const r of rows) out.set(r.instructorId, { withPartyOrg: Number(r.withPartyOrg), withoutPartyOrg: Number(r.withoutPartyOrg), exceptions: Number(r.exceptions) });
  return out;
}

/** Every assignment to an org in the region's subtree. */
export async function assignmentsInRegion(db: Db | Tx, regionCode: string): Promise<RegionAssignment[]> {
  return db
    .select({
      instructorId: instructorAssignments.instructorId,
      orgId: orgs.id,
      orgName: orgs.name,
      regionCode: orgs.regionCode,
      formation: orgs.formation,
      status: orgs.status,
      assignedOn: instructorAssignments.assignedOn,
      exceptionReason: instructorAssignments.exceptionReason,
    })
    .from(instructorAssignments)
    .innerJoin(orgs, eq(orgs.id, instructorAssignments.orgId))
    .where(like(orgs.regionCode, `${escapeLike(regionCode)}%`))
    .orderBy(asc(orgs.name));
}

/**
 * Instructors who work in the region: an instructor role whose region overlaps it (inside it, or
 * a wider one containing it), or an assignment to an org in it.
 */
export async function instructorsForRegion(db: Db | Tx, regionCode: string): Promise<RegionInstructor[]> {
  const rows = await db
    .selectDistinct({ id: people.id, name: people.name, mobile: people.mobile, regionCode: personRoles.regionCode })
    .from(people)
    .leftJoin(personRoles, and(eq(personRoles.personId, people.id), eq(personRoles.role, 'instructor')))
    .where(
      or(
        like(personRoles.regionCode, `${escapeLike(regionCode)}%`),
        sql`${personRoles.regionCode} is not null and ${regionCode} like ${personRoles.regionCode} || '%'`,
        sql`exists (select 1 from ${instructorAssignments} join ${orgs} on ${orgs.id} = ${instructorAssignments.orgId}
                    where ${instructorAssignments.instructorId} = ${people.id} and ${orgs.regionCode} like ${`${escapeLike(regionCode)}%`})`,
      ),
    );
  // One row per person (a person with two instructor regions keeps the first, narrowest last).
  const byId = new Map<string, RegionInstructor>();
  for (const r of rows) {
    const prev = byId.get(r.id);
    if (!prev || (!prev.regionCode && r.regionCode)) byId.set(r.id, r);
  }
  return [...byId.values()];
}

/** What an officer's assignment card shows of an org. */
const regionOrgColumns = {
  id: orgs.id,
  name: orgs.name,
  creditCode: orgs.creditCode,
  regionCode: orgs.regionCode,
  formation: orgs.formation,
  status: orgs.status,
  partyOrgName: partyOrgs.name,
};

/** Orgs in the region by credit code (exact) or name (contained), shortest name first. */
export async function findOrgsInRegion(db: Db | Tx, regionCode: string, query: string, limit = 6): Promise<RegionOrg[]> {
  const q = query.normalize('NFKC').trim();
  if (!q) return [];
  const code = q.toUpperCase().replace(/\s+/g, '');
  return db
    .select(regionOrgColumns)
    .from(orgs)
    .leftJoin(partyOrgs, eq(partyOrgs.id, orgs.partyOrgId))
    .where(and(like(orgs.regionCode, `${escapeLike(regionCode)}%`), or(eq(orgs.creditCode, code), ilike(orgs.name, `%${escapeLike(q)}%`))))
    .orderBy(desc(sql`coalesce(${orgs.creditCode} = ${code}, false)`), asc(sql`length(${orgs.name})`), asc(orgs.name))
    .limit(limit);
}

export async function getRegionOrg(db: Db | Tx, regionCode: string, orgId: string): Promise<RegionOrg | undefined> {
  if (!isUuid(orgId)) return undefined;
  const [row] = await db
    .select(regionOrgColumns)
    .from(orgs)
    .leftJoin(partyOrgs, eq(partyOrgs.id, orgs.partyOrgId))
    .where(and(eq(orgs.id, orgId), like(orgs.regionCode, `${escapeLike(regionCode)}%`)));
  return row;
}

export async function getAssignment(db: Db | Tx, instructorId: string, orgId: string) {
  const [row] = await db
    .select()
    .from(instructorAssignments)
    .where(and(eq(instructorAssignments.instructorId, instructorId), eq(instructorAssignments.orgId, orgId)));
  return row;
}

/** The earliest assignment date of each org (for the cadence of an org visited by a colleague). */
export async function firstAssignedOn(db: Db | Tx, orgIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (orgIds.length === 0) return out;
  const rows = await db
    .select({ orgId: instructorAssignments.orgId, on: sql<string>`min(${instructorAssignments.assignedOn})` })
    .from(instructorAssignments)
    .where(inArray(instructorAssignments.orgId, orgIds))
    .groupBy(instructorAssignments.orgId);
  for (const r of rows) out.set(r.orgId, String(r.on));
  return out;
}

/** Inserts the assignment; false when it already existed (a repeated confirm). */
export async function addAssignment(tx: Db | Tx, a: { instructorId: string; orgId: string; assignedOn: string; exceptionReason: string | null; at: Date }): Promise<boolean> {
  const rows = await tx
    .insert(instructorAssignments)
    .values({ instructorId: a.instructorId, orgId: a.orgId, assignedOn: a.assignedOn, exceptionReason: a.exceptionReason, createdAt: a.at })
    .onConflictDoNothing()
    .returning({ orgId: instructorAssignments.orgId });
  await refreshHasInstructor(tx, a.orgId);
  return rows.length > 0;
}

/**
 * Removes the assignment. When the ledger's 党建工作指导员手机号 for the org is this person's, it
 * is cleared too: otherwise the org would still count as having an instructor (work coverage).
 */
export async function removeAssignment(tx: Db | Tx, instructorId: string, orgId: string) {
  const [row] = await tx
    .delete(instructorAssignments)
    .where(and(eq(instructorAssignments.instructorId, instructorId), eq(instructorAssignments.orgId, orgId)))
    .returning();
  if (row) {
    await tx
      .update(orgs)
      .set({ instructorMobile: null })
      .where(and(eq(orgs.id, orgId), sql`${orgs.instructorMobile} = (select ${people.mobile} from ${people} where ${people.id} = ${instructorId})`));
    await refreshHasInstructor(tx, orgId);
  }
  return row;
}

/** orgs.has_instructor as the ledger defines it: an assignment, or a mobile in the ledger. */
async function refreshHasInstructor(tx: Db | Tx, orgId: string): Promise<void> {
  await tx
    .update(orgs)
    .set({
      hasInstructor: sql`(${orgs.instructorMobile} is not null or exists (select 1 from ${instructorAssignments} where ${instructorAssignments.orgId} = ${orgs.id}))`,
    })
    .where(eq(orgs.id, orgId));
}
