import { z } from 'zod';
import { button, buttonRow, fieldLabel, input, select, text } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { adminsFor, insertFeedback } from '../../db/stores/feedback-store.ts';
import { defineFlow } from '../../bot/flow.ts';
import { flowCommand, type Feature } from '../../bot/feature.ts';
import { reachablePeople } from '../../bot/reachable-people.ts';

const MAX_TEXT = 1000;
const CATEGORIES = ['suggestion', 'complaint', 'question'] as const;

const formSchema = z.object({
  category: z.enum(CATEGORIES),
  text: z.string().trim().min(1).max(MAX_TEXT),
});

/** 投诉建议 (domain.md, 减负): anyone can send feedback; admins of their region get it. */
export const feedbackFlow = defineFlow({
  id: 'feedback',
  version: 1,
  roles: 'anyone',
  titleKey: 'feedback.flow',
  start: () => ({ step: 'form', answers: { category: 'suggestion' } }),
  steps: {
    form: {
      render: (ctx, v) =>
        fillTemplate('form-step', { title: ctx.t('feedback.title'), summary: ctx.t('feedback.title'), color: 'blue', formName: 'feedback' }, {
          intro: [text(ctx.t('feedback.intro'))],
          fields: [
            fieldLabel(ctx.t('feedback.category'), true, v.errors.category),
            select({
              name: 'category',
              label: ctx.t('feedback.category'),
              required: true,
              value: String(v.answers.category ?? 'suggestion'),
              options: CATEGORIES.map((c) => ({ value: c, text: ctx.t(`feedback.cat.${c}`) })),
            }),
            fieldLabel(ctx.t('feedback.text'), true, v.errors.text),
            input({ name: 'text', label: '', multiline: true, maxLength: MAX_TEXT, value: String(v.answers.text ?? ''), placeholder: ctx.t('feedback.text_placeholder') }),
          ],
          buttons: [
            buttonRow([
              button(ctx.t('feedback.submit'), v.act('submit'), { type: 'strong', submit: true, name: 'fb_submit' }),
              button(ctx.t('feedback.cancel'), v.act('cancel'), { name: 'fb_cancel' }),
            ]),
          ],
        }),
      handle: async (ctx, i, a) => {
        const typed = { category: i.form.category ?? a.category, text: typeof i.form.text === 'string' ? i.form.text : '' };
        const r = formSchema.safeParse(typed);
        if (!r.success) {
          const errors: Record<string, string> = {};
          for (const issue of r.error.issues) {
            const f = String(issue.path[0]);
            errors[f] = f === 'text' && typed.text.length > MAX_TEXT ? ctx.t('engine.field_too_long', { max: MAX_TEXT }) : ctx.t('engine.required');
          }
          return { kind: 'invalid', errors, answers: { ...a, ...typed } };
        }
        const region = ctx.person.roles.find((x) => x.regionCode)?.regionCode ?? null;
        const id = await insertFeedback(ctx.db, { personId: ctx.person.id, openId: ctx.person.openId, category: r.data.category, text: r.data.text, regionCode: region, createdAt: ctx.clock.now() });
        await ctx.audit({ action: 'create', entity: 'feedback', entityId: id, after: { category: r.data.category } });
        const admins = await reachablePeople(ctx, (await adminsFor(ctx.db, region)).map((x) => x.id), 'feedback');
        const who = ctx.person.name || ctx.t('feedback.anonymous');
        const card = fillTemplate('message', { title: ctx.t('feedback.notify_title'), summary: ctx.t('feedback.notify_title'), color: 'orange' }, {
          body: [text(richPrompt(ctx.t, 'feedback.notify', { category: ctx.t(`feedback.cat.${r.data.category}`), who, text: r.data.text }))],
        });
        ctx.after('feedback:notify', async () => {
          for (const a of admins) await ctx.messenger.sendCard(a.to, card, { uuid: `feedback-${id}-${a.personId}` });
        });
        return { kind: 'done', result: { id, text: r.data.text }, answers: { ...a, ...r.data } };
      },
    },
  },
  confirmation: (ctx, result) =>
    fillTemplate('message', { title: ctx.t('feedback.thanks_title'), summary: ctx.t('feedback.thanks_title'), color: 'green' }, {
      body: [text(richPrompt(ctx.t, 'feedback.thanks', { text: String(result.text) }))],
    }),
});

export const feedbackFeature: Feature = {
  flows: [feedbackFlow],
  commands: [flowCommand(feedbackFlow, 'feedback', ['投诉建议', '意见建议', '反馈'], { labelKey: 'help.feedback', order: 90 })],
};
