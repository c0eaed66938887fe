/**
 * Everything the set-based planning SQL needs that is a rule rather than data, computed once in
 * TypeScript with the domain functions (periods, working days, policy) and handed to SQL as small
 * VALUES lists. So the SQL never re-derives a period boundary or a working day: it only counts.
 */
import { MEETING_KINDS, PARTY_ORG_TYPES, type MeetingKind, type ReportDuty } from '../domain/policy/index.ts';
import { periodContaining, previousPeriod } from '../domain/periods.ts';
import { addDays, addMonths, dateOf, daysBetween, epochDay, monthOf, yearOf, type CalendarDate } from '../domain/shanghai-date.ts';
import { addWorkingDays, isWorkingDay, type OnUncovered } from '../domain/working-days.ts';
import type { Variants } from '../domain/policy/index.ts';
import { dueOnFor, dueSoonDaysFor } from '../domain/meeting-obligations.ts';

export interface MeetingWindow {
  variant: number;
  kind: MeetingKind;
  periodKey: string;
  start: CalendarDate;
  end: CalendarDate;
  /** The period's end, or a monthly kind's fixed day (dueOnFor): what the reminder says and counts days from. */
  dueOn: CalendarDate;
  required: number;
  status: 'due_soon' | 'overdue';
  /** Days left (due_soon) or days overdue (overdue), as obligationsFor counts them. */
  days: number;
  /** Overdue long enough that the region's officers hear of it (weekly). */
  escalate: boolean;
}

export interface LeadCutoff {
  variant: number;
  /** Leads still 'new' that were registered on or before this day are past their contact deadline. */
  lateIfOnOrBefore: CalendarDate;
  /** … and on or before this one, past the officers' escalation too. */
  escalateIfOnOrBefore: CalendarDate;
}

export interface SecretaryReport {
  variant: number;
  dutyId: string;
  what: string;
  dueOn: CalendarDate;
  periodStart: CalendarDate;
}

export interface PlanContext {
  today: CalendarDate;
  week: string;
  variants: Variants;
  meetingWindows: MeetingWindow[];
  termYears: Array<{ variant: number; type: string; years: number }>;
  termLeads: Array<{ variant: number; months: number }>;
  escalateAfter: Array<{ variant: number; days: number }>;
  leadCutoffs: LeadCutoff[];
  secretaryReports: SecretaryReport[];
  /** 004 §9, §12: training cycles and the reserves owed, per variant (policy people.*). */
  people: Array<{ variant: number; secretaryYears: number; workerYears: number; reservesMin: number }>;
}

/**
 * The two periods a reminder can be about, per kind: the current one while in its due-soon tail
 * (policy.reminders.dueSoonDays), and the one just ended (overdue until the next one ends). Older
 * misses are not reminded again: the latest one stands for them, which keeps the digest short.
 */
export function meetingWindows(variants: Variants, today: CalendarDate): MeetingWindow[] {
  const out: MeetingWindow[] = [];
  for (const v of variants.list) {
    const p = v.policy;
    for (const kind of MEETING_KINDS) {
      const cadence = p.meetings[kind];
      if (!cadence.enabled) continue;
      const cur = periodContaining(cadence.period, today);
      const curDue = dueOnFor(cadence, cur);
      const left = daysBetween(today, curDue);
      const base = { variant: v.idx, kind, required: cadence.count };
      // The same test as obligationsFor's judge: due-soon in the last N days before it is due (from
      // 1 October for 组织生活会, 条例 第十七条 / 004 §14 一般安排在第四季度; before the fixed day for a
      // 主题党日 with one, 条例 第十六条).
      if (left >= 0 && left < dueSoonDaysFor(cadence, p.reminders, cur)) {
        out.push({ ...base, periodKey: cur.key, start: cur.start, end: cur.end, dueOn: curDue, status: 'due_soon', days: left, escalate: false });
      }
      // Overdue: the current period once its fixed day has passed, else the one just ended.
      const late = left < 0 ? cur : previousPeriod(cur);
      const lateDue = late === cur ? curDue : dueOnFor(cadence, late);
      const overdue = daysBetween(lateDue, today);
      out.push({
        ...base,
        periodKey: late.key,
        start: late.start,
        end: late.end,
        dueOn: lateDue,
        status: 'overdue',
        days: overdue,
        escalate: overdue > p.reminders.escalateAfterOverdueDays,
      });
    }
  }
  return out;
}

/** The latest registration day whose deadline (n working days later) is already behind us. */
export function lateCutoff(today: CalendarDate, workingDays: number, onUncovered: OnUncovered): CalendarDate {
  // addWorkingDays grows with its start, so walk back from today until the deadline is past.
  let d = addDays(today, -1);
  while (epochDay(addWorkingDays(d, workingDays, onUncovered)) >= epochDay(today)) d = addDays(d, -1);
  return d;
}

/** Due dates of a duty in the months and years around `today`, ascending. */
export function dutyDueDates(duty: ReportDuty, today: CalendarDate): CalendarDate[] {
  const dates = new Set<CalendarDate>();
  for (let i = -2; i <= 1; i++) {
    const m = addMonths(dateOf(yearOf(today), monthOf(today), 1), i);
    for (const d of duty.monthDays) dates.add(dateOf(yearOf(m), monthOf(m), d));
  }
  for (let y = yearOf(today) - 1; y <= yearOf(today) + 1; y++) {
    for (const md of duty.yearDates) dates.add(dateOf(y, Number(md.slice(0, 2)), Number(md.slice(3, 5))));
  }
  return [...dates].sort((a, b) => epochDay(a) - epochDay(b));
}

function workingDayBetween(after: CalendarDate, upTo: CalendarDate, onUncovered: OnUncovered): boolean {
  for (let d = addDays(after, 1); epochDay(d) <= epochDay(upTo); d = addDays(d, 1)) if (isWorkingDay(d, onUncovered)) return true;
  return false;
}

/**
 * The due dates of a duty whose reminder is live today: a "报送 by X" deadline is reminded on the
 * working day on or before X (data.md §3: deadlines move back, never forward) and stays live until
 * X has passed, so a tick that missed the day catches up. periodStart is the day after the
 * previous due date: what the report covers.
 */
export function liveDuties(duty: ReportDuty, today: CalendarDate, onUncovered: OnUncovered): Array<{ dueOn: CalendarDate; periodStart: CalendarDate }> {
  if (!duty.enabled) return [];
  const all = dutyDueDates(duty, today);
  const out: Array<{ dueOn: CalendarDate; periodStart: CalendarDate }> = [];
  for (let i = 1; i < all.length; i++) {
    const due = all[i]!;
    if (epochDay(due) < epochDay(today)) continue;
    // workingDayOnOrBefore(due) <= today exactly when no working day lies in (today, due]; asked
    // this way the calendar is only consulted for the next few days, never for a far due date.
    if (workingDayBetween(today, due, onUncovered)) break;
    out.push({ dueOn: due, periodStart: addDays(all[i - 1]!, 1) });
  }
  return out;
}

export function buildPlanContext(variants: Variants, today: CalendarDate, week: string, onUncovered: OnUncovered): PlanContext {
  const termYears: PlanContext['termYears'] = [];
  const termLeads: PlanContext['termLeads'] = [];
  const escalateAfter: PlanContext['escalateAfter'] = [];
  const leadCutoffs: LeadCutoff[] = [];
  const secretaryReports: SecretaryReport[] = [];
  const people: PlanContext['people'] = [];
  for (const v of variants.list) {
    const p = v.policy;
    const pp = p.people;
    people.push({ variant: v.idx, secretaryYears: pp.secretaryTrainingEveryYears, workerYears: pp.workerTrainingEveryYears, reservesMin: pp.secretaryReservesMin });
    for (const type of PARTY_ORG_TYPES) termYears.push({ variant: v.idx, type, years: p.terms.years[type] });
    // Older ledger rows may still spell the functional branch 'functional'.
    termYears.push({ variant: v.idx, type: 'functional', years: p.terms.years.functional_branch });
    for (const months of new Set(p.terms.reminderLeadMonths)) termLeads.push({ variant: v.idx, months });
    escalateAfter.push({ variant: v.idx, days: p.reminders.escalateAfterOverdueDays });
    const mf = p.memberFinding;
    leadCutoffs.push({
      variant: v.idx,
      lateIfOnOrBefore: lateCutoff(today, mf.contactWithinWorkingDays, onUncovered),
      escalateIfOnOrBefore: lateCutoff(today, mf.contactWithinWorkingDays + mf.escalateAfterWorkingDays, onUncovered),
    });
    for (const [dutyId, duty] of Object.entries(p.reports)) {
      if (duty.who.level !== 'party_org') continue;
      for (const live of liveDuties(duty, today, onUncovered)) secretaryReports.push({ variant: v.idx, dutyId, what: duty.what, ...live });
    }
  }
  return { today, week, variants, meetingWindows: meetingWindows(variants, today), termYears, termLeads, escalateAfter, leadCutoffs, secretaryReports, people };
}
