import { afterEach, describe, expect, test } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  dateOf,
  dayOfMonth,
  daysBetween,
  daysInMonth,
  endOfHalfYear,
  endOfMonth,
  endOfQuarter,
  endOfYear,
  epochDay,
  fromEpochDay,
  halfOf,
  isCalendarDate,
  isoWeekday,
  isTimeOfDay,
  maxDate,
  minDate,
  monthOf,
  parseFeishuDate,
  parseFeishuDateAndTime,
  parseFeishuDateTime,
  parseFeishuTime,
  quarterOf,
  shanghaiDate,
  shanghaiInstant,
  shanghaiTime,
  startOfHalfYear,
  startOfMonth,
  startOfQuarter,
  startOfShanghaiDay,
  startOfYear,
  yearOf,
} from '../../src/domain/shanghai-date.ts';

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('instants to Shanghai dates and times', () => {
  test('16:00 UTC is midnight of the next Shanghai day', () => {
    expect(shanghaiDate(new Date('2026-10-07T15:59:59.999Z'))).toBe('2026-10-07');
    expect(shanghaiDate(new Date('2026-10-07T16:00:00Z'))).toBe('2026-10-08');
    expect(shanghaiTime(new Date('2026-10-07T16:30:00Z'))).toBe('00:30');
    expect(shanghaiTime(new Date('2026-11-22T01:00:59Z'))).toBe('09:00');
  });

  test('the answer does not depend on the machine time zone', () => {
    const instant = new Date('2026-12-31T16:30:00Z'); // 2027-01-01 00:30 in Shanghai
    for (const tz of ['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Asia/Shanghai']) {
      process.env.TZ = tz;
      // proves the switch took effect, so the assertions below are not vacuous
      if (tz === 'America/New_York') expect(new Date('2026-10-07T00:00:00Z').getDate()).toBe(6);
      expect(shanghaiDate(instant), tz).toBe('2027-01-01');
      expect(shanghaiTime(instant), tz).toBe('00:30');
      expect(startOfShanghaiDay('2026-03-08').toISOString(), tz).toBe('2026-03-07T16:00:00.000Z');
    }
  });

  test('startOfShanghaiDay and shanghaiInstant invert shanghaiDate/Time', () => {
    expect(startOfShanghaiDay('2026-11-22').toISOString()).toBe('2026-11-21T16:00:00.000Z');
    const digest = shanghaiInstant('2026-11-22', '09:00');
    expect(digest.toISOString()).toBe('2026-11-22T01:00:00.000Z');
    expect(shanghaiDate(digest)).toBe('2026-11-22');
    expect(shanghaiTime(digest)).toBe('09:00');
    expect(() => shanghaiInstant('2026-11-22', '24:00')).toThrow(RangeError);
  });

  test('an invalid Date is refused, not turned into "NaN-aN"', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
    expect(() => shanghaiTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('calendar arithmetic', () => {
  test('validates dates strictly', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-1')).toBe(false);
    expect(isCalendarDate('2026-11-22T00:00')).toBe(false);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(isTimeOfDay('08:30')).toBe(true);
    expect(isTimeOfDay('8:30')).toBe(false);
    expect(isTimeOfDay('23:60')).toBe(false);
  });

  test('addDays and daysBetween cross months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-01-03')).toBe(2);
    expect(daysBetween('2026-01-03', '2026-01-01')).toBe(-2);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(fromEpochDay(epochDay('2026-11-22'))).toBe('2026-11-22');
    expect(epochDay('1970-01-02')).toBe(1);
  });

  test('ISO weekdays', () => {
    expect(isoWeekday('2026-11-22')).toBe(7); // Sunday
    expect(isoWeekday('2026-11-23')).toBe(1); // Monday
    expect(isoWeekday('2026-02-14')).toBe(6); // Saturday
    expect(isoWeekday('1969-12-31')).toBe(3); // before the epoch too
  });

  test('addMonths clamps to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-06-15', -3)).toBe('2026-03-15');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2023-06-15', 3)).toBe('2026-06-15');
  });

  test('month, quarter, half and year boundaries', () => {
    expect([yearOf('2026-08-09'), monthOf('2026-08-09'), dayOfMonth('2026-08-09')]).toEqual([2026, 8, 9]);
    expect(quarterOf('2026-03-31')).toBe(1);
    expect(quarterOf('2026-04-01')).toBe(2);
    expect(quarterOf('2026-12-31')).toBe(4);
    expect(halfOf('2026-06-30')).toBe(1);
    expect(halfOf('2026-07-01')).toBe(2);
    expect(startOfMonth('2026-02-17')).toBe('2026-02-01');
    expect(endOfMonth('2026-02-17')).toBe('2026-02-28');
    expect(endOfMonth('2028-02-01')).toBe('2028-02-29');
    expect(startOfQuarter('2026-05-20')).toBe('2026-04-01');
    expect(endOfQuarter('2026-05-20')).toBe('2026-06-30');
    expect(endOfQuarter('2026-11-22')).toBe('2026-12-31');
    expect(startOfHalfYear('2026-09-01')).toBe('2026-07-01');
    expect(endOfHalfYear('2026-03-01')).toBe('2026-06-30');
    expect(startOfYear('2026-09-01')).toBe('2026-01-01');
    expect(endOfYear('2026-09-01')).toBe('2026-12-31');
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(dateOf(2026, 2, 31)).toBe('2026-02-28');
    expect(minDate('2026-01-02', '2025-12-31')).toBe('2025-12-31');
    expect(maxDate('2026-01-02', '2025-12-31')).toBe('2026-01-02');
  });
});

describe('Feishu picker values', () => {
  test('a date picker value keeps the day the user picked, whatever their offset', () => {
    expect(parseFeishuDate('2026-11-20 +0800')).toBe('2026-11-20');
    expect(parseFeishuDate('2026-11-20 +0900')).toBe('2026-11-20');
    expect(parseFeishuDate('2026-11-20 -0500')).toBe('2026-11-20');
    expect(parseFeishuDate('2026-11-20')).toBe('2026-11-20');
    expect(parseFeishuDate(' 2026-11-20  +08:00 ')).toBe('2026-11-20');
  });

  test('malformed date values are refused', () => {
    expect(parseFeishuDate('2026-02-30 +0800')).toBeNull();
    expect(parseFeishuDate('2026-11-20 +2500')).toBeNull();
    expect(parseFeishuDate('2026-11-20 Beijing')).toBeNull();
    expect(parseFeishuDate('11/20/2026')).toBeNull();
    expect(parseFeishuDate('')).toBeNull();
  });

  test('a time picker value is converted to Shanghai time', () => {
    expect(parseFeishuTime('09:30 +0800')).toBe('09:30');
    expect(parseFeishuTime('09:30 +0900')).toBe('08:30');
    expect(parseFeishuTime('21:00 -0500')).toBe('10:00');
    expect(parseFeishuTime('00:30 +0900')).toBe('23:30'); // wraps: no date to carry
    expect(parseFeishuTime('05:05')).toBe('05:05');
    expect(parseFeishuTime('9:30 +0800')).toBeNull();
    expect(parseFeishuTime('09:30 0800')).toBeNull();
  });

  test('a datetime picker value becomes a Shanghai date, time and instant', () => {
    const v = parseFeishuDateTime('2026-11-20 09:30 +0800');
    expect(v).toMatchObject({ date: '2026-11-20', time: '09:30' });
    expect(v?.instant.toISOString()).toBe('2026-11-20T01:30:00.000Z');
    expect(parseFeishuDateTime('2026-11-20 00:30 +0900')).toMatchObject({ date: '2026-11-19', time: '23:30' });
    expect(parseFeishuDateTime('2026-12-31 12:00 -0500')).toMatchObject({ date: '2027-01-01', time: '01:00' });
    expect(parseFeishuDateTime('2026-11-20 25:00 +0800')).toBeNull();
    expect(parseFeishuDateTime('2026-11-20 +0800')).toBeNull();
  });

  test('a date and a time picked separately move together', () => {
    expect(parseFeishuDateAndTime('2026-11-20 +0900', '00:30 +0900')).toMatchObject({ date: '2026-11-19', time: '23:30' });
    expect(parseFeishuDateAndTime('2026-11-20 +0800', '19:00 +0800')).toMatchObject({ date: '2026-11-20', time: '19:00' });
    expect(parseFeishuDateAndTime('2026-11-20 +0800', 'noon')).toBeNull();
  });
});
