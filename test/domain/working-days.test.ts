import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  addWorkingDays,
  calendarCovers,
  coveredCalendarYears,
  holidayName,
  isWorkingDay,
  nextWorkingDay,
  workingCalendar,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
  workingDaysBetween,
} from '../../src/domain/working-days.ts';

/** For covered years: any call to it is a failure of the test. */
const mustNotWarn = (year: number) => {
  throw new Error(`unexpected uncovered year ${year}`);
};

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('2026 holidays and 调休', () => {
  test.each([
    ['2026-01-01', false], // 元旦
    ['2026-01-04', true], // Sunday, 调休 working day
    ['2026-02-14', true], // Saturday, 调休 working day before 春节
    ['2026-02-16', false], // 春节
    ['2026-02-23', false], // Monday, still 春节 (in lieu)
    ['2026-02-24', true],
    ['2026-02-28', true], // Saturday, 调休
    ['2026-05-09', true], // Saturday, 调休
    ['2026-09-20', true], // Sunday, 调休
    ['2026-10-07', false], // Wednesday, 国庆 in lieu
    ['2026-10-08', true],
    ['2026-10-10', true], // Saturday, 调休
    ['2026-11-21', false], // ordinary Saturday
    ['2026-11-23', true], // ordinary Monday
  ])('%s working: %s', (date, expected) => {
    expect(isWorkingDay(date, mustNotWarn)).toBe(expected);
  });

  test('names the holiday', () => {
    expect(holidayName('2026-10-07')).toContain('国庆');
    expect(holidayName('2026-10-08')).toBeNull();
  });

  test('steps over the 国庆 and 春节 breaks', () => {
    expect(nextWorkingDay('2026-09-30', mustNotWarn)).toBe('2026-10-08');
    expect(workingDayOnOrAfter('2026-10-03', mustNotWarn)).toBe('2026-10-08');
    expect(workingDayOnOrAfter('2026-10-08', mustNotWarn)).toBe('2026-10-08');
    expect(workingDayOnOrBefore('2026-10-07', mustNotWarn)).toBe('2026-09-30');
    expect(addWorkingDays('2026-10-08', -1, mustNotWarn)).toBe('2026-09-30');
    expect(nextWorkingDay('2026-02-13', mustNotWarn)).toBe('2026-02-14'); // a Saturday that is worked
  });

  test('"contact within 3 working days" from Friday 2026-02-13 ends on 2026-02-25', () => {
    expect(addWorkingDays('2026-02-13', 3, mustNotWarn)).toBe('2026-02-25');
    expect(addWorkingDays('2026-11-20', 3, mustNotWarn)).toBe('2026-11-25'); // over an ordinary weekend
    expect(addWorkingDays('2026-11-21', 0, mustNotWarn)).toBe('2026-11-21');
    expect(() => addWorkingDays('2026-11-21', 1.5, mustNotWarn)).toThrow(RangeError);
  });

  test('workingDaysBetween counts (a, b] and inverts addWorkingDays', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-08', mustNotWarn)).toBe(1);
    expect(workingDaysBetween('2026-02-13', '2026-02-25', mustNotWarn)).toBe(3);
    expect(workingDaysBetween('2026-02-25', '2026-02-13', mustNotWarn)).toBe(-3);
    expect(workingDaysBetween('2026-11-23', '2026-11-23', mustNotWarn)).toBe(0);
    for (const [from, n] of [['2026-02-10', 7], ['2026-09-25', 5], ['2026-04-30', 4]] as const) {
      expect(workingDaysBetween(from, addWorkingDays(from, n, mustNotWarn), mustNotWarn)).toBe(n);
    }
  });

  test('is right whatever the machine time zone (chinese-days itself is not, west of UTC)', () => {
    for (const tz of ['America/New_York', 'UTC', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      // proves the switch took effect, so the assertions below are not vacuous
      if (tz === 'America/New_York') expect(new Date('2026-10-07T00:00:00Z').getDate()).toBe(6);
      expect(isWorkingDay('2026-10-07', mustNotWarn), tz).toBe(false);
      expect(isWorkingDay('2026-10-10', mustNotWarn), tz).toBe(true);
      expect(nextWorkingDay('2026-09-30', mustNotWarn), tz).toBe('2026-10-08');
    }
  });
});

describe('years the data does not cover', () => {
  test('2026 is covered, 2027 is not (chinese-days 1.5.7)', () => {
    expect(calendarCovers(2026)).toBe(true);
    expect(calendarCovers(2004)).toBe(true);
    expect(calendarCovers(2027)).toBe(false);
    expect(calendarCovers(2003)).toBe(false);
    expect(coveredCalendarYears()[0]).toBe(2004);
    expect(coveredCalendarYears()).toContain(2026);
  });

  test('falls back to Monday–Friday and reports the year', () => {
    const onUncovered = vi.fn();
    expect(isWorkingDay('2027-01-01', onUncovered)).toBe(true); // a Friday: surely a holiday, but unknown
    expect(isWorkingDay('2027-01-02', onUncovered)).toBe(false); // Saturday
    expect(onUncovered).toHaveBeenCalledTimes(2);
    expect(onUncovered).toHaveBeenCalledWith(2027);
  });

  test('reports each uncovered year once per call, across a year boundary', () => {
    const onUncovered = vi.fn();
    expect(addWorkingDays('2026-12-30', 5, onUncovered)).toBe('2027-01-06');
    expect(onUncovered.mock.calls).toEqual([[2027]]);
  });

  test('covered days are answered without a report', () => {
    const onUncovered = vi.fn();
    expect(addWorkingDays('2026-12-28', 3, onUncovered)).toBe('2026-12-31');
    expect(onUncovered).not.toHaveBeenCalled();
  });

  test('a bound calendar passes its callback to every function', () => {
    const years: number[] = [];
    const cal = workingCalendar((y) => years.push(y));
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.nextWorkingDay('2027-01-08')).toBe('2027-01-11');
    expect(cal.workingDayOnOrBefore('2027-01-09')).toBe('2027-01-08');
    expect(cal.workingDayOnOrAfter('2027-01-09')).toBe('2027-01-11');
    expect(cal.addWorkingDays('2027-01-08', 1)).toBe('2027-01-11');
    expect(cal.workingDaysBetween('2027-01-08', '2027-01-11')).toBe(1);
    expect(years).toEqual([2027, 2027, 2027, 2027, 2027]);
  });
});
