/**
 * Periods a cadence is counted in: a month, quarter, half year or year of the Shanghai calendar.
 * A period is a closed range of calendar dates [start, end] with a stable key for storage and
 * lookups ('2026-11', '2026-Q4', '2026-H2', '2026').
 */
import type { PeriodKind } from './policy/policy-schema.ts';
import {
  addDays,
  endOfHalfYear,
  endOfMonth,
  endOfQuarter,
  endOfYear,
  epochDay,
  halfOf,
  monthOf,
  quarterOf,
  startOfHalfYear,
  startOfMonth,
  startOfQuarter,
  startOfYear,
  yearOf,
  type CalendarDate,
} from './shanghai-date.ts';

export type { PeriodKind } from './policy/policy-schema.ts';

export interface Period {
  kind: PeriodKind;
  key: string;
  start: CalendarDate;
  end: CalendarDate;
}

const BOUNDS: Record<PeriodKind, [(d: CalendarDate) => CalendarDate, (d: CalendarDate) => CalendarDate]> = {
  month: [startOfMonth, endOfMonth],
  quarter: [startOfQuarter, endOfQuarter],
  half_year: [startOfHalfYear, endOfHalfYear],
  year: [startOfYear, endOfYear],
};

function keyOf(kind: PeriodKind, date: CalendarDate): string {
  const y = yearOf(date);
  switch (kind) {
    case 'month':
      return date.slice(0, 7);
    case 'quarter':
      return `${y}-Q${quarterOf(date)}`;
    case 'half_year':
      return `${y}-H${halfOf(date)}`;
    case 'year':
      return String(y);
  }
}

/** The period of the given kind that contains `date`. */
export function periodContaining(kind: PeriodKind, date: CalendarDate): Period {
  const [start, end] = BOUNDS[kind];
  return { kind, key: keyOf(kind, date), start: start(date), end: end(date) };
}

export function previousPeriod(p: Period): Period {
  return periodContaining(p.kind, addDays(p.start, -1));
}

export function nextPeriod(p: Period): Period {
  return periodContaining(p.kind, addDays(p.end, 1));
}

/** True when `date` falls inside the period (both ends included). */
export function periodIncludes(p: Period, date: CalendarDate): boolean {
  const d = epochDay(date);
  return d >= epochDay(p.start) && d <= epochDay(p.end);
}

/** Every period of a kind that overlaps [from, to], oldest first. Empty when `to` is before `from`. */
export function periodsOverlapping(kind: PeriodKind, from: CalendarDate, to: CalendarDate): Period[] {
  const out: Period[] = [];
  if (epochDay(to) < epochDay(from)) return out;
  for (let p = periodContaining(kind, from); epochDay(p.start) <= epochDay(to); p = nextPeriod(p)) out.push(p);
  return out;
}

/** The period a key names ('2026-11', '2026-Q4', '2026-H2', '2026'), or null if it names none. */
export function periodFromKey(key: string): Period | null {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key))) return periodContaining('month', `${m[1]}-${m[2]}-01`);
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) {
    const month = String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0');
    return periodContaining('quarter', `${m[1]}-${month}-01`);
  }
  if ((m = /^(\d{4})-H([12])$/.exec(key))) return periodContaining('half_year', `${m[1]}-${m[2] === '1' ? '01' : '07'}-01`);
  if ((m = /^(\d{4})$/.exec(key))) return periodContaining('year', `${m[1]}-01-01`);
  return null;
}

/** How the UI names a period: 2026年11月, 2026年第4季度, 2026年下半年, 2026年. */
export function periodLabel(p: Period): string {
  const y = yearOf(p.start);
  switch (p.kind) {
    case 'month':
      return `${y}年${monthOf(p.start)}月`;
    case 'quarter':
      return `${y}年第${quarterOf(p.start)}季度`;
    case 'half_year':
      return `${y}年${halfOf(p.start) === 1 ? '上' : '下'}半年`;
    case 'year':
      return `${y}年`;
  }
}
