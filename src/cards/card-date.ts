/** How a day reads on every card: one style, from prompts/bot.json (issue 20 item 12). */
import type { Prompts } from '../domain/prompts.ts';
import { dayOfMonth, monthOf, yearOf } from '../domain/shanghai-date.ts';

/** 11月20日 this year, 2025年11月20日 otherwise (`date` and `today` are YYYY-MM-DD). */
export function dateLabel(t: Prompts, date: string, today: string): string {
  const vars = { y: yearOf(date), m: monthOf(date), d: dayOfMonth(date) };
  return yearOf(date) === yearOf(today) ? t('card.date_md', vars) : t('card.date_ymd', vars);
}
