/**
 * Checks of what people type about a lead. Each returns the cleaned value or the prompt key of
 * the message shown beside the field; nothing is saved until every field passes.
 */
import { isMainlandMobile, normalizeMobile } from '../../domain/mobile.ts';
import { parseFeishuDate, yearOf, type CalendarDate } from '../../domain/shanghai-date.ts';
import { AWAY_KINDS, type AwayKind, type Standing, type TakePartAt } from '../../db/schema/leads.ts';
import type { PromptKey } from '../../bot/prompts.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: PromptKey };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(error: PromptKey): Checked<T> => ({ ok: false, error });

export const MAX_NAME = 40;
export const MAX_TEXT = 200;
/** The Party was founded in 1921: no one joined before. */
const FIRST_YEAR = 1921;

/** Trimmed text as typed (full-width punctuation is kept: it is how Chinese is written). */
export const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Names compare as typed apart from width and spacing: "张 三" and "张三" are one person's name. */
export function checkName(v: unknown): Checked<string> {
  const s = str(v)
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '');
  if (!s) return bad('leads.err.name_empty');
  if ([...s].length > MAX_NAME) return bad('leads.err.name_long');
  return ok(s);
}

/** A mainland mobile, normalised; empty is fine unless required. */
export function checkMobile(v: unknown, required: boolean): Checked<string | null> {
  const s = str(v);
  if (!s) return required ? bad('leads.err.mobile_empty') : ok(null);
  return isMainlandMobile(s) ? ok(normalizeMobile(s)) : bad('leads.err.mobile');
}

export function checkText(v: unknown, required: boolean, max = MAX_TEXT): Checked<string | null> {
  const s = str(v);
  if (!s) return required ? bad('leads.err.required') : ok(null);
  if ([...s].length > max) return bad('leads.err.too_long');
  return ok(s);
}

export function checkYear(v: unknown, today: CalendarDate, required: boolean): Checked<number | null> {
  const s = str(v);
  if (!s) return required ? bad('leads.err.year_empty') : ok(null);
  if (!/^\d{4}$/.test(s)) return bad('leads.err.year');
  const y = Number(s);
  if (y > yearOf(today)) return bad('leads.err.year_future');
  if (y < FIRST_YEAR) return bad('leads.err.year');
  return ok(y);
}

export function checkStanding(v: unknown, required: boolean): Checked<Standing | null> {
  if (v === 'formal' || v === 'probationary') return ok(v);
  return required ? bad('leads.err.pick') : ok(null);
}

export function checkTakePart(v: unknown, required: boolean): Checked<TakePartAt | null> {
  if (v === 'work' || v === 'home') return ok(v);
  return required ? bad('leads.err.pick') : ok(null);
}

export function checkAway(kind: unknown, since: unknown, today: CalendarDate): { kind: Checked<AwayKind>; since: Checked<CalendarDate | null> } {
  const k = (AWAY_KINDS as readonly unknown[]).includes(kind) ? (kind as AwayKind) : null;
  if (!k) return { kind: bad('leads.err.pick'), since: ok(null) };
  const raw = str(since);
  if (k === 'none') return { kind: ok(k), since: ok(null) };
  if (!raw) return { kind: ok(k), since: bad('leads.err.away_since') };
  const d = parseFeishuDate(raw);
  if (!d) return { kind: ok(k), since: bad('leads.err.date') };
  if (d > today) return { kind: ok(k), since: bad('leads.err.date_future') };
  return { kind: ok(k), since: ok(d) };
}
