/**
 * The daily digest and the 待办 list: each item with its form button, 推迟 and 不适用. Cards stay
 * inside Feishu's limits (≤ 200 elements, ≤ 30 KB): the first items get buttons, later ones a
 * line each, and the rest a count with the way to see them all.
 */
import type { Prompts } from '../bot/prompts.ts';
import { button, buttonRow, hr, text, type El } from '../cards/card-kit.ts';
import type { Rich } from '../cards/document.ts';
import { lines as joinLines, rich, richPrompt } from '../cards/rich.ts';
import { fillTemplate } from '../cards/templates.ts';
import type { Card } from '../messenger/messenger.ts';
import { itemAction, itemText, type ItemLike } from './item-text.ts';

/** Items shown with their buttons; each takes 8 elements and about 1.2 KB. */
export const ITEMS_WITH_BUTTONS = 8;
/** Further items shown as a line each. */
export const ITEMS_AS_LINES = 20;

export interface CardItem extends ItemLike {
  itemKey: string;
  periodKey: string;
  snoozedUntil?: string | null;
  notApplicableReason?: string | null;
  /** The report's figures, already worded. */
  reportFigures?: string;
}

function answerButtons(t: Prompts, item: CardItem): El[] {
  const args = { item: item.itemKey, period: item.periodKey };
  return [
    button(t('reminders.btn.snooze'), { cmd: 'start', flow: 'reminder-answer', args: { ...args, mode: 'snooze' } }),
    button(t('reminders.btn.na'), { cmd: 'start', flow: 'reminder-answer', args: { ...args, mode: 'na' } }),
  ];
}

function line(t: Prompts, item: CardItem): Rich {
  const what = itemText(t, item, { reportFigures: item.reportFigures });
  if (item.notApplicableReason) return rich(what, richPrompt(t, 'reminders.state.na', { reason: item.notApplicableReason }));
  if (item.snoozedUntil) return rich(what, richPrompt(t, 'reminders.state.snoozed', { date: item.snoozedUntil }));
  return what;
}

/** The item list with buttons, then lines, then the count of the rest. */
export function itemElements(t: Prompts, items: readonly CardItem[], opts: { answers: boolean }): El[] {
  const out: El[] = [];
  items.slice(0, ITEMS_WITH_BUTTONS).forEach((item, i) => {
    if (i > 0) out.push(hr());
    out.push(text(line(t, item)));
    const action = itemAction(t, item);
    const buttons: El[] = action ? [button(action.label, action.value, { type: 'primary' })] : [];
    if (opts.answers && !item.notApplicableReason) buttons.push(...answerButtons(t, item));
    if (buttons.length) out.push(buttonRow(buttons));
  });
  const lines = items.slice(ITEMS_WITH_BUTTONS, ITEMS_WITH_BUTTONS + ITEMS_AS_LINES);
  if (lines.length) out.push(hr(), text(joinLines(lines.map((i) => rich('· ', line(t, i))))));
  const rest = items.length - ITEMS_WITH_BUTTONS - ITEMS_AS_LINES;
  if (rest > 0) out.push(text(richPrompt(t, 'reminders.digest.more', { n: rest })));
  return out;
}

export function digestCard(t: Prompts, day: string, items: readonly CardItem[]): Card {
  return fillTemplate(
    'message',
    { title: t('reminders.digest.title'), subtitle: day, summary: t('reminders.digest.summary', { n: items.length }), color: 'blue' },
    {
      body: [
        text(richPrompt(t, 'reminders.digest.intro', { date: day, n: items.length })),
        ...itemElements(t, items, { answers: true }),
        text(richPrompt(t, 'reminders.digest.footer'), { size: 'small' }),
      ],
      buttons: [buttonRow([button(t('reminders.btn.todo'), { cmd: 'run', command: 'todo' })])],
    },
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
