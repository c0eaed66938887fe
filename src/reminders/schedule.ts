/**
 * When the bot may speak: the digest goes out on working days (调休 Saturdays included, public
 * holidays and weekends left out) from the policy's digestAt (09:00), and nothing at all is sent
 * outside the policy's send window (08:30–20:00), Asia/Shanghai, whatever the host's zone.
 */
import type { Policy } from '../domain/policy/index.ts';
import { addDays, epochDay, isoWeekday, shanghaiDate, shanghaiTime, yearOf, type CalendarDate } from '../domain/shanghai-date.ts';
import { isWorkingDay, type OnUncovered } from '../domain/working-days.ts';

export interface Moment {
  today: CalendarDate;
  /** HH:mm in Shanghai. */
  time: string;
  workingDay: boolean;
  /** Inside the send window: messages may go out now. */
  mayDeliver: boolean;
  /** A working day at or after digestAt and inside the window: today's digest may be built. */
  mayPlan: boolean;
  /** ISO week of today, e.g. '2026-W12': escalations repeat once per week. */
  week: string;
}

export function moment(now: Date, timing: Pick<Policy, 'reminders'>, onUncovered: OnUncovered): Moment {
  const today = shanghaiDate(now);
  const time = shanghaiTime(now);
  const workingDay = isWorkingDay(today, onUncovered);
  const { sendWindow, digestAt } = timing.reminders;
  const inWindow = time >= sendWindow.from && time < sendWindow.until;
  return {
    today,
    time,
    workingDay,
    mayDeliver: workingDay && inWindow,
    mayPlan: workingDay && inWindow && time >= digestAt,
    week: isoWeekKey(today),
  };
}

/** ISO 8601 week key: the week belongs to the year of its Thursday. */
export function isoWeekKey(date: CalendarDate): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = yearOf(thursday);
  const week = Math.floor((epochDay(thursday) - epochDay(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Delay before the next delivery attempt after `attempts` failed ones: 1 s, 4 s, 16 s, 64 s …
 * capped at 15 min, with ±25 % jitter so that rows failed together do not retry together. Short
 * at first (a 500 is usually a blip, and a long first wait would hold a digest back), long
 * enough in total that five attempts span a minute and a half of trouble. Throttling (429) is
 * waited out inside the messenger, by Feishu's reset header, before it ever gets here.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(1000 * 4 ** Math.max(0, attempts - 1), 15 * 60_000);
  return Math.round(base * (0.75 + random() * 0.5));
}
