/**
 * 待办: a person's current items, each with its form button, 推迟 and 不适用. Officers also see
 * what people in their region snoozed or marked not applicable, and can send a reminder to the
 * region (with a preview first).
 */
import type { Command, TxContext } from '../bot/feature.ts';
import { button, buttonRow, hr, text, type El } from '../cards/card-kit.ts';
import { lines as joinLines, rich, richPrompt } from '../cards/rich.ts';
import { fillTemplate } from '../cards/templates.ts';
import { dispositionsWithin } from '../db/reminders/disposition-store.ts';
import type { Card } from '../messenger/messenger.ts';
import { countElements, itemElements, ownFirst, type CardItem } from './digest-card.ts';
import { itemText } from './item-text.ts';
import { dueItemsOf, planningWith, uncoveredWarner } from './planner.ts';
import { BULK_FLOW } from './bulk-flow.ts';

async function officerSection(ctx: TxContext, regions: string[], today: string): Promise<El[]> {
  const rows = await dispositionsWithin(ctx.db, regions, today);
  const out: El[] = [hr()];
  if (rows.length === 0) out.push(text(richPrompt(ctx.t, 'reminders.todo.no_dispositions')));
  else {
    const lines = rows.map((r) => {
      const l = r.label as { itemType?: string; kind?: string; payload?: Record<string, unknown> };
      const item = itemText(ctx.t, { itemType: String(l.itemType ?? ''), kind: String(l.kind ?? ''), payload: l.payload ?? {} }, { today });
      return r.kind === 'snooze'
        ? richPrompt(ctx.t, 'reminders.todo.disposition_snooze', { who: r.personName, date: String(r.until), item })
        : richPrompt(ctx.t, 'reminders.todo.disposition_na', { who: r.personName, reason: r.reason ?? '', item });
    });
    out.push(text(joinLines([richPrompt(ctx.t, 'reminders.todo.dispositions', { n: rows.length }), ...lines.map((l) => rich('· ', l))])));
  }
  return out;
}

export async function todoCard(ctx: TxContext): Promise<Card> {
  const onUncovered = uncoveredWarner(ctx.logger);
  const p = planningWith(ctx.policy, ctx.clock.now(), onUncovered);
  const items: CardItem[] = ctx.person.id ? ownFirst(await dueItemsOf(ctx.db, ctx.person.id, p, onUncovered)) : [];
  const body: El[] = [text(items.length ? richPrompt(ctx.t, 'reminders.todo.intro', { n: items.length }) : richPrompt(ctx.t, 'reminders.todo.empty'))];
  body.push(...countElements(ctx.t, items), ...itemElements(ctx.t, items, { answers: true, today: p.moment.today }));
  const regions = ctx.person.roles.filter((r) => r.role === 'officer' && r.regionCode).map((r) => r.regionCode!);
  const buttons: El[] = [];
  if (regions.length) {
    body.push(...(await officerSection(ctx, regions, p.moment.today)));
    buttons.push(buttonRow([button(ctx.t('reminders.btn.bulk'), { cmd: 'start', flow: BULK_FLOW, args: {} })]));
  }
  return fillTemplate('message', { title: ctx.t('reminders.todo.title'), summary: ctx.t('reminders.todo.title'), color: 'blue' }, { body, buttons });
}

export const todoCommand: Command = {
  id: 'todo',
  words: ['待办', '我的待办', '待办事项'],
  roles: ['secretary', 'instructor', 'officer'],
  help: { labelKey: 'reminders.todo.title', order: 5 },
  run: (ctx) => todoCard(ctx),
};
