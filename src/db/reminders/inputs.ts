/**
 * Inputs the planner computes in TypeScript with the domain functions, loaded set-based: the
 * visit cadence (visitCadence has slots and carry-over that SQL would only restate) and the
 * officers who owe reports. One query each, whatever the number of orgs.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import type { CalendarDate } from '../../domain/shanghai-date.ts';
import type { ItemScope } from './item-sources.ts';
import { rowsOf, underAny } from '../sql.ts';

export interface AssignmentInput {
  instructorId: string;
  orgId: string;
  orgName: string;
  regionCode: string;
  assignedOn: CalendarDate;
  /** On-site visits from the first day of the month of the org's last one, up to today. */
  visits: CalendarDate[];
}

/**
 * Assignments that certainly owe nothing soon can be left out: with at least `visitsPerMonth`
 * on-site visits this month (since the assignment) every slot of the month is met, so the next
 * due date is next month's first slot end. The caller passes, per region prefix (longest first),
 * the count that settles an assignment, or null where its due-soon window could reach that far.
 */
export interface SettledRule {
  monthStart: CalendarDate;
  byPrefix: ReadonlyArray<{ prefix: string; visitsPerMonth: number | null }>;
}

/**
 * Every instructor assignment with the on-site visit dates the cadence needs (the same reading as
 * the visits store's onsiteDatesForCadence: the cadence restarts at the last visit, so only that
 * month's visits can matter).
 */
export async function loadAssignments(db: Db | Tx, today: CalendarDate, scope?: ItemScope, settled?: SettledRule): Promise<AssignmentInput[]> {
  const where = scope
    ? sql`(${underAny(sql`o.region_code`, scope.regionPrefixes ?? [])} or ${scope.personId ? sql`ia.instructor_id = ${scope.personId}::uuid` : sql`false`})`
    : sql`true`;
  const rows = await rowsOf<{ instructor_id: string; org_id: string; org_name: string; region_code: string; assigned_on: string; visits: string | null }>(
    db,
    sql`
      with scoped as (
        select ia.instructor_id, ia.org_id, ia.assigned_on, o.name, o.region_code, ${needed(settled)} as need
        from instructor_assignments ia join orgs o on o.id = ia.org_id
        where ${where}
      ),
      live as (
        select v.org_id, v.visited_on, max(v.visited_on) over (partition by v.org_id) as last_on
        from visits v
        where v.way = 'onsite' and v.deleted_at is null and v.visited_on <= ${today}::date
          ${scope ? sql`and v.org_id in (select org_id from scoped)` : sql``}
      ),
      recent as (
        select org_id, array_agg(visited_on) as days
        from live where visited_on >= date_trunc('month', last_on)::date
        group by org_id
      )
      select s.instructor_id, s.org_id, s.name as org_name, s.region_code, s.assigned_on::text as assigned_on,
        array_to_string(r.days, ',') as visits
      from scoped s left join recent r on r.org_id = s.org_id
      where s.need is null or r.days is null
        or (select count(*) from unnest(r.days) d where d >= greatest(${settled?.monthStart ?? today}::date, s.assigned_on)) < s.need`,
  );
  return rows.map((r) => ({
    instructorId: r.instructor_id,
    orgId: r.org_id,
    orgName: r.org_name,
    regionCode: r.region_code,
    assignedOn: r.assigned_on,
    visits: r.visits ? r.visits.split(',') : [],
  }));
}

function needed(settled: SettledRule | undefined) {
  const rules = (settled?.byPrefix ?? []).filter((r) => r.visitsPerMonth !== null);
  if (rules.length === 0) return sql`null::int`;
  return sql`(case ${sql.join(
    rules.map((r) => sql`when starts_with(o.region_code, ${r.prefix}::text) then ${r.visitsPerMonth}::int`),
    sql` `,
  )} else null end)`;
}

export interface OfficerInput {
  personId: string;
  regionCode: string;
  regionName: string;
}

/** Officers with their regions (a person may hold several), optionally only some. */
export async function loadOfficers(db: Db | Tx, scope?: ItemScope): Promise<OfficerInput[]> {
  const where = scope
    ? sql`(${underAny(sql`pr.region_code`, scope.regionPrefixes ?? [])} or ${scope.personId ? sql`pr.person_id = ${scope.personId}::uuid` : sql`false`})`
    : sql`true`;
  const rows = await rowsOf<{ person_id: string; region_code: string; region_name: string }>(
    db,
    sql`select distinct pr.person_id, pr.region_code, r.name as region_name
        from person_roles pr join regions r on r.code = pr.region_code
        where pr.role = 'officer' and ${where}`,
  );
  return rows.map((r) => ({ personId: r.person_id, regionCode: r.region_code, regionName: r.region_name }));
}

/** The party orgs a person is secretary of, and the regions they are officer or instructor in. */
export async function rolesOf(db: Db | Tx, personId: string): Promise<{ partyOrgIds: string[]; officerRegions: string[]; instructor: boolean }> {
  const rows = await rowsOf<{ role: string; region_code: string | null; party_org_id: string | null }>(
    db,
    sql`select role, region_code, party_org_id::text as party_org_id from person_roles where person_id = ${personId}::uuid`,
  );
  return {
    partyOrgIds: rows.filter((r) => r.role === 'secretary' && r.party_org_id).map((r) => r.party_org_id!),
    officerRegions: rows.filter((r) => r.role === 'officer' && r.region_code).map((r) => r.region_code!),
    instructor: rows.some((r) => r.role === 'instructor'),
  };
}
