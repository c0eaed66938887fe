/**
 * Step 2 of the visit flow: one form. Only date, way and one topic are required; the rest is
 * optional, and earlier open problems of the org are offered to tick as solved.
 */
import type { BotContext, StepDef, StepOutcome } from '../../bot/flow.ts';
import { button, buttonRow, checker, datePicker, fieldLabel, input, multiSelect, select, text, type El } from '../../cards/card-kit.ts';
import { red, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { findOrgInScope } from '../../db/visits/org-scope-store.ts';
import { openProblemsOfOrg } from '../../db/visits/problem-store.ts';
import { scopeOf } from './instructor-scope.ts';
import { earliestDate, type FormAnswers } from './form-answers.ts';
import { createVisit, editVisit } from './save-visit.ts';
import { deletedCard, messageCard } from './visit-card.ts';
import { visitCard } from './visit-view.ts';
import { readVisitForm, solvedName } from './visit-form-values.ts';
import { topicOptions, wayOptions } from './visit-labels.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { PROBLEMS_OFFERED_MAX, TEXT_MAX } from './visit-rules.ts';

const errorLine = (msg?: string): El[] => (msg ? [text(red(msg))] : []);
const PROBLEM_TEXT_SHOWN = 60;

/** The earlier problems the form offers to tick: the oldest first, as many as a phone shows. */
async function offeredProblems(ctx: BotContext, a: FormAnswers) {
  const open = await openProblemsOfOrg(ctx.db, a.orgId, a.editVisitId);
  return { shown: open.slice(0, PROBLEMS_OFFERED_MAX), more: Math.max(0, open.length - PROBLEMS_OFFERED_MAX) };
}

export const formStep: StepDef = {
  async render(ctx, view) {
    const t = ctx.t;
    const a = view.answers as unknown as FormAnswers;
    const e = view.errors;
    const today = shanghaiDate(ctx.clock.now());
    const { shown: open, more } = await offeredProblems(ctx, a);

    const fields: El[] = [
      fieldLabel(t('visit.field.date'), true, e.visited_on),
      datePicker({ name: 'visited_on', label: t('visit.field.date'), required: true, value: a.visitedOn || undefined }),
      fieldLabel(t('visit.field.way'), true, e.way),
      select({ name: 'way', label: t('visit.field.way'), required: true, options: wayOptions(t), value: a.way || undefined }),
      fieldLabel(t('visit.field.topics'), true, e.topics),
      multiSelect({ name: 'topics', label: t('visit.field.topics'), required: true, options: topicOptions(t), values: a.topics }),
      input({ name: 'found', label: t('visit.field.found'), placeholder: t('visit.form.found_placeholder'), multiline: true, maxLength: TEXT_MAX, value: a.found }),
      ...errorLine(e.found),
      input({ name: 'problems', label: t('visit.field.problems'), placeholder: t('visit.form.problems_placeholder'), multiline: true, maxLength: TEXT_MAX, value: a.problems }),
      ...errorLine(e.problems),
      input({ name: 'next_steps', label: t('visit.field.next_steps'), placeholder: t('visit.form.next_steps_placeholder'), multiline: true, maxLength: TEXT_MAX, value: a.nextSteps }),
      ...errorLine(e.next_steps),
      fieldLabel(t('visit.field.next_planned'), false, e.next_planned_on),
      datePicker({ name: 'next_planned_on', label: t('visit.field.next_planned'), value: a.nextPlannedOn || undefined }),
    ];
    if (open.length > 0) {
      fields.push(fieldLabel(t('visit.form.open_problems', { n: open.length + more })));
      for (const p of open) {
        const shown = [...p.text].length > PROBLEM_TEXT_SHOWN ? `${[...p.text].slice(0, PROBLEM_TEXT_SHOWN).join('')}…` : p.text;
        fields.push(checker({ name: solvedName(p.id), text: t('visit.form.problem_item', { text: shown, date: dateLabel(t, p.raisedOn, today) }), checked: a.solved.includes(p.id) }));
      }
      if (more > 0) fields.push(text(t('visit.form.problems_more', { n: more }), { size: 'small' }));
    }
    const footer: El[] = [];
    const nav: El[] = [];
    if (view.canGoBack) nav.push(button(t('visit.btn.back'), view.act('back')));
    else if (a.mode === 'new') nav.push(button(t('visit.btn.change_org'), view.act('change')));
    nav.push(button(t('visit.btn.cancel'), view.act('cancel')));
    footer.push(buttonRow(nav));
    const title = a.mode === 'edit' ? t('visit.form.title_edit') : t('visit.form.title');
    return fillTemplate(
      'form-step',
      { title, subtitle: a.orgName, summary: title, color: 'red', formName: 'visit_form' },
      {
        intro: [text(richPrompt(t, a.mode === 'edit' ? 'visit.form.intro_edit' : 'visit.form.intro', { org: a.orgName }))],
        fields,
        buttons: [button(t('visit.btn.submit'), view.act('submit'), { type: 'strong', name: 'submit', submit: true })],
        footer,
      },
    );
  },

  async handle(ctx, input, answers): Promise<StepOutcome> {
    const a = answers as unknown as FormAnswers;
    if (input.action === 'change' && a.mode === 'new') {
      // Opened straight on an org (free text, a reminder): choose another, keeping what was typed.
      const prefill = { found: a.found, topics: a.topics, visitedOn: a.visitedOn };
      return { kind: 'goto', step: 'pick', answers: { prefill } };
    }
    if (input.action !== 'submit') return { kind: 'invalid', errors: {}, answers };
    const today = shanghaiDate(ctx.clock.now());
    const offered = (await offeredProblems(ctx, a)).shown.map((p) => p.id);
    const read = readVisitForm(ctx.t, input.form, a, { today, earliest: earliestDate(a, today), offered });
    const kept = { ...a, ...read.draft } as unknown as Record<string, unknown>;
    if (!read.fields) return { kind: 'invalid', errors: read.errors, answers: kept, notice: ctx.t('visit.err.fix_marked') };

    if (a.mode === 'edit') {
      const r = await editVisit(ctx, a.editVisitId!, read.fields, read.draft.solved);
      if (!r.ok) {
        const why = ctx.t(`visit.edit.refused_${r.why}`);
        const card =
          r.why === 'gone' ? deletedCard(ctx) : r.why === 'late' ? await visitCard(ctx, a.editVisitId!, why) : messageCard(ctx.t('visit.card.title'), [text(why)]);
        return { kind: 'end', card, toast: { type: 'warning', content: why } };
      }
      return { kind: 'done', result: { visitId: a.editVisitId!, edited: true }, answers: kept };
    }
    // The assignment may have changed since the form was opened.
    const org = await findOrgInScope(ctx.db, scopeOf(ctx.person)!, a.orgId);
    if (!org) return { kind: 'invalid', errors: {}, answers: kept, notice: ctx.t('visit.err.out_of_scope') };
    const visitId = await createVisit(ctx, { orgId: a.orgId, idempotencyKey: a.key, fields: read.fields, solved: read.draft.solved });
    return { kind: 'done', result: { visitId }, answers: kept };
  },
};
