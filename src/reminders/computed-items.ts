/**
 * Items whose rule lives in a domain function that SQL should not restate: the visit cadence
 * (visitCadence, exactly as the visits flow shows it) and the officers' report duties. Each item
 * has the columns of the SQL sources (item-sources.ts ITEM_COLUMNS).
 */
import type { AssignmentInput, OfficerInput } from '../db/reminders/inputs.ts';
import { visitCadence } from '../domain/visit-cadence.ts';
import type { ReportLevel } from '../domain/policy/index.ts';
import type { OnUncovered } from '../domain/working-days.ts';
import type { CalendarDate } from '../domain/shanghai-date.ts';
import { liveDuties } from './plan-context.ts';
import type { Variants } from '../domain/policy/index.ts';

export interface ItemRow {
  item_type: string;
  item_key: string;
  period_key: string;
  kind: string;
  region_code: string;
  due_on: CalendarDate | null;
  escalate: boolean;
  to_person: string | null;
  to_party_org: string | null;
  to_region: string | null;
  payload: Record<string, unknown>;
}

/** Per instructor and assigned org: due soon in the month kind's tail, or overdue. */
export function visitItems(assignments: readonly AssignmentInput[], variants: Variants, today: CalendarDate): ItemRow[] {
  const out: ItemRow[] = [];
  for (const a of assignments) {
    const policy = variants.of(a.regionCode).policy;
    const c = visitCadence({ visitsPerMonth: policy.instructors.visitsPerMonth, visits: a.visits, assignedOn: a.assignedOn, today });
    let kind: 'overdue' | 'due_soon';
    if (c.overdueDays > 0) kind = 'overdue';
    else if (c.daysUntilDue < policy.reminders.dueSoonDays.month) kind = 'due_soon';
    else continue;
    out.push({
      item_type: 'visit',
      item_key: `visit:${a.instructorId}:${a.orgId}`,
      period_key: c.nextDueOn,
      kind,
      region_code: a.regionCode,
      due_on: c.nextDueOn,
      escalate: c.overdueDays > policy.reminders.escalateAfterOverdueDays,
      to_person: a.instructorId,
      to_party_org: null,
      to_region: null,
      payload: {
        t: 'visit',
        orgId: a.orgId,
        orgName: a.orgName,
        dueOn: c.nextDueOn,
        days: kind === 'overdue' ? c.overdueDays : c.daysUntilDue,
        lastVisitOn: c.lastVisitOn,
        instructorId: a.instructorId,
      },
    });
  }
  return out;
}

const LEVEL_LENGTH: Partial<Record<ReportLevel, number>> = { province: 2, city: 4, county: 6, township: 9 };

/** An officer at a region of the duty's level ('any': every level) owes it. */
function owes(level: ReportLevel, regionCode: string): boolean {
  if (level === 'any') return true;
  const n = LEVEL_LENGTH[level];
  return n !== undefined && regionCode.length === n;
}

/** Report duties of officers that are live today, one item per officer, duty, region and due date. */
export function officerReportItems(officers: readonly OfficerInput[], variants: Variants, today: CalendarDate, onUncovered: OnUncovered): ItemRow[] {
  const out: ItemRow[] = [];
  for (const o of officers) {
    const policy = variants.of(o.regionCode).policy;
    for (const [dutyId, duty] of Object.entries(policy.reports)) {
      if (duty.who.role !== 'officer' || !owes(duty.who.level, o.regionCode)) continue;
      for (const live of liveDuties(duty, today, onUncovered)) {
        out.push({
          item_type: 'report',
          item_key: `report:${dutyId}:${o.regionCode}`,
          period_key: live.dueOn,
          kind: 'report_due',
          region_code: o.regionCode,
          due_on: live.dueOn,
          escalate: false,
          to_person: o.personId,
          to_party_org: null,
          to_region: null,
          payload: {
            t: 'report',
            dutyId,
            what: duty.what,
            to: duty.to,
            regionCode: o.regionCode,
            regionName: o.regionName,
            dueOn: live.dueOn,
            periodStart: live.periodStart,
          },
        });
      }
    }
  }
  return out;
}
