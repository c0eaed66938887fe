/**
 * How an instructor stands with the on-site visits owed to one assigned org (I4: 1 a month by
 * default, 2 in 历城). Everything here is computed from the visit dates; nothing is stored, so a
 * visit logged late or a changed policy is reflected at once.
 *
 * The rule. Each month is split into `n` slots of near-equal length (n = visits per month): with 2
 * a 30-day month has 1–15 and 16–30, a 31-day month 1–15 and 16–31, February 1–14 and 15–28/29.
 * By the end of the k-th slot of a month at least k visits must have been made that month. Counting
 * is cumulative, so two visits early in the month satisfy both slots: the point is how often
 * someone turns up, not a check-in on fixed days.
 *
 * - A slot that had already begun when the org was assigned is not owed (the same grace as a
 *   party org founded mid-period), so an org assigned on 20 November with 1 a month is first due
 *   on 31 December.
 * - `nextDueOn` is the first slot end, on or after the last visit (or the assignment when there is
 *   none), whose requirement is not met. A visit forgives earlier misses: the clock restarts from
 *   it. So with 1 a month: the end of this month if not yet visited this month, else the end of
 *   next month, unless last month was missed, in which case it is last month's end and overdue.
 * - Visits before the assignment (another instructor's) or after today are not counted.
 */
import {
  addMonths,
  dateOf,
  daysBetween,
  daysInMonth,
  epochDay,
  monthOf,
  startOfMonth,
  yearOf,
  type CalendarDate,
} from './shanghai-date.ts';

export interface VisitSlot {
  start: CalendarDate;
  end: CalendarDate;
}

/** The `perMonth` slots of the month containing `date`. */
export function visitSlots(date: CalendarDate, perMonth: number): VisitSlot[] {
  if (!Number.isInteger(perMonth) || perMonth < 1) throw new RangeError(`visits per month must be ≥ 1: ${perMonth}`);
  const y = yearOf(date);
  const m = monthOf(date);
  const days = daysInMonth(y, m);
  const slots: VisitSlot[] = [];
  for (let k = 1, from = 1; k <= perMonth; k++) {
    const to = Math.floor((k * days) / perMonth);
    slots.push({ start: dateOf(y, m, from), end: dateOf(y, m, to) });
    from = to + 1;
  }
  return slots;
}

export interface VisitCadenceInput {
  /** policy.instructors.visitsPerMonth */
  visitsPerMonth: number;
  /** Dates of on-site visits to this org (any order, duplicates allowed). */
  visits: readonly CalendarDate[];
  assignedOn: CalendarDate;
  today: CalendarDate;
}

export interface VisitCadence {
  /** Visits owed in today's month (fewer than visitsPerMonth in the month of assignment). */
  requiredThisMonth: number;
  doneThisMonth: number;
  lastVisitOn: CalendarDate | null;
  nextDueOn: CalendarDate;
  /** Days from today to nextDueOn: negative when overdue. */
  daysUntilDue: number;
  /** Days past nextDueOn, 0 when not overdue. */
  overdueDays: number;
  /** Sort ascending for "most overdue first, then soonest due". */
  sortKey: number;
}

function owedSlots(month: CalendarDate, perMonth: number, assignedOn: CalendarDate): VisitSlot[] {
  return visitSlots(month, perMonth).filter((s) => epochDay(s.start) >= epochDay(assignedOn));
}

export function visitCadence(input: VisitCadenceInput): VisitCadence {
  const { visitsPerMonth: n, assignedOn, today } = input;
  const from = epochDay(assignedOn);
  const to = epochDay(today);
  const counted = input.visits
    .filter((v) => epochDay(v) >= from && epochDay(v) <= to)
    .sort((a, b) => epochDay(a) - epochDay(b));
  const lastVisitOn = counted.length > 0 ? counted[counted.length - 1] : null;
  const inMonthBy = (month: CalendarDate, until: CalendarDate) =>
    counted.filter((v) => startOfMonth(v) === month && epochDay(v) <= epochDay(until)).length;

  const anchor = lastVisitOn ?? assignedOn;
  let nextDueOn: CalendarDate | null = null;
  // Ends at the latest in the month after the anchor's, which has no visits (or, when the anchor
  // is a future assignment, the month after that): two months always suffice, three is margin.
  for (let i = 0; i < 3 && nextDueOn === null; i++) {
    const month = addMonths(startOfMonth(anchor), i);
    const owed = owedSlots(month, n, assignedOn);
    for (let k = 0; k < owed.length; k++) {
      if (epochDay(owed[k].end) < epochDay(anchor)) continue;
      if (inMonthBy(month, owed[k].end) < k + 1) {
        nextDueOn = owed[k].end;
        break;
      }
    }
  }
  if (nextDueOn === null) throw new Error('visit cadence: no due date found'); // unreachable by the argument above

  const thisMonth = startOfMonth(today);
  const daysUntilDue = daysBetween(today, nextDueOn);
  return {
    requiredThisMonth: owedSlots(thisMonth, n, assignedOn).length,
    doneThisMonth: counted.filter((v) => startOfMonth(v) === thisMonth).length,
    lastVisitOn,
    nextDueOn,
    daysUntilDue,
    overdueDays: Math.max(0, -daysUntilDue),
    sortKey: daysUntilDue,
  };
}
