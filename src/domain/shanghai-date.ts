/**
 * Calendar dates and wall-clock times in Asia/Shanghai, whatever the machine's time zone.
 *
 * A calendar date is a string `YYYY-MM-DD`; a time of day is `HH:mm`. Arithmetic on dates is done
 * on whole days counted from 1970-01-01 (the "epoch day"), never through the host's local time,
 * so the answers are the same on a laptop in Shanghai and on a Worker running in UTC.
 *
 * China has kept UTC+8 without daylight saving since 1991, and every date the bot handles is
 * later than that, so the offset is a constant here. A constant keeps instant → date and
 * date → instant exact inverses, which an Intl round trip would not guarantee for 1986–1991.
 */

const OFFSET_MINUTES = 8 * 60;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const OFFSET_MS = OFFSET_MINUTES * MINUTE_MS;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `YYYY-MM-DD`; a plain string so it can go straight into JSON, SQL and card templates. */
export type CalendarDate = string;

/** True when `s` is a real date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** True when `s` is a time of day written `HH:mm` (00:00–23:59). */
export function isTimeOfDay(s: string): boolean {
  return TIME_RE.test(s);
}

function parts(date: CalendarDate): [number, number, number] {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function fromParts(y: number, m: number, d: number): CalendarDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days since 1970-01-01 for a calendar date; handy as a sort key. */
export function epochDay(date: CalendarDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The calendar date `n` days after 1970-01-01. */
export function fromEpochDay(n: number): CalendarDate {
  if (!Number.isInteger(n)) throw new RangeError(`epoch day must be a whole number: ${n}`);
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function checkInstant(instant: Date): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return t;
}

/** The Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): CalendarDate {
  return new Date(checkInstant(instant) + OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai wall-clock time `HH:mm` of an instant (seconds dropped, not rounded). */
export function shanghaiTime(instant: Date): string {
  return new Date(checkInstant(instant) + OFFSET_MS).toISOString().slice(11, 16);
}

/** The instant at which a Shanghai calendar date begins (16:00 UTC the day before). */
export function startOfShanghaiDay(date: CalendarDate): Date {
  return new Date(epochDay(date) * DAY_MS - OFFSET_MS);
}

/** The instant of a Shanghai date and wall-clock time, e.g. the digest at 09:00 on a date. */
export function shanghaiInstant(date: CalendarDate, time: string): Date {
  if (!isTimeOfDay(time)) throw new RangeError(`not a time of day (HH:mm): ${JSON.stringify(time)}`);
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return new Date(startOfShanghaiDay(date).getTime() + minutes * MINUTE_MS);
}

export function addDays(date: CalendarDate, n: number): CalendarDate {
  return fromEpochDay(epochDay(date) + n);
}

/** Whole days from `a` to `b`: positive when `b` is later (daysBetween('2026-01-01', '2026-01-03') = 2). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return epochDay(b) - epochDay(a);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CalendarDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month; `month` is 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month < 1 || month > 12 || !Number.isInteger(month)) throw new RangeError(`month must be 1–12: ${month}`);
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function yearOf(date: CalendarDate): number {
  return parts(date)[0];
}

/** Month of the year, 1–12. */
export function monthOf(date: CalendarDate): number {
  return parts(date)[1];
}

/** Day of the month, 1–31. */
export function dayOfMonth(date: CalendarDate): number {
  return parts(date)[2];
}

/** Quarter of the year, 1–4. */
export function quarterOf(date: CalendarDate): number {
  return Math.ceil(monthOf(date) / 3);
}

/** Half of the year: 1 (January–June) or 2. */
export function halfOf(date: CalendarDate): number {
  return monthOf(date) <= 6 ? 1 : 2;
}

/** The date for a year, month (1–12) and day, with the day clamped to the month's last day. */
export function dateOf(year: number, month: number, day: number): CalendarDate {
  return fromParts(year, month, Math.min(Math.max(day, 1), daysInMonth(year, month)));
}

export function startOfMonth(date: CalendarDate): CalendarDate {
  const [y, m] = parts(date);
  return fromParts(y, m, 1);
}

export function endOfMonth(date: CalendarDate): CalendarDate {
  const [y, m] = parts(date);
  return fromParts(y, m, daysInMonth(y, m));
}

export function startOfQuarter(date: CalendarDate): CalendarDate {
  const [y, m] = parts(date);
  return fromParts(y, m - ((m - 1) % 3), 1);
}

export function endOfQuarter(date: CalendarDate): CalendarDate {
  return endOfMonth(addMonths(startOfQuarter(date), 2));
}

export function startOfHalfYear(date: CalendarDate): CalendarDate {
  const [y, m] = parts(date);
  return fromParts(y, m <= 6 ? 1 : 7, 1);
}

export function endOfHalfYear(date: CalendarDate): CalendarDate {
  const [y, m] = parts(date);
  return m <= 6 ? fromParts(y, 6, 30) : fromParts(y, 12, 31);
}

export function startOfYear(date: CalendarDate): CalendarDate {
  return fromParts(parts(date)[0], 1, 1);
}

export function endOfYear(date: CalendarDate): CalendarDate {
  return fromParts(parts(date)[0], 12, 31);
}

/**
 * The same day `n` months later, clamped to the end of a shorter month
 * (2026-01-31 + 1 month = 2026-02-28), the way people count "one month before the term ends".
 */
export function addMonths(date: CalendarDate, n: number): CalendarDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  return dateOf(year, index - year * 12 + 1, d);
}

/** The same day `n` years later; 29 February becomes 28 February in a common year. */
export function addYears(date: CalendarDate, n: number): CalendarDate {
  return addMonths(date, n * 12);
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return epochDay(a) <= epochDay(b) ? a : b;
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return epochDay(a) >= epochDay(b) ? a : b;
}

// ---- Feishu card pickers ---------------------------------------------------------------------
// Pickers send text with the user's UTC offset: date_picker "2026-11-20 +0800",
// picker_time "09:30 +0800", picker_datetime "2026-11-20 09:30 +0800" (reference/feishu.md).

const OFFSET_RE = /^(?:Z|([+-])(\d{2}):?(\d{2}))$/;

function offsetMinutes(text: string | undefined): number | null {
  if (text === undefined) return OFFSET_MINUTES; // a bare value (e.g. initial_date) is Shanghai time
  const m = OFFSET_RE.exec(text);
  if (!m) return null;
  if (!m[1]) return 0;
  const h = Number(m[2]);
  const min = Number(m[3]);
  if (h > 14 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

function splitValue(value: string): [string[], string | undefined] {
  const tokens = value.trim().split(/\s+/);
  const last = tokens[tokens.length - 1];
  if (tokens.length > 1 && /^(?:Z|[+-]\d)/.test(last)) return [tokens.slice(0, -1), last];
  return [tokens, undefined];
}

/**
 * The calendar date a user picked, or null when the text is not a date-picker value.
 *
 * Deliberately NOT shifted by the offset: a date picker picks a day, not an instant. Reading
 * "2026-11-20 +0900" as midnight in Tokyo would turn a meeting held on the 20th into one held on
 * the 19th in Shanghai. The offset is still checked so garbage is refused.
 */
export function parseFeishuDate(value: string): CalendarDate | null {
  const [tokens, offset] = splitValue(value);
  if (tokens.length !== 1 || offsetMinutes(offset) === null) return null;
  return isCalendarDate(tokens[0]) ? tokens[0] : null;
}

/** A Shanghai date and time together with the instant they denote. */
export interface ShanghaiDateTime {
  date: CalendarDate;
  time: string;
  instant: Date;
}

function toShanghai(date: CalendarDate, time: string, offset: number): ShanghaiDateTime {
  const wall = shanghaiInstant(date, time).getTime() + OFFSET_MS; // wall clock read as if UTC
  const instant = new Date(wall - offset * MINUTE_MS);
  return { date: shanghaiDate(instant), time: shanghaiTime(instant), instant };
}

/** "2026-11-20 09:30 +0900" → { date: '2026-11-20', time: '08:30', instant }; null if malformed. */
export function parseFeishuDateTime(value: string): ShanghaiDateTime | null {
  const [tokens, offsetText] = splitValue(value);
  const offset = offsetMinutes(offsetText);
  if (tokens.length !== 2 || offset === null) return null;
  const [date, time] = tokens;
  if (!isCalendarDate(date) || !isTimeOfDay(time)) return null;
  return toShanghai(date, time, offset);
}

/**
 * "09:30 +0900" → "08:30" (Shanghai), or null if malformed. A time alone has no date, so a
 * shift across midnight wraps ("00:30 +0900" → "23:30"); when a time belongs to a picked date,
 * use {@link parseFeishuDateAndTime} so the date moves with it.
 */
export function parseFeishuTime(value: string): string | null {
  const [tokens, offsetText] = splitValue(value);
  const offset = offsetMinutes(offsetText);
  if (tokens.length !== 1 || offset === null || !isTimeOfDay(tokens[0])) return null;
  return toShanghai('2000-01-01', tokens[0], offset).time;
}

/**
 * A date picker and a time picker read together as one wall-clock moment of the user
 * ("2026-11-20 +0900" and "00:30 +0900" → 2026-11-19 23:30 in Shanghai). The time's offset wins
 * when the two differ, since it is the one that gives the moment meaning.
 */
export function parseFeishuDateAndTime(dateValue: string, timeValue: string): ShanghaiDateTime | null {
  const date = parseFeishuDate(dateValue);
  const [tokens, offsetText] = splitValue(timeValue);
  const offset = offsetMinutes(offsetText);
  if (date === null || tokens.length !== 1 || offset === null || !isTimeOfDay(tokens[0])) return null;
  return toShanghai(date, tokens[0], offset);
}
