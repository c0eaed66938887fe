/**
 * Where each assigned org stands with its visits: the cadence of src/domain/visit-cadence.ts over
 * the stored visit dates, with the visits per month of the org's region (policy with overrides).
 * Computed on every read, never stored: a late record or a changed policy shows at once. The
 * reminders use instructorStandings, so the bot and its reminders agree on what is due.
 */
import { visitCadence, type VisitCadence } from '../../domain/visit-cadence.ts';
import { startOfMonth } from '../../domain/shanghai-date.ts';
import { firstAssignedOn, getAssignment } from './assignment-store.ts';
import type { Db, Tx } from '../database.ts';
import type { VisitWay } from '../schema/visits.ts';
import { assignedOrgs, type ScopedOrg } from './org-scope-store.ts';
import type { PolicyBook } from '../../domain/policy/index.ts';
import { lastVisitsOf, onsiteDatesForCadence } from './visit-store.ts';

export interface CadenceItem {
  orgId: string;
  regionCode: string;
  assignedOn: string;
}

export interface OrgStanding {
  orgId: string;
  visitsPerMonth: number;
  cadence: VisitCadence;
  /** The last visit of any way (the cadence counts on-site ones only). */
  lastVisit: { visitedOn: string; way: VisitWay } | null;
}

/** The standing of each item, in the order given (an org with two instructors has two items). */
export async function standingsOf(db: Db | Tx, items: CadenceItem[], today: string, book: PolicyBook): Promise<OrgStanding[]> {
  const ids = [...new Set(items.map((i) => i.orgId))];
  const [dates, last] = [await onsiteDatesForCadence(db, ids, today), await lastVisitsOf(db, ids, today)];
  return items.map((i) => {
    const visitsPerMonth = book.of(i.regionCode).instructors.visitsPerMonth;
    const cadence = visitCadence({ visitsPerMonth, visits: dates.get(i.orgId) ?? [], assignedOn: i.assignedOn, today });
    return { orgId: i.orgId, visitsPerMonth, cadence, lastVisit: last.get(i.orgId) ?? null };
  });
}

/**
 * Visits are owed only to operating orgs: a bankrupt, suspended or deregistered one is kept in the
 * ledger but out of statistics (domain.md, 002), and nobody should be told it is overdue.
 */
export const visitsOwed = (o: { status: string }) => o.status === 'operating';

/** Owed first; most overdue first, then soonest due, then by name: the order of step 1. */
export function byUrgency<T extends { name: string; status: string; standing: OrgStanding }>(a: T, b: T): number {
  return (
    Number(visitsOwed(b)) - Number(visitsOwed(a)) ||
    a.standing.cadence.sortKey - b.standing.cadence.sortKey ||
    a.name.localeCompare(b.name, 'zh-CN')
  );
}

/** An instructor's assigned orgs with their standing, most overdue first (see visitsOwed). */
export async function instructorStandings(
  db: Db | Tx,
  instructorId: string,
  today: string,
  book: PolicyBook,
): Promise<Array<ScopedOrg & { assignedOn: string; standing: OrgStanding }>> {
  const assigned = await assignedOrgs(db, instructorId);
  const standings = await standingsOf(
    db,
    assigned.map((o) => ({ orgId: o.id, regionCode: o.regionCode, assignedOn: o.assignedOn! })),
    today,
    book,
  );
  return assigned.map((o, k) => ({ ...o, assignedOn: o.assignedOn!, standing: standings[k] })).sort(byUrgency);
}

/**
 * One org's standing as seen by an instructor: counted from their own assignment, else from the
 * org's first assignment (a colleague's org), else from the start of this month. `plus` adds a
 * visit not yet saved (the default next date on the form assumes the visit being logged).
 */
export async function orgStanding(
  db: Db | Tx,
  org: { id: string; regionCode: string },
  instructorId: string,
  today: string,
  book: PolicyBook,
  plus?: string,
): Promise<OrgStanding> {
  const own = await getAssignment(db, instructorId, org.id);
  const assignedOn = own?.assignedOn ?? (await firstAssignedOn(db, [org.id])).get(org.id) ?? startOfMonth(today);
  const visitsPerMonth = book.of(org.regionCode).instructors.visitsPerMonth;
  const dates = (await onsiteDatesForCadence(db, [org.id], today)).get(org.id) ?? [];
  const cadence = visitCadence({ visitsPerMonth, visits: plus ? [...dates, plus] : dates, assignedOn, today });
  const last = (await lastVisitsOf(db, [org.id], today)).get(org.id) ?? null;
  return { orgId: org.id, visitsPerMonth, cadence, lastVisit: last };
}
