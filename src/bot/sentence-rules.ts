/**
 * The sentence rules (src/bot/sentences.json): the words people use when they tell the bot that a
 * visit or a meeting happened, bundled at build time like prompts and checked once at load. This
 * file only turns those words into matchers; what the words are is data, reviewed in the JSON.
 */
import { z } from 'zod';
import raw from './sentences.json' with { type: 'json' };
import { addDays } from '../domain/shanghai-date.ts';

const words = z.array(z.string().min(1)).min(1);

const schema = z.object({
  smallTalk: z.object({ hello: words, thanks: words, particles: words }),
  dates: z.object({ today: words, yesterday: words, dayBeforeYesterday: words, lastWeek: words, weekdays: words.length(7) }),
  visit: z.object({
    verbs: words,
    triggers: words,
    bareTriggers: words,
    placeTriggers: words,
    phraseVerbs: words,
    nameEndMarks: z.string().min(1),
    nameEndWords: words,
    leadingFiller: words,
    orgSuffixes: words,
    orgWords: words,
    genericWords: words,
    questionWords: words,
    topics: z.record(z.string(), words),
  }),
  meeting: z.object({
    verbs: words,
    between: z.number().int().min(0),
    questionWords: words,
    kinds: z.record(z.string(), words),
    attendance: words,
    expected: words,
  }),
});

export type SentenceRules = z.infer<typeof schema>;

export const sentenceRules: SentenceRules = schema.parse(raw);

const escapeRegex = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One alternation of the words, longest first (so 走访了 wins over 走访), as a regex source. */
export function alternation(list: readonly string[]): string {
  return `(?:${[...list].sort((a, b) => b.length - a.length).map(escapeRegex).join('|')})`;
}

/** A regex matching any of the words; `flags` as for RegExp. */
export function anyOf(list: readonly string[], flags = ''): RegExp {
  return new RegExp(alternation(list), flags);
}

/** Digits or a Chinese numeral up to 九十九 (五, 十二, 二十); what {n} stands for in a pattern. */
const NUMBER = '([0-9]{1,4}|[一二两三四五六七八九十]{1,3})';

/** The patterns ("到了{n}个人") as regexes whose first group is the number. */
export function numberPatterns(list: readonly string[]): RegExp[] {
  return list.map((p) => new RegExp(p.split('{n}').map(escapeRegex).join(NUMBER)));
}

/** The number in the first pattern that matches, or null. */
export function numberIn(text: string, patterns: readonly RegExp[]): number | null {
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) return toNumber(m[1]!);
  }
  return null;
}

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "12" → 12, "十二" → 12, "二十" → 20, "五" → 5. */
export function toNumber(s: string): number | null {
  if (/^[0-9]+$/.test(s)) return Number(s);
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 ? (DIGITS[s] ?? null) : null;
  const tens = ten === 0 ? 1 : (DIGITS[s.slice(0, ten)] ?? NaN);
  const ones = ten === s.length - 1 ? 0 : (DIGITS[s.slice(ten + 1)] ?? NaN);
  const n = tens * 10 + ones;
  return Number.isFinite(n) ? n : null;
}

const d = sentenceRules.dates;
const TODAY = anyOf(d.today);
const YESTERDAY = anyOf(d.yesterday);
const DAY_BEFORE = anyOf(d.dayBeforeYesterday);
const LAST_WEEK = new RegExp(`${alternation(d.lastWeek)}(${d.weekdays.join('|')})`);

/** The day a sentence speaks of (今天, 昨天, 前天, 上周三), or null when it does not say. */
export function dateIn(text: string, today: string): string | null {
  if (DAY_BEFORE.test(text)) return addDays(today, -2);
  if (YESTERDAY.test(text)) return addDays(today, -1);
  const m = LAST_WEEK.exec(text);
  if (m) {
    const n = d.weekdays.findIndex((w) => w.split('|').includes(m[1]!));
    const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    return addDays(today, -dow - 7 + n);
  }
  return TODAY.test(text) ? today : null;
}
