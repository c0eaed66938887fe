/**
 * Issue 20 item 12: cards say dates as 11月30日 (src/cards/card-date.ts), and Chinese text takes no
 * spaces around them: "于11月30日到期", not "于 11月30日 到期". Numbers keep theirs ("共 3 项").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { prompts as t } from '../../src/bot/all-prompts.ts';
import { itemText } from '../../src/reminders/item-text.ts';
import { plainText } from '../../src/cards/document.ts';

const dir = join(import.meta.dirname, '../../prompts');
const all: Array<[string, string]> = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => Object.entries(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, string>));

/** Placeholders that cards fill with a date label (dateLabel / dayLabel). */
const DATE_VARS = '(?:date|due|last|asOf)';
/** Chinese characters and full-width punctuation next to which a space is wrong. */
const CJK = '[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]';
const spaced = new RegExp(`${CJK} \\{${DATE_VARS}\\}|\\{${DATE_VARS}\\} ${CJK}`);

/**
 * Where a space is right: raw YYYY-MM-DD dates (an officer's list of snoozes, the snooze answer,
 * a lead's 外出 since as typed, the CLI's title) and lines whose fields are set apart on purpose (a date, then who).
 */
const KEEP = new Set(['reminders.todo.disposition_snooze', 'reminders.answer.snoozed', 'leads.card.since', 'leads.card.source_line', 'leads.card.event_line', 'ledger.cli.title']);

test('no spaces around a date in Chinese text', () => {
  expect(all.filter(([k, v]) => !KEEP.has(k) && spaced.test(v))).toEqual([]);
});

test('a term line as the digest shows it', () => {
  const item = { itemType: 'term', kind: 'term_due', payload: { partyOrgName: '唐王支部', endsOn: '2026-11-30', leadMonths: 3 } };
  expect(plainText(itemText(t, item, { today: '2026-09-01' }))).toBe('唐王支部：本届任期将于11月30日届满，请做好换届准备（提前 3 个月提醒）');
});
