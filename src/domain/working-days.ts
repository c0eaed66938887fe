/**
 * Working days in mainland China: weekends, public holidays and 调休 (weekend days worked in
 * exchange for a longer holiday, e.g. Saturday 2026-02-14).
 *
 * The data is chinese-days' own JSON (State Council notices, 2004 onwards). We read the JSON
 * instead of calling the package's functions because those parse and step dates in the host's
 * local time: on a machine west of UTC they report 2026-10-07 as a working day and put the first
 * working day after 2026-09-30 on 2026-10-07 (checked on 1.5.7 under TZ=America/New_York).
 *
 * A year the data does not cover (2027 until the notice is published, usually in Oct–Nov, and
 * the package is bumped) is answered with plain Monday–Friday, and every such answer is reported
 * through the caller's `onUncovered(year)` so it can log a warning. The callback is required:
 * a silent weekday guess would schedule reminders on 国庆 without anyone noticing.
 */
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addDays, epochDay, isoWeekday, yearOf, type CalendarDate } from './shanghai-date.ts';

/** Told about every year answered without holiday data; expected to log a warning. */
export type OnUncovered = (year: number) => void;

const holidays: Readonly<Record<string, string>> = calendar.holidays;
const workdays: Readonly<Record<string, string>> = calendar.workdays;

const coveredYears: ReadonlySet<number> = new Set(Object.keys(holidays).map((d) => Number(d.slice(0, 4))));

/** True when the holiday data has the State Council schedule for this year. */
export function calendarCovers(year: number): boolean {
  return coveredYears.has(year);
}

/** The years the holiday data covers, ascending (for a health check or a startup warning). */
export function coveredCalendarYears(): number[] {
  return [...coveredYears].sort((a, b) => a - b);
}

// Each exported function reports an uncovered year once per call, however many days it steps
// through, so a loop across 2027 does not flood the log.
function reporter(onUncovered: OnUncovered): (year: number) => void {
  const told = new Set<number>();
  return (year) => {
    if (told.has(year)) return;
    told.add(year);
    onUncovered(year);
  };
}

function working(date: CalendarDate, report: (year: number) => void): boolean {
  const year = yearOf(date);
  const weekday = isoWeekday(date) <= 5;
  if (!calendarCovers(year)) {
    report(year);
    return weekday;
  }
  if (workdays[date]) return true;
  return weekday && !holidays[date];
}

export function isWorkingDay(date: CalendarDate, onUncovered: OnUncovered): boolean {
  return working(date, reporter(onUncovered));
}

/** The holiday's name when the day is a public holiday (e.g. "National Day,国庆节,3"), else null. */
export function holidayName(date: CalendarDate): string | null {
  epochDay(date); // validates the date
  return holidays[date] ?? null;
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: CalendarDate, onUncovered: OnUncovered): CalendarDate {
  return addWorkingDays(date, 1, onUncovered);
}

/** `date` itself when it is a working day, else the next one: where a routine reminder moves. */
export function workingDayOnOrAfter(date: CalendarDate, onUncovered: OnUncovered): CalendarDate {
  const report = reporter(onUncovered);
  let d = date;
  while (!working(d, report)) d = addDays(d, 1);
  return d;
}

/** `date` itself when it is a working day, else the previous one: where a "报送 by X" deadline moves. */
export function workingDayOnOrBefore(date: CalendarDate, onUncovered: OnUncovered): CalendarDate {
  const report = reporter(onUncovered);
  let d = date;
  while (!working(d, report)) d = addDays(d, -1);
  return d;
}

/**
 * The n-th working day after `date` (before it when n < 0), not counting `date` itself:
 * a lead registered on Friday 2026-02-13 with "contact within 3 working days" is due on
 * 2026-02-25 (Saturday 02-14 is a 调休 working day, 02-15…02-23 is the Spring Festival break).
 * n = 0 gives `date` unchanged.
 */
export function addWorkingDays(date: CalendarDate, n: number, onUncovered: OnUncovered): CalendarDate {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
  const report = reporter(onUncovered);
  const step = n < 0 ? -1 : 1;
  let d = date;
  for (let left = Math.abs(n); left > 0; ) {
    d = addDays(d, step);
    if (working(d, report)) left--;
  }
  epochDay(d); // validates `date` when n = 0
  return d;
}

/**
 * Working days in (a, b]: after `a`, up to and including `b`; negative when `b` is before `a`.
 * The inverse of addWorkingDays: workingDaysBetween(a, addWorkingDays(a, n)) === n.
 */
export function workingDaysBetween(a: CalendarDate, b: CalendarDate, onUncovered: OnUncovered): number {
  const report = reporter(onUncovered);
  const [from, to, sign] = epochDay(a) <= epochDay(b) ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let d = addDays(from, 1); epochDay(d) <= epochDay(to); d = addDays(d, 1)) {
    if (working(d, report)) count++;
  }
  return sign * count;
}

/** The functions above with the callback bound once, for a caller that holds a logger. */
export interface WorkingCalendar {
  isWorkingDay(date: CalendarDate): boolean;
  nextWorkingDay(date: CalendarDate): CalendarDate;
  workingDayOnOrAfter(date: CalendarDate): CalendarDate;
  workingDayOnOrBefore(date: CalendarDate): CalendarDate;
  addWorkingDays(date: CalendarDate, n: number): CalendarDate;
  workingDaysBetween(a: CalendarDate, b: CalendarDate): number;
}

export function workingCalendar(onUncovered: OnUncovered): WorkingCalendar {
  return {
    isWorkingDay: (date) => isWorkingDay(date, onUncovered),
    nextWorkingDay: (date) => nextWorkingDay(date, onUncovered),
    workingDayOnOrAfter: (date) => workingDayOnOrAfter(date, onUncovered),
    workingDayOnOrBefore: (date) => workingDayOnOrBefore(date, onUncovered),
    addWorkingDays: (date, n) => addWorkingDays(date, n, onUncovered),
    workingDaysBetween: (a, b) => workingDaysBetween(a, b, onUncovered),
  };
}
