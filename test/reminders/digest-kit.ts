/**
 * The digest-marks journeys' kit: a secretary owing three meetings, the day's digests sent, the
 * digest as it stands (its items with their buttons), a form's submit and a 支委会 to save.
 */
import { reachOf } from '../../src/runtime/messenger-factory.ts';
import { elementsOf, type BotHarness } from '../support/bot-harness.ts';
import { renderFeishu } from '../../src/cards/render-feishu.ts';
import { runReminders } from '../../src/reminders/runner.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { heldAllButThree, partyOrg, secretary } from './support.ts';

export const at = (date: string, time = '09:05') => `${date}T${time}:00+08:00`;

/** A party org that owes exactly three meetings on 27 March 2026: February's 支委会, Q1's 党员大会 and 党课. */
export async function owingThree(h: BotHarness, name: string) {
  const po = await partyOrg(h.db, { name });
  const sec = await secretary(h.db, po.id, '王书记');
  await heldAllButThree(h.db, po.id);
  return { po, sec };
}

export async function sendDigests(h: BotHarness) {
  h.clock.set(at('2026-03-27'));
  // Forced: each test adds its own party org after the day was first planned.
  const deps = { database: h.database, messenger: h.messenger, reach: reachOf({}), clock: h.clock, logger: silentLogger, workerId: 'marks', sleep: async (ms: number) => h.clock.advance(ms) };
  await runReminders(deps, h.clock.now(), { force: true });
}

/** The digest message as it stands now (its id, and the card it shows), the one card the run sent. */
export function digestOf(h: BotHarness, openId: string) {
  const m = h.messenger.messages(openId).find((x) => x.card?.title === '今日待办');
  if (!m) throw new Error('no digest');
  return { id: m.id, updatedAt: m.updatedAt, card: renderFeishu(m.card!) };
}

/** Each item of a digest: its text and the buttons under it (the blocks between dividers). */
export function digestItems(card: ReturnType<typeof renderFeishu>) {
  const els = (card as any).body.elements as Array<Record<string, any>>;
  const items: Array<{ text: string; buttons: Array<{ label: string; value: Record<string, unknown> }> }> = [];
  let cur: (typeof items)[number] | null = null;
  for (const e of els) {
    // The footer and the card's own buttons (查看全部待办) follow the last item.
    if (String(e.content ?? '').includes('提醒每个工作日')) break;
    if (e.tag === 'hr') {
      cur = { text: '', buttons: [] };
      items.push(cur);
      continue;
    }
    if (!cur) continue;
    for (const x of elementsOf({ schema: '2.0', body: { elements: [e] } } as never)) {
      if (x.tag === 'markdown' || x.tag === 'div') cur.text += String(x.content ?? x.text?.content ?? '');
      if (x.tag === 'button') cur.buttons.push({ label: String(x.text?.content), value: x.behaviors?.[0]?.value ?? {} });
    }
  }
  return items;
}

export function submitOf(card: unknown) {
  const b = elementsOf(card as Record<string, unknown>).find((e) => e.tag === 'button' && e.form_action_type === 'submit');
  if (!b) throw new Error('no submit button');
  return b.behaviors[0].value as Record<string, unknown>;
}

export const committeeForm = {
  date: '2026-02-26 +0800',
  time: '14:30 +0800',
  place: '三楼会议室',
  online: false,
  host: '王书记',
  expected: '5',
  present: '5',
  absentees: '',
  topics: '研究二月工作',
  content: '通过了季度计划',
};
