/**
 * `instructor-training`: an instructor records their own last 轮训 (004 §12 党建工作指导员……每两年
 * 轮训1次). One date, not in the future; saved on the person, audited. Opened from 我的单位 and
 * from the training reminder; `cli instructors trained` records the same.
 */
import { defineFlow, type StepOutcome } from '../../bot/flow.ts';
import { notice } from '../../bot/engine.ts';
import { button, buttonRow, datePicker, fieldLabel, text, type El } from '../../cards/card-kit.ts';
import { red } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { epochDay, parseFeishuDate, shanghaiDate } from '../../domain/shanghai-date.ts';
import type { Tx } from '../../db/database.ts';
import { instructorTraining, setInstructorTrainedOn } from '../../db/visits/instructor-training-store.ts';
import { scopeOf } from './instructor-scope.ts';

export const INSTRUCTOR_TRAINING_FLOW = 'instructor-training';
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export const instructorTrainingFlow = defineFlow({
  id: INSTRUCTOR_TRAINING_FLOW,
  version: 1,
  roles: ['instructor'],
  titleKey: 'visit.training.title',
  async start(ctx) {
    const scope = scopeOf(ctx.person);
    if (!scope) return { refuse: notice(ctx.t('visit.training.title'), ctx.t('visit.training.not_instructor'), [], 'orange') };
    const tr = await instructorTraining(ctx.db, ctx.policy, scope.instructorId, scope.regions[0] ?? null);
    return { step: 'date', answers: { trainedOn: tr.trainedOn ?? '', everyYears: tr.everyYears } };
  },
  steps: {
    date: {
      render(ctx, view) {
        const { t } = ctx;
        const today = shanghaiDate(ctx.clock.now());
        // The recorded date (what the intro says) and the picker's value (kept across a refused submit).
        const last = str(view.answers.trainedOn);
        const picked = str(view.answers.picked) || last;
        const intro: El[] = [text(t('visit.training.intro', { years: Number(view.answers.everyYears), last: last ? dateLabel(t, last, today) : t('visit.training.never') }))];
        if (view.notice) intro.push(text(red(view.notice)));
        return fillTemplate(
          'form-step',
          { title: t('visit.training.title'), summary: t('visit.training.title'), color: 'blue', formName: 'instructor_training' },
          {
            intro,
            fields: [
              fieldLabel(t('visit.training.field'), true, view.errors.trained_on),
              datePicker({ name: 'trained_on', label: t('visit.training.field'), required: true, value: parseFeishuDate(picked) ?? undefined }),
            ],
            buttons: [button(t('visit.training.save'), view.act('submit'), { type: 'strong', name: 'submit', submit: true })],
            footer: [buttonRow([button(t('engine.cancel'), view.act('cancel'))])],
          },
        );
      },
      async handle(ctx, input, answers): Promise<StepOutcome> {
        const { t } = ctx;
        const scope = scopeOf(ctx.person);
        if (!scope) return { kind: 'end', card: notice(t('visit.training.title'), t('visit.training.not_instructor'), [], 'orange') };
        const raw = str(input.form.trained_on);
        const d = raw ? parseFeishuDate(raw) : null;
        const today = shanghaiDate(ctx.clock.now());
        let error: string | null = null;
        if (!raw) error = t('engine.required');
        else if (!d) error = t('visit.training.err_date');
        else if (epochDay(d) > epochDay(today)) error = t('visit.training.err_future');
        if (error) return { kind: 'invalid', errors: { trained_on: error }, answers: { ...answers, picked: raw }, notice: error };
        const saved = await setInstructorTrainedOn(ctx.db as Tx, scope.instructorId, d!, ctx.clock.now());
        if (saved && saved.before !== d) {
          await ctx.audit({ action: 'update', entity: 'person', entityId: scope.instructorId, before: { instructorTrainedOn: saved.before }, after: { instructorTrainedOn: d }, reason: 'instructor_training' });
        }
        return { kind: 'done', result: { trainedOn: d }, answers: { ...answers, trainedOn: d } };
      },
    },
  },
  async confirmation(ctx, result) {
    const { t } = ctx;
    const scope = scopeOf(ctx.person);
    const tr = scope ? await instructorTraining(ctx.db, ctx.policy, scope.instructorId, scope.regions[0] ?? null) : null;
    const today = shanghaiDate(ctx.clock.now());
    return notice(t('visit.training.title'), t('visit.training.saved', { date: dateLabel(t, String(result.trainedOn), today), due: tr?.dueOn ? dateLabel(t, tr.dueOn, today) : '' }), [], 'green');
  },
});
