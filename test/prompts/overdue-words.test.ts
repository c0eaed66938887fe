/** Issue 20 item 12: the same words for the same thing everywhere the bot speaks. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const dir = join(import.meta.dirname, '../../prompts');
const all: Array<[string, string]> = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => Object.entries(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, string>));

test('overdue is always 已逾期 (never 超期, nor a second status word 逾期未开)', () => {
  expect(all.filter(([, v]) => /超期|逾期未开/.test(v))).toEqual([]);
  const marks = ['leads.list.overdue', 'leads.overview.late_mark', 'meetings.status.overdue', 'meetings.ov.col_items', 'reminders.item.meeting.overdue', 'reminders.item.visit.overdue', 'visit.due.overdue'];
  const byKey = new Map(all);
  for (const k of marks) expect(`${k}: ${byKey.get(k)}`).toContain('已逾期');
});

test('the meeting form words fit 谈心谈话 too: it is 开展ed or held, never 召开ed online', () => {
  const form = all.filter(([k]) => k.startsWith('meetings.f.') || k.startsWith('meetings.ph.'));
  expect(form.filter(([, v]) => v.includes('召开'))).toEqual([]);
});

test('the digest footer says truthfully when reminders come: a start after 09:00 still sends that day', () => {
  // The planner runs from digestAt (09:00) until the send window closes (20:00): a service started
  // at 16:25 sends today's digest then, so "只在工作日上午" was not true.
  const footer = new Map(all).get('reminders.digest.footer')!;
  expect(footer).not.toContain('只在工作日上午');
  expect(footer).toContain('每个工作日最多发一次');
});

test('a rule is cited one way: a closing "依据：《…》第X条。", never "（条例第十二条）" or "按条例第十九条"', () => {
  const citing = all.filter(([, v]) => /条例/.test(v));
  expect(citing.length).toBeGreaterThanOrEqual(4);
  for (const [k, v] of citing) expect(`${k}: ${v}`).toMatch(/依据：《[^》]+》(第[一二三四五六七八九十百]+条)?。$/);
});
