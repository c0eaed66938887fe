/**
 * 换届: when a party org's term ends and how close that is. Terms are 5 years for a 党委 and 3 for
 * a 党总支 or 党支部 (policy.terms.years); reminders go out policy.terms.reminderLeadMonths ahead
 * (3 and 1 months by default).
 *
 * `endsOn` is the anniversary of the election that began the term (2023-06-15 + 3 years =
 * 2026-06-15): the day by which the next election is due, i.e. the "届满" date people quote. The
 * term is overdue from the day after. With the superior's approval an election may be held up to
 * policy.terms.maxShiftMonths later (or earlier); pass the approved date as `approvedEndsOn`.
 */
import type { PartyOrgType, Policy } from './policy/policy-schema.ts';
import { addMonths, addYears, daysBetween, epochDay, type CalendarDate } from './shanghai-date.ts';

/** 'due_in_3_months' and 'due_in_1_month' with the default lead months. */
export type TermStatusName = 'ok' | 'overdue' | `due_in_${number}_month` | `due_in_${number}_months`;

export interface TermStatus {
  /** The date the term ends, after any approved shift. */
  endsOn: CalendarDate;
  status: TermStatusName;
  /** The lead (in months) whose window today is in, smallest first; null when ok or overdue. */
  leadMonths: number | null;
  /** When each reminder falls due, furthest ahead first. */
  remindOn: CalendarDate[];
  /** Days from today to endsOn; negative when overdue. */
  daysLeft: number;
}

export function termYears(type: PartyOrgType, policy: Pick<Policy, 'terms'>): number {
  return policy.terms.years[type];
}

/** The regular end of a term that began on `startedOn`. */
export function termEndsOn(type: PartyOrgType, startedOn: CalendarDate, policy: Pick<Policy, 'terms'>): CalendarDate {
  return addYears(startedOn, termYears(type, policy));
}

/** The range an approved early or late election may move the end to. */
export function allowedTermShift(endsOn: CalendarDate, policy: Pick<Policy, 'terms'>): { earliest: CalendarDate; latest: CalendarDate } {
  const m = policy.terms.maxShiftMonths;
  return { earliest: addMonths(endsOn, -m), latest: addMonths(endsOn, m) };
}

export interface TermStatusInput {
  type: PartyOrgType;
  startedOn: CalendarDate;
  policy: Pick<Policy, 'terms'>;
  today: CalendarDate;
  /** An end date the superior approved, within {@link allowedTermShift} of the regular one. */
  approvedEndsOn?: CalendarDate | null;
}

export function termStatus(input: TermStatusInput): TermStatus {
  const { policy, today } = input;
  const regular = termEndsOn(input.type, input.startedOn, policy);
  let endsOn = regular;
  if (input.approvedEndsOn) {
    const { earliest, latest } = allowedTermShift(regular, policy);
    const d = epochDay(input.approvedEndsOn);
    if (d < epochDay(earliest) || d > epochDay(latest)) {
      // A shift beyond the limit is not something a reminder can paper over; the entry form checks it.
      throw new RangeError(`approved term end ${input.approvedEndsOn} is outside ${earliest}…${latest}`);
    }
    endsOn = input.approvedEndsOn;
  }

  const leads = [...new Set(policy.terms.reminderLeadMonths)].sort((a, b) => b - a);
  const remindOn = leads.map((m) => addMonths(endsOn, -m));
  const daysLeft = daysBetween(today, endsOn);
  if (daysLeft < 0) return { endsOn, status: 'overdue', leadMonths: null, remindOn, daysLeft };

  // The narrowest window today is in: with [3, 1], two weeks before the end is "due in 1 month".
  let leadMonths: number | null = null;
  for (let i = 0; i < leads.length; i++) {
    if (epochDay(today) >= epochDay(remindOn[i])) leadMonths = leads[i];
  }
  if (leadMonths === null) return { endsOn, status: 'ok', leadMonths: null, remindOn, daysLeft };
  const status: TermStatusName = leadMonths === 1 ? 'due_in_1_month' : `due_in_${leadMonths}_months`;
  return { endsOn, status, leadMonths, remindOn, daysLeft };
}
