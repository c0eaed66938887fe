import type { Bot } from '../../../src/bot/bot.ts';
import type { Card } from '../../../src/bot/types.ts';
import { renderFeishu } from '../../../src/cards/render-feishu.ts';
import type { Db } from '../../../src/db/database.ts';
import { people, personRoles } from '../../../src/db/schema/core.ts';
import type { ConsoleMessenger } from '../../../src/messenger/console-messenger.ts';
import { cardAction } from '../../fixtures/feishu/bodies.ts';
import { BENCH_NOTE_WORD } from './note-feature.ts';

/** One person's next form submit, as their Feishu client would send it. */
export interface Draft {
  openId: string;
  /** The message holding the card they tap (the flow's first card came as a message of its own). */
  messageId: string;
  /** The callback value of the step's submit button, as the card the person sees carries it. */
  value: Record<string, unknown>;
  /** The submit button's name, which Feishu reports with the form. */
  name: string;
  /** The form's values: what the person typed, and the other fields as the card filled them. */
  formValue: Record<string, unknown>;
}

type El = Record<string, any>;

/** Elements of Feishu card JSON, depth first (forms and column sets included). */
function elements(els: El[] | undefined, out: El[] = []): El[] {
  for (const el of els ?? []) {
    out.push(el);
    elements(el.elements, out);
    for (const c of el.columns ?? []) elements(c.elements, out);
  }
  return out;
}

/** A field's value as the card shows it before anyone types (what Feishu sends for it untouched). */
function shown(el: El): unknown {
  if (el.tag === 'input') return el.default_value;
  if (el.tag === 'select_static') return el.initial_option;
  if (el.tag === 'multi_select_static') return el.selected_values;
  if (el.tag === 'date_picker') return el.initial_date;
  if (el.tag === 'picker_time') return el.initial_time;
  if (el.tag === 'checker') return el.checked;
  return undefined;
}

/**
 * What pressing the submit button `label` sends after typing `typed` into the form, read from the
 * card JSON Feishu receives (renderFeishu, as the messenger and the card route send it): the
 * button's callback value and name, and form_value keyed by the form's own field names. Throws
 * when the card has no such submit button or form field, so a changed flow stops the bench
 * instead of measuring toasts.
 */
export function submitOf(card: Card | undefined, label: string, typed: Record<string, string>): Omit<Draft, 'openId' | 'messageId'> {
  if (!card) throw new Error(`bench flow sent no card (looking for ${label})`);
  const json = renderFeishu(card) as { body?: { elements?: El[] } };
  for (const f of elements(json.body?.elements).filter((e) => e.tag === 'form')) {
    const inForm = elements(f.elements);
    const b = inForm.find((e) => e.tag === 'button' && e.text?.content === label);
    if (!b) continue;
    const value = b.behaviors?.find((x: El) => x.type === 'callback')?.value;
    if (b.form_action_type !== 'submit' || !value || !b.name) throw new Error(`bench flow: ${label} is not a named submit button with a callback`);
    const fields = inForm.filter((e) => typeof e.name === 'string' && e.tag !== 'button');
    const formValue: Record<string, unknown> = {};
    for (const e of fields) {
      const v = e.name in typed ? typed[e.name] : shown(e);
      if (v !== undefined) formValue[e.name] = v;
    }
    const missing = Object.keys(typed).filter((k) => !fields.some((e) => e.name === k));
    if (missing.length) throw new Error(`bench flow: the form of ${label} has no field ${missing.join(', ')}`);
    return { value, name: b.name, formValue };
  }
  throw new Error(`bench flow card has no submit button ${label} in a form`);
}

/** The card.action.trigger body Feishu posts for a draft's submit. */
export function draftAction(d: Draft) {
  return cardAction({ openId: d.openId, messageId: d.messageId, value: d.value, formValue: d.formValue, name: d.name, tag: 'button' });
}

async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/**
 * Officers with an open bench-note draft, made through the bot itself as a person would: they
 * type the command (its card arrives as a new message), and the 'submit' group fills step 1 (its
 * answer replaces that card in place). `step` people wait on step 1, `submit` people on step 2.
 */
export async function openDrafts(
  db: Db,
  bot: Bot,
  messenger: Pick<ConsoleMessenger, 'messages'>,
  n: { step: number; submit: number },
): Promise<{ step: Draft[]; submit: Draft[] }> {
  const total = n.step + n.submit;
  const openIds = Array.from({ length: total }, (_, i) => `ou_bench_${String(i).padStart(6, '0')}`);
  for (let i = 0; i < total; i += 500) {
    const rows = await db
      .insert(people)
      .values(openIds.slice(i, i + 500).map((openId, j) => ({ name: `干部${i + j}`, openId })))
      .returning({ id: people.id });
    await db.insert(personRoles).values(rows.map((r) => ({ personId: r.id, role: 'officer' as const })));
  }
  const out = { step: [] as Draft[], submit: [] as Draft[] };
  await inParallel(openIds, 8, async (openId) => {
    const i = Number(openId.slice(-6));
    const before = messenger.messages(openId).length;
    await bot.handle({ kind: 'text', openId, text: BENCH_NOTE_WORD, at: new Date() });
    const sent = messenger.messages(openId).slice(before).findLast((m) => m.kind === 'card');
    if (!sent) throw new Error(`bench flow: ${BENCH_NOTE_WORD} sent ${openId} no card`);
    const next: Draft = { openId, messageId: sent.id, ...submitOf(sent.card, '下一步', { title: `第${i}次例会 🎉` }) };
    if (i < n.step) {
      out.step.push(next);
      return;
    }
    const second = await bot.action({ openId, messageId: next.messageId, value: next.value, formValue: next.formValue, name: next.name, at: new Date() });
    if (second.toast?.type === 'error' || second.toast?.type === 'warning') throw new Error(`bench flow: step 1 answered ${second.toast.type}: ${second.toast.content}`);
    out.submit.push({ openId, messageId: next.messageId, ...submitOf(second.card, '提交', { body: `会议内容 ${i}：学习、讨论` }) });
  });
  return out;
}
