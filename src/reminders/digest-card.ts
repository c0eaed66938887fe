/**
 * The daily digest and the 待办 list: each item with its form button, 推迟 and 不适用. Cards stay
 * inside Feishu's limits (≤ 200 elements, ≤ 30 KB): the first items get buttons, later ones a
 * line each, and the rest a count with the way to see them all.
 *
 * The digest fits one phone screen: counts by kind first (zero kinds hidden), then at most
 * DIGEST_ITEMS of the person's own items with their buttons, and 查看全部待办 for the rest. An
 * officer's escalations (other people's overdue items, already reminded to them) are a count
 * line only: the officer's action is to follow them up, not to log each one.
 */
import type { PromptKey, Prompts } from '../bot/prompts.ts';
import { button, buttonRow, hr, text, type El } from '../cards/card-kit.ts';
import type { Rich } from '../cards/document.ts';
import { bold, green, grey, lines as joinLines, rich, richPrompt } from '../cards/rich.ts';
import { dateLabel } from '../cards/card-date.ts';
import { fillTemplate } from '../cards/templates.ts';
import type { Card } from '../messenger/messenger.ts';
import { itemAction, itemText, type ItemLike } from './item-text.ts';

/** Items shown with their buttons; each takes 8 elements and about 1.2 KB. */
export const ITEMS_WITH_BUTTONS = 8;
/** Further items shown as a line each. */
export const ITEMS_AS_LINES = 20;
/** Items a digest shows with their buttons: about one phone screen with the counts above. */
export const DIGEST_ITEMS = 5;

/** The kinds counted, in the order a person reads them. */
const COUNT_KINDS = ['report.due', 'meeting.overdue', 'visit.overdue', 'term.overdue', 'lead.overdue', 'plan.overdue', 'training.overdue', 'reserve.overdue', 'meeting.due_soon', 'visit.due_soon', 'term.due'] as const;

function countKind(item: ItemLike): string {
  const base = item.kind === 'escalation' ? String(item.payload.escalatedFrom ?? '') : item.kind;
  if (item.itemType === 'report') return 'report.due';
  if (item.itemType === 'term') return base === 'overdue' ? 'term.overdue' : 'term.due';
  return `${item.itemType}.${base === 'overdue' ? 'overdue' : 'due_soon'}`;
}

/** "3 个支部会议已逾期 · 2 条线索待联系": counts by kind, kinds without items left out. */
export function itemCounts(t: Prompts, items: readonly ItemLike[]): string {
  const n = new Map<string, number>();
  for (const i of items) n.set(countKind(i), (n.get(countKind(i)) ?? 0) + 1);
  return COUNT_KINDS.filter((k) => n.get(k)).map((k) => t(`reminders.count.${k}`, { n: n.get(k)! })).join(t('reminders.count.sep'));
}

const isEscalation = (i: ItemLike) => i.kind === 'escalation';

export interface CardItem extends ItemLike {
  itemKey: string;
  periodKey: string;
  snoozedUntil?: string | null;
  notApplicableReason?: string | null;
  /** The report's figures, already worded. */
  reportFigures?: string;
  /** Done since the digest went out (digest-marks.ts): marked, without its buttons. */
  done?: boolean;
  /** Handed over to someone else since (digest-marks.ts): greyed with a note, without its buttons. */
  handedOver?: boolean;
}

/** The done mark by what was done: a record written (会议, 走访) or an item handled. */
const DONE_KEYS: Record<string, PromptKey> = { meeting: 'reminders.state.done_logged', visit: 'reminders.state.done_logged' };

function answerButtons(t: Prompts, item: CardItem): El[] {
  const args = { item: item.itemKey, period: item.periodKey };
  return [
    button(t('reminders.btn.snooze'), { cmd: 'start', flow: 'reminder-answer', args: { ...args, mode: 'snooze' } }),
    button(t('reminders.btn.na'), { cmd: 'start', flow: 'reminder-answer', args: { ...args, mode: 'na' } }),
  ];
}

function line(t: Prompts, item: CardItem, today: string): Rich {
  const what = itemText(t, item, { reportFigures: item.reportFigures, today });
  if (item.notApplicableReason) return rich(what, richPrompt(t, 'reminders.state.na', { reason: item.notApplicableReason }));
  if (item.snoozedUntil) return rich(what, richPrompt(t, 'reminders.state.snoozed', { date: dateLabel(t, item.snoozedUntil, today) }));
  return what;
}

function itemBlocks(t: Prompts, item: CardItem, answers: boolean, today: string): El[] {
  // Done: the line greyed (it is no longer to do) with the mark, and no buttons.
  if (item.done) return [text(rich(grey(itemText(t, item, { reportFigures: item.reportFigures, today })), ' ', green(t(DONE_KEYS[item.itemType] ?? 'reminders.state.done'))))];
  // Handed over: no longer theirs to do, nor done by them; its buttons would act on an org not theirs.
  if (item.handedOver) return [text(rich(grey(itemText(t, item, { reportFigures: item.reportFigures, today })), grey(t('reminders.state.handed_over'))))];
  const out: El[] = [text(line(t, item, today))];
  const action = itemAction(t, item);
  const buttons: El[] = action ? [button(action.label, action.value, { type: 'primary' })] : [];
  if (answers && !item.notApplicableReason) buttons.push(...answerButtons(t, item));
  if (buttons.length) out.push(buttonRow(buttons));
  return out;
}

/** The counts line(s): the person's own items, then the escalations they follow up. */
export function countElements(t: Prompts, items: readonly ItemLike[]): El[] {
  const own = items.filter((i) => !isEscalation(i));
  const watch = items.filter(isEscalation);
  const out: El[] = [];
  if (own.length) out.push(text(bold(itemCounts(t, own))));
  if (watch.length) out.push(text(richPrompt(t, 'reminders.digest.watch', { counts: itemCounts(t, watch) })));
  return out;
}

/** Own items first, escalations after (both in the order given). */
export const ownFirst = <T extends ItemLike>(items: readonly T[]): T[] => [...items.filter((i) => !isEscalation(i)), ...items.filter(isEscalation)];

/** The item list with buttons, then lines, then the count of the rest. */
export function itemElements(t: Prompts, items: readonly CardItem[], opts: { answers: boolean; today: string }): El[] {
  const out: El[] = [];
  items.slice(0, ITEMS_WITH_BUTTONS).forEach((item, i) => {
    if (i > 0) out.push(hr());
    out.push(...itemBlocks(t, item, opts.answers, opts.today));
  });
  const lines = items.slice(ITEMS_WITH_BUTTONS, ITEMS_WITH_BUTTONS + ITEMS_AS_LINES);
  if (lines.length) out.push(hr(), text(joinLines(lines.map((i) => rich('· ', line(t, i, opts.today))))));
  const rest = items.length - ITEMS_WITH_BUTTONS - ITEMS_AS_LINES;
  if (rest > 0) out.push(text(richPrompt(t, 'reminders.digest.more', { n: rest })));
  return out;
}

/** Own items in the order of COUNT_KINDS: a report first (its file follows the card), overdue before due soon. */
const order = (i: ItemLike) => (COUNT_KINDS as readonly string[]).indexOf(countKind(i));

export function digestCard(t: Prompts, day: string, items: readonly CardItem[]): Card {
  const own = items.filter((i) => !isEscalation(i)).sort((a, b) => order(a) - order(b));
  // The counts say what is left to do; done and handed-over items keep their place below, marked.
  const open = items.filter((i) => !i.done && !i.handedOver);
  const body: El[] = [text(richPrompt(t, 'reminders.digest.intro', { date: dateLabel(t, day, day), n: items.length })), ...countElements(t, open)];
  // Nothing left: "all done" only when the person did them all; what was handed over was not done by them.
  if (open.length === 0) {
    const key = !items.some((i) => i.handedOver) ? 'reminders.digest.all_done' : items.some((i) => i.done) ? 'reminders.digest.rest_handed_over' : 'reminders.digest.all_handed_over';
    body.push(text(richPrompt(t, key)));
  }
  own.slice(0, DIGEST_ITEMS).forEach((item) => body.push(hr(), ...itemBlocks(t, item, true, day)));
  if (own.length > DIGEST_ITEMS) body.push(text(richPrompt(t, 'reminders.digest.more', { n: own.length - DIGEST_ITEMS })));
  if (own.length === 0) body.push(text(richPrompt(t, 'reminders.digest.watch_only')));
  body.push(text(richPrompt(t, 'reminders.digest.footer'), { size: 'small' }));
  const more = own.length > DIGEST_ITEMS || own.length < items.length;
  return fillTemplate(
    'message',
    { title: t('reminders.digest.title'), subtitle: dateLabel(t, day, day), summary: t('reminders.digest.summary', { n: items.length }), color: 'blue' },
    { body, buttons: [buttonRow([button(t('reminders.btn.todo'), { cmd: 'run', command: 'todo' }, more ? { type: 'primary' } : {})])] },
  );
}

/** A bulk reminder from an officer: short, with the way to the list. */
export function bulkCard(t: Prompts, from: string, n: number): Card {
  return fillTemplate(
    'message',
    { title: t('reminders.bulk.card_title'), summary: t('reminders.bulk.card_title'), color: 'orange' },
    {
      body: [text(richPrompt(t, 'reminders.bulk.card_text', { from, n }))],
      buttons: [buttonRow([button(t('reminders.btn.todo'), { cmd: 'run', command: 'todo' }, { type: 'primary' })])],
    },
  );
}
