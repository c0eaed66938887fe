/**
 * Which orgs an instructor may log visits for: their assigned orgs (instructor_assignments), and
 * any org in the region(s) of their instructor role (covering for a colleague happens). Everything
 * here filters by that scope in SQL, so an org id from a forged or stale button is refused.
 */
import { isUuid } from '../../domain/uuid.ts';
import { and, asc, desc, eq, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { instructorAssignments, orgs, partyOrgs } from '../schema/ledger.ts';
import type { Db, Tx } from '../database.ts';
import type { Formation, OrgKind, OrgStatus } from '../schema/ledger.ts';

export interface InstructorScope {
  instructorId: string;
  /** Region codes of the person's instructor roles (prefixes: an org within one is in scope). */
  regions: string[];
}

export interface ScopedOrg {
  id: string;
  name: string;
  creditCode: string | null;
  kind: OrgKind;
  regionCode: string;
  status: OrgStatus;
  formation: Formation;
  partyOrgName: string | null;
  /** The date this instructor was assigned the org; null when it is in scope by region only. */
  assignedOn: string | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function columns() {
  return {
    id: orgs.id,
    name: orgs.name,
    creditCode: orgs.creditCode,
    kind: orgs.kind,
    regionCode: orgs.regionCode,
    status: orgs.status,
    formation: orgs.formation,
    partyOrgName: partyOrgs.name,
    assignedOn: sql<string | null>`${instructorAssignments.assignedOn}`,
  };
}

function scoped(db: Db | Tx, scope: InstructorScope) {
  const inRegion: SQL[] = scope.regions.filter((r) => /^\d+$/.test(r)).map((r) => like(orgs.regionCode, `${r}%`));
  return {
    query: db
      .select(columns())
      .from(orgs)
      .leftJoin(partyOrgs, eq(partyOrgs.id, orgs.partyOrgId))
      .leftJoin(instructorAssignments, and(eq(instructorAssignments.orgId, orgs.id), eq(instructorAssignments.instructorId, scope.instructorId))),
    cond: or(sql`${instructorAssignments.orgId} is not null`, ...inRegion)!,
  };
}

/** The instructor's assigned orgs, by name. */
export async function assignedOrgs(db: Db | Tx, instructorId: string): Promise<ScopedOrg[]> {
  const rows = await db
    .select(columns())
    .from(instructorAssignments)
    .innerJoin(orgs, eq(orgs.id, instructorAssignments.orgId))
    .leftJoin(partyOrgs, eq(partyOrgs.id, orgs.partyOrgId))
    .where(eq(instructorAssignments.instructorId, instructorId))
    .orderBy(asc(orgs.name));
  return rows;
}

/** The org if it is in the instructor's scope, else null. */
export async function findOrgInScope(db: Db | Tx, scope: InstructorScope, orgId: string): Promise<ScopedOrg | null> {
  if (!isUuid(orgId)) return null;
  const s = scoped(db, scope);
  const rows = await s.query.where(and(eq(orgs.id, orgId), s.cond)).limit(1);
  return rows[0] ?? null;
}

/**
 * Orgs in scope by name (contained, case-insensitive) or by credit code (exact, 18 characters),
 * assigned ones first, then shorter names (the closer match), then by name.
 */
export async function searchOrgsInScope(db: Db | Tx, scope: InstructorScope, query: string, limit = 10): Promise<ScopedOrg[]> {
  const q = query.normalize('NFKC').trim();
  if (!q) return [];
  const s = scoped(db, scope);
  const code = q.toUpperCase().replace(/\s+/g, '');
  const match = /^[0-9A-Z]{18}$/.test(code) ? or(eq(orgs.creditCode, code), ilike(orgs.name, `%${escapeLike(q)}%`)) : ilike(orgs.name, `%${escapeLike(q)}%`);
  const rows = await s.query
    .where(and(s.cond, match))
    .orderBy(desc(sql`${instructorAssignments.orgId} is not null`), asc(sql`length(${orgs.name})`), asc(orgs.name))
    .limit(limit);
  return rows;
}

/**
 * Orgs in scope named in free text: an org whose full name occurs in the text, or whose name
 * contains one of the fragments (the short names people say: "华为" for 华为技术有限公司).
 */
export async function orgsNamedIn(db: Db | Tx, scope: InstructorScope, text: string, fragments: string[], limit = 10): Promise<ScopedOrg[]> {
  const s = scoped(db, scope);
  const frags = [...new Set(fragments.map((f) => f.trim()).filter((f) => [...f].length >= 2))];
  const named = or(sql`strpos(${text}, ${orgs.name}) > 0`, ...frags.map((f) => ilike(orgs.name, `%${escapeLike(f)}%`)))!;
  const rows = await s.query
    .where(and(s.cond, named))
    .orderBy(desc(sql`${instructorAssignments.orgId} is not null`), asc(sql`length(${orgs.name})`), asc(orgs.name))
    .limit(limit);
  return rows;
}

/** Orgs by id (no scope check: for ids already checked, e.g. the visits of a record). */
export async function orgsByIds(db: Db | Tx, ids: string[]): Promise<Array<{ id: string; name: string; regionCode: string }>> {
  if (ids.length === 0) return [];
  return db.select({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode }).from(orgs).where(inArray(orgs.id, ids));
}
