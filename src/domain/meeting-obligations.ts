/**
 * What a party org owes in meetings (三会一课 and the other kinds), period by period, and how it
 * stands. One function serves the confirmation card after a meeting is logged, the reminders
 * planner and the officers' views, so all three always agree.
 *
 * Rules (domain.md "Meeting cadences"):
 * - A period is judged when it has ended: a quarter's 党员大会 is `overdue` from the first day of
 *   the next quarter, never before. While it runs it is `due`, and `due_soon` in its last N days
 *   (policy.reminders.dueSoonDays by period kind: 3 for monthly kinds, 10 otherwise).
 * - `done` as soon as the meetings held reach the count owed, even before the period ends.
 * - A party org founded after a period began owes nothing for it (`not_owed`, whatever was held);
 *   one founded on a period's first day owes it in full. Periods that ended before the founding
 *   are left out altogether, and so is everything before the founding day has come.
 * - A monthly kind with a fixed day (policy meetings.theme_day.fixedDay) is due on that day, not
 *   the month's end: due-soon in the N days before it and overdue from the day after. A meeting
 *   held later in the month still makes it done.
 * - A 党员大会 or 党课 marked `alsoThemeDay` (held as the 主题党日) counts for theme_day too.
 * - 党小组会 is owed by each party group separately; an org without groups owes none.
 * - Meetings dated after `today` have not happened yet and count for nothing.
 */
import { MEETING_KINDS, type MeetingCadence, type MeetingKind, type Policy } from './policy/policy-schema.ts';
import { periodIncludes, periodsOverlapping, type Period } from './periods.ts';
import {
  addDays,
  dateOf,
  daysBetween,
  epochDay,
  minDate,
  monthOf,
  startOfQuarter,
  startOfYear,
  yearOf,
  type CalendarDate,
} from './shanghai-date.ts';

export interface MeetingRecord {
  kind: MeetingKind;
  heldOn: CalendarDate;
  /** The party group, for kind 'group'. */
  groupId?: string | null;
  /** A 党员大会 or 党课 held as the month's 主题党日. */
  alsoThemeDay?: boolean;
}

export type ObligationStatus = 'done' | 'due' | 'due_soon' | 'overdue' | 'not_owed';

export interface Obligation {
  kind: MeetingKind;
  /** Set for kind 'group' only. */
  groupId?: string;
  period: Period;
  /** The day the meetings are due: the period's last day, or a monthly kind's fixed day ({@link dueOnFor}). */
  dueOn: CalendarDate;
  required: number;
  held: number;
  /** Dates of the meetings counted, oldest first. */
  heldOn: CalendarDate[];
  status: ObligationStatus;
  /** Days from dueOn to today, when overdue (1 on the first day of the next period). */
  overdueDays?: number;
  /** Days from today to dueOn (0 on the last day), while due or due_soon. */
  daysLeft?: number;
}

export interface ObligationsInput {
  partyOrg: { foundedOn: CalendarDate; groups: readonly string[] };
  policy: Pick<Policy, 'meetings' | 'reminders'>;
  meetings: readonly MeetingRecord[];
  today: CalendarDate;
  /** Only these kinds (default: every kind the policy enables). */
  kinds?: readonly MeetingKind[];
  /** Report periods that overlap [since, today] (default: {@link defaultWindowStart}). */
  since?: CalendarDate;
}

/**
 * The start of the default look-back: this year, and the previous quarter too (so in January the
 * last quarter of the year before is still shown, with last year's yearly kinds).
 */
export function defaultWindowStart(today: CalendarDate): CalendarDate {
  return minDate(startOfYear(today), startOfQuarter(addDays(startOfQuarter(today), -1)));
}

function countsFor(kind: MeetingKind, m: MeetingRecord): boolean {
  if (m.kind === kind) return true;
  return kind === 'theme_day' && m.alsoThemeDay === true && (m.kind === 'general_assembly' || m.kind === 'lecture');
}

/** A group meeting without a group belongs to the only group when there is exactly one. */
function groupOf(m: MeetingRecord, groups: readonly string[]): string | undefined {
  if (m.groupId) return m.groupId;
  return groups.length === 1 ? groups[0] : undefined;
}

export function obligationsFor(input: ObligationsInput): Obligation[] {
  const { partyOrg, policy, today } = input;
  const since = input.since ?? defaultWindowStart(today);
  const founded = epochDay(partyOrg.foundedOn);
  const now = epochDay(today);
  if (founded > now) return []; // recorded ahead of its founding: nothing exists yet to owe anything
  const past = input.meetings
    .filter((m) => epochDay(m.heldOn) <= now)
    .sort((a, b) => epochDay(a.heldOn) - epochDay(b.heldOn));
  const kinds = MEETING_KINDS.filter((k) => (input.kinds ? input.kinds.includes(k) : true));

  const out: Obligation[] = [];
  for (const kind of kinds) {
    const cadence = policy.meetings[kind];
    if (!cadence.enabled) continue;
    const periods = periodsOverlapping(cadence.period, since, today).filter((p) => epochDay(p.end) >= founded);
    const relevant = past.filter((m) => countsFor(kind, m));
    const lanes: Array<{ groupId?: string; meetings: MeetingRecord[] }> =
      kind === 'group'
        ? partyOrg.groups.map((g) => ({ groupId: g, meetings: relevant.filter((m) => groupOf(m, partyOrg.groups) === g) }))
        : [{ meetings: relevant }];
    const soon = (period: Period) => dueSoonDaysFor(cadence, policy.reminders, period);
    for (const lane of lanes) {
      for (const period of periods) {
        const heldOn = lane.meetings.filter((m) => periodIncludes(period, m.heldOn)).map((m) => m.heldOn);
        const dueOn = dueOnFor(cadence, period);
        const status = judge(period, dueOn, heldOn.length, cadence.count, founded, today, soon(period));
        out.push({
          kind,
          ...(lane.groupId !== undefined ? { groupId: lane.groupId } : {}),
          period,
          dueOn,
          required: cadence.count,
          held: heldOn.length,
          heldOn,
          ...status,
        });
      }
    }
  }
  return out;
}

/**
 * How many days before its end a period is due-soon: policy.reminders.dueSoonDays by period kind,
 * or, for a yearly kind usually held in one quarter (组织生活会 in Q4: 条例 第十七条, 004 §14),
 * from that quarter's first day. The reminders planner asks the same function.
 */
export function dueSoonDaysFor(cadence: MeetingCadence, reminders: Pick<Policy['reminders'], 'dueSoonDays'>, period: Period): number {
  const tail = reminders.dueSoonDays[cadence.period];
  if (cadence.period !== 'year' || cadence.usualQuarter === undefined) return tail;
  const quarterStart = dateOf(yearOf(period.start), (cadence.usualQuarter - 1) * 3 + 1, 1);
  return Math.max(tail, daysBetween(quarterStart, period.end) + 1);
}

/**
 * The day a period's meetings are due: its last day, or for a monthly kind with a fixed day
 * (主题党日 每月相对固定1天, 条例 第十六条) that day of the month, clamped to the month's length.
 */
export function dueOnFor(cadence: MeetingCadence, period: Period): CalendarDate {
  if (cadence.period !== 'month' || !cadence.fixedDay) return period.end;
  return dateOf(yearOf(period.start), monthOf(period.start), cadence.fixedDay);
}

function judge(
  period: Period,
  dueOn: CalendarDate,
  held: number,
  required: number,
  foundedDay: number,
  today: CalendarDate,
  dueSoonDays: number,
): Pick<Obligation, 'status' | 'overdueDays' | 'daysLeft'> {
  if (foundedDay > epochDay(period.start)) return { status: 'not_owed' };
  if (held >= required) return { status: 'done' };
  const left = daysBetween(today, dueOn);
  if (left < 0) return { status: 'overdue', overdueDays: -left };
  // "In its last N days": with N = 3 a 30-day month is due-soon on the 28th, 29th and 30th.
  return { status: left < dueSoonDays ? 'due_soon' : 'due', daysLeft: left };
}
