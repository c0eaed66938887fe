/**
 * Counts of every compliance list of a region in one statement (three aggregates side by side),
 * and a page of any one list, with the same predicates.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { people } from '../schema/core.ts';
import { orgs, partyOrgs, type PartyOrgType } from '../schema/ledger.ts';
import { INSTRUCTOR_CHECKS, ORG_CHECKS, PARTY_ORG_CHECKS, entityOf, type CheckId, type InstructorCheckId, type OrgCheckId, type PartyOrgCheckId } from '../../ledger/compliance-checks.ts';
import type { RegionalPolicies } from '../../domain/policy/index.ts';
import { inRegion } from './coverage-predicates.ts';
import { orgPage, type OrgListItem, type Page } from './coverage-query.ts';
import {
  coveredOrgCount,
  instructorCheckPredicates,
  instructorLoads,
  orgCheckPredicates,
  partyOrgCheckPredicates,
  partyOrgInRegion,
} from './compliance-predicates.ts';
import { rowsOf } from '../sql.ts';

const col = (id: string) => sql.raw(`"${id.toLowerCase()}"`);

/** `today` is the Shanghai calendar date the checks are judged on (I3's "newly formed"). */
export async function complianceCounts(db: Db | Tx, regionCode: string, rp: RegionalPolicies, today: string): Promise<Record<CheckId, number>> {
  const o = orgCheckPredicates(rp, today);
  const p = partyOrgCheckPredicates(rp, today);
  const i = instructorCheckPredicates(rp);
  const orgCols = sql.join(ORG_CHECKS.map((id) => sql`(count(*) filter (where ${o[id]}))::int as ${col(id)}`), sql`, `);
  const poCols = sql.join(PARTY_ORG_CHECKS.map((id) => sql`(count(*) filter (where ${p[id]}))::int as ${col(id)}`), sql`, `);
  const inCols = sql.join(INSTRUCTOR_CHECKS.map((id) => sql`(count(*) filter (where ${i[id]}))::int as ${col(id)}`), sql`, `);
  const [row] = await rowsOf<Record<string, number>>(
    db,
    sql`select * from
      (select ${orgCols} from ${orgs} where ${inRegion(regionCode)} and ${orgs.status} = 'operating') oc,
      (select ${poCols} from ${partyOrgs} where ${partyOrgInRegion(regionCode)}) pc,
      (select ${inCols} from ${instructorLoads(regionCode)}) ic`,
  );
  const out = {} as Record<CheckId, number>;
  for (const id of [...ORG_CHECKS, ...PARTY_ORG_CHECKS, ...INSTRUCTOR_CHECKS]) out[id] = Number(row?.[id.toLowerCase()] ?? 0);
  return out;
}

export interface PartyOrgListItem {
  id: string;
  name: string;
  type: PartyOrgType;
  regionCode: string;
  foundedOn: string | null;
  orgCount: number;
  /** Formal and probationary together (F6 counts both). */
  members: number;
  membersFormal: number;
}

export interface InstructorListItem {
  personId: string;
  name: string;
  mobile: string | null;
  withPartyOrg: number;
  withoutPartyOrg: number;
}

export type ComplianceItem = ({ entity: 'org' } & OrgListItem) | ({ entity: 'party_org' } & PartyOrgListItem) | ({ entity: 'instructor' } & InstructorListItem);

export async function complianceList(db: Db | Tx, regionCode: string, rp: RegionalPolicies, today: string, id: CheckId, page: { limit: number; offset: number }): Promise<Page<ComplianceItem>> {
  const entity = entityOf(id);
  if (entity === 'org') {
    const r = await orgPage(db, regionCode, orgCheckPredicates(rp, today)[id as OrgCheckId], page);
    return { total: r.total, items: r.items.map((x) => ({ entity: 'org' as const, ...x })) };
  }
  if (entity === 'party_org') {
    const rows = await db
      .select({
        id: partyOrgs.id,
        name: partyOrgs.name,
        type: partyOrgs.type,
        regionCode: partyOrgs.regionCode,
        foundedOn: partyOrgs.foundedOn,
        membersFormal: partyOrgs.membersFormal,
        orgCount: sql<number>`${coveredOrgCount}::int`.mapWith(Number),
        members: sql<number>`(${partyOrgs.membersFormal} + ${partyOrgs.membersProbationary})::int`.mapWith(Number),
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(partyOrgs)
      .where(and(partyOrgInRegion(regionCode), partyOrgCheckPredicates(rp, today)[id as PartyOrgCheckId]))
      .orderBy(asc(partyOrgs.regionCode), asc(partyOrgs.name))
      .limit(page.limit)
      .offset(page.offset);
    return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _t, ...x }) => ({ entity: 'party_org' as const, ...x })) };
  }
  const pred = instructorCheckPredicates(rp)[id as InstructorCheckId];
  const rows = await rowsOf<{ person_id: string; name: string; mobile: string | null; with_po: number; without_po: number; total: number }>(
    db,
    sql`select ${people.id} as person_id, ${people.name} as name, ${people.mobile} as mobile, s.with_po, s.without_po, (count(*) over ())::int as total
        from ${instructorLoads(regionCode)} join ${people} on ${eq(people.id, sql`s.instructor_id`)}
        where ${pred}
        order by ${id === 'I1' ? sql`s.with_po` : id === 'I2' ? sql`s.without_po` : sql`(s.with_po + s.without_po)`} desc, ${people.name}
        limit ${page.limit} offset ${page.offset}`,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({ entity: 'instructor' as const, personId: r.person_id, name: r.name, mobile: r.mobile, withPartyOrg: Number(r.with_po), withoutPartyOrg: Number(r.without_po) })),
  };
}
