/**
 * 推迟 / 不适用 on a reminder: snooze it until a date, or say it does not apply, with a reason.
 * Only the person reminded may answer (an item they were sent, or one on their 待办 now). Both are
 * audited; not-applicable silences the item and period for everyone, a snooze only this person.
 */
import { defineFlow, type BotContext } from '../bot/flow.ts';
import { button, buttonRow, datePicker, fieldLabel, input, text } from '../cards/card-kit.ts';
import type { Rich } from '../cards/document.ts';
import { richPrompt } from '../cards/rich.ts';
import { fillTemplate } from '../cards/templates.ts';
import { remindedItem, saveDisposition } from '../db/reminders/disposition-store.ts';
import { addDays, epochDay, parseFeishuDate, shanghaiDate } from '../domain/shanghai-date.ts';
import type { Tx } from '../db/database.ts';
import { itemText } from './item-text.ts';
import { dueItemsOf, planningWith, uncoveredWarner } from './planner.ts';
import type { PromptKey } from '../bot/prompts.ts';

export const ANSWER_FLOW = 'reminder-answer';
const MAX_REASON = 200;

type Mode = 'snooze' | 'na';

function notice(ctx: BotContext, titleKey: PromptKey, message: Rich, color: string) {
  return fillTemplate('message', { title: ctx.t(titleKey), summary: ctx.t(titleKey), color }, {
    body: [text(message)],
    buttons: [buttonRow([button(ctx.t('reminders.btn.todo'), { cmd: 'run', command: 'todo' })])],
  });
}

/** The item as this person was reminded of it, or as it stands on their 待办 now; null if neither. */
async function itemOf(ctx: BotContext, item: string, period: string) {
  if (!ctx.person.id) return null;
  const sent = await remindedItem(ctx.db, ctx.person.id, item, period);
  if (sent) return sent;
  const onUncovered = uncoveredWarner(ctx.logger);
  const p = planningWith(ctx.policy, ctx.clock.now(), onUncovered);
  const due = await dueItemsOf(ctx.db, ctx.person.id, p, onUncovered);
  const hit = due.find((d) => d.itemKey === item && d.periodKey === period);
  return hit ? { itemType: hit.itemType, kind: hit.kind, regionCode: hit.regionCode, payload: hit.payload } : null;
}

export const answerFlow = defineFlow({
  id: ANSWER_FLOW,
  version: 1,
  roles: ['secretary', 'instructor', 'officer', 'admin'],
  titleKey: 'reminders.answer.flow',
  async start(ctx, args) {
    const item = typeof args.item === 'string' ? args.item.slice(0, 200) : '';
    const period = typeof args.period === 'string' ? args.period.slice(0, 40) : '';
    const mode: Mode = args.mode === 'na' ? 'na' : 'snooze';
    const found = item && period ? await itemOf(ctx, item, period) : null;
    if (!found) return { refuse: notice(ctx, 'reminders.answer.not_yours_title', richPrompt(ctx.t, 'reminders.answer.not_yours'), 'orange') };
    return {
      step: 'form',
      answers: { item, period, mode, itemType: found.itemType, kind: found.kind, regionCode: found.regionCode, payload: found.payload },
    };
  },
  steps: {
    form: {
      render(ctx, v) {
        const a = v.answers;
        const mode = a.mode as Mode;
        const label = itemText(ctx.t, { itemType: String(a.itemType), kind: String(a.kind), payload: a.payload as Record<string, unknown> }, { today: shanghaiDate(ctx.clock.now()) });
        const fields =
          mode === 'snooze'
            ? [
                fieldLabel(ctx.t('reminders.answer.until'), true, v.errors.until),
                datePicker({ name: 'until', label: ctx.t('reminders.answer.until'), required: true, value: String(a.until ?? addDays(shanghaiDate(ctx.clock.now()), 7)) }),
                input({ name: 'reason', label: ctx.t('reminders.answer.reason_optional'), value: String(a.reason ?? ''), maxLength: MAX_REASON }),
              ]
            : [
                fieldLabel(ctx.t('reminders.answer.reason'), true, v.errors.reason),
                input({ name: 'reason', label: ctx.t('reminders.answer.reason'), required: true, value: String(a.reason ?? ''), maxLength: MAX_REASON }),
              ];
        const title = ctx.t(mode === 'snooze' ? 'reminders.answer.snooze_title' : 'reminders.answer.na_title');
        return fillTemplate('form-step', { title, summary: title, color: 'blue', formName: 'reminder_answer' }, {
          intro: [text(richPrompt(ctx.t, 'reminders.answer.item', { item: label }))],
          fields,
          buttons: [
            buttonRow([
              button(ctx.t('reminders.answer.submit'), v.act('submit'), { type: 'strong', submit: true, name: 'ra_submit' }),
              button(ctx.t('engine.cancel'), v.act('cancel'), { name: 'ra_cancel' }),
            ]),
          ],
        });
      },
      async handle(ctx, i, a) {
        const mode = a.mode as Mode;
        const reason = typeof i.form.reason === 'string' ? i.form.reason.trim() : '';
        const typed = { ...a, reason, ...(typeof i.form.until === 'string' ? { until: i.form.until } : {}) };
        const errors: Record<string, string> = {};
        if ([...reason].length > MAX_REASON) errors.reason = ctx.t('engine.field_too_long', { max: MAX_REASON });
        let until: string | null = null;
        const today = shanghaiDate(ctx.clock.now());
        if (mode === 'snooze') {
          until = typeof i.form.until === 'string' ? parseFeishuDate(i.form.until) : null;
          if (!until || epochDay(until) <= epochDay(today)) errors.until = ctx.t('reminders.answer.err_until');
        } else if (!reason) errors.reason = ctx.t('reminders.answer.err_reason');
        if (Object.keys(errors).length) return { kind: 'invalid', errors, answers: typed };
        const kind = mode === 'snooze' ? 'snooze' : 'not_applicable';
        const before = await saveDisposition(ctx.db as Tx, {
          personId: ctx.person.id!,
          itemKey: String(a.item),
          periodKey: String(a.period),
          kind,
          until,
          reason: reason || null,
          regionCode: (a.regionCode as string | null) ?? null,
          label: { itemType: a.itemType, kind: a.kind, payload: a.payload },
          at: ctx.clock.now(),
        });
        await ctx.audit({
          action: 'update',
          entity: 'reminder_item',
          entityId: `${a.item}|${a.period}`,
          before,
          after: { kind, until, reason: reason || null },
          reason: reason || null,
        });
        return { kind: 'done', result: { mode, until, reason }, answers: typed };
      },
    },
  },
  confirmation(ctx, result) {
    if (result.mode === 'snooze') return notice(ctx, 'reminders.answer.snoozed_title', richPrompt(ctx.t, 'reminders.answer.snoozed', { date: String(result.until) }), 'green');
    return notice(ctx, 'reminders.answer.na_done_title', richPrompt(ctx.t, 'reminders.answer.na_done', { reason: String(result.reason) }), 'green');
  },
});
