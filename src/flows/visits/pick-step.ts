/**
 * Step 1 of the visit flow: the instructor's assigned orgs, most overdue first, each with its last
 * visit and due date and a button; below, a search box for any org in their scope.
 */
import type { Answers, StepDef, StepOutcome } from '../../bot/flow.ts';
import { button, buttonRow, columns, input, text, type El } from '../../cards/card-kit.ts';
import type { Rich } from '../../cards/document.ts';
import { bold, lines, orange, red, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { findOrgInScope, searchOrgsInScope } from '../../db/visits/org-scope-store.ts';
import { instructorStandings } from '../../db/visits/visit-standing.ts';
import { scopeOf } from './instructor-scope.ts';
import { formAnswers, type Prefill } from './form-answers.ts';
import { dueLabel, lastVisitLabel } from './visit-labels.ts';
import { PICK_ROWS_MAX, SEARCH_ROWS_MAX } from './visit-rules.ts';

export interface PickAnswers {
  q?: string;
  prefill?: Prefill;
  /** Why step 1 was shown instead of the form (an org out of scope, free text not matched). */
  lead?: 'out_of_scope' | 'free_many' | 'free_none';
  /** The name typed in free text that matched nothing ("没有找到“华兴科技”…"). */
  leadName?: string;
}

function orgRow(about: Rich, pick: Record<string, unknown>, label: string): El {
  return columns([
    { elements: [text(about)], weight: 3 },
    { elements: [button(label, pick, { type: 'primary' })], weight: 1 },
  ]);
}

export const pickStep: StepDef = {
  async render(ctx, view) {
    const t = ctx.t;
    const a = view.answers as PickAnswers;
    const scope = scopeOf(ctx.person)!;
    const today = shanghaiDate(ctx.clock.now());
    const mine = await instructorStandings(ctx.db, scope.instructorId, today, ctx.policy);

    const intro: El[] = [];
    if (a.lead === 'free_none' && a.leadName) intro.push(text(orange(richPrompt(t, 'visit.pick.lead_free_named', { name: a.leadName }))));
    else if (a.lead) intro.push(text(orange(t(`visit.pick.lead_${a.lead}`))));
    if (a.prefill?.found) intro.push(text(t('visit.pick.prefill_hint'), { size: 'small' }));
    if (mine.length === 0) intro.push(text(t('visit.pick.none_assigned')));
    else intro.push(text(t('visit.pick.intro', { n: mine.length })));
    for (const o of mine.slice(0, PICK_ROWS_MAX)) {
      const s = o.standing;
      const due = dueLabel(t, s.cadence, today, { status: o.status, red: true });
      const about = lines([bold(o.name), richPrompt(t, 'visit.pick.row', { last: lastVisitLabel(t, s.lastVisit, today), due })]);
      intro.push(orgRow(about, view.act('pick', { org: o.id }), t('visit.btn.pick')));
    }
    if (mine.length > PICK_ROWS_MAX) intro.push(text(t('visit.pick.more', { n: mine.length - PICK_ROWS_MAX }), { size: 'small' }));

    const footer: El[] = [];
    if (a.q) {
      const found = await searchOrgsInScope(ctx.db, scope, a.q, SEARCH_ROWS_MAX);
      footer.push(text(richPrompt(t, 'visit.pick.results', { q: a.q, n: found.length })));
      for (const o of found) footer.push(orgRow(lines([bold(o.name), o.creditCode]), view.act('pick', { org: o.id }), t('visit.btn.pick')));
    }
    footer.push(buttonRow([button(t('visit.btn.cancel'), view.act('cancel'))]));

    const fields = [
      input({ name: 'q', label: t('visit.pick.search_label'), placeholder: t('visit.pick.search_placeholder'), value: a.q ?? '', maxLength: 100 }),
      ...(view.errors.q ? [text(red(view.errors.q))] : []),
    ];
    return fillTemplate(
      'form-step',
      { title: t('visit.pick.title'), summary: t('visit.pick.title'), color: 'red', formName: 'visit_search' },
      { intro, fields, buttons: [button(t('visit.btn.search'), view.act('search'), { name: 'search', submit: true })], footer },
    );
  },

  async handle(ctx, input, answers): Promise<StepOutcome> {
    const { lead: _shownOnce, leadName: _named, ...a } = answers as PickAnswers & Answers;
    const scope = scopeOf(ctx.person)!;
    if (input.action === 'search') {
      const q = typeof input.form.q === 'string' ? input.form.q.trim() : '';
      if (!q) return { kind: 'invalid', errors: { q: ctx.t('visit.err.search_empty') }, answers: { ...a, q: '' } };
      if ([...q].length > 100) return { kind: 'invalid', errors: { q: ctx.t('visit.err.search_long') }, answers: a };
      const found = await searchOrgsInScope(ctx.db, scope, q, 1);
      if (found.length === 0) return { kind: 'invalid', errors: { q: ctx.t('visit.err.search_none', { q }) }, answers: { ...a, q } };
      return { kind: 'goto', step: 'pick', answers: { ...a, q } };
    }
    if (input.action === 'pick') {
      const org = typeof input.value.org === 'string' ? await findOrgInScope(ctx.db, scope, input.value.org) : null;
      if (!org) return { kind: 'invalid', errors: {}, answers: a, notice: ctx.t('visit.err.out_of_scope') };
      return { kind: 'goto', step: 'form', answers: { ...(await formAnswers(ctx, org, a.prefill)) } };
    }
    return { kind: 'invalid', errors: {}, answers: a };
  },
};
