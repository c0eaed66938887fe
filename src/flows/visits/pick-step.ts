/**
 * Step 1 of the visit flow: the instructor's assigned orgs, most overdue first, each with its last
 * visit and due date and a button; below, a search box for any org in their scope. The database is
 * read here (loadPickData) and the card drawn from that data alone (pick-card.ts).
 */
import type { Answers, BotContext, StepDef, StepOutcome } from '../../bot/flow.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { findOrgInScope, searchOrgsInScope } from '../../db/visits/org-scope-store.ts';
import { instructorStandings } from '../../db/visits/visit-standing.ts';
import { scopeOf } from './instructor-scope.ts';
import { formAnswers } from './form-answers.ts';
import { pickCard, type PickAnswers, type PickData } from './pick-card.ts';
import { SEARCH_ROWS_MAX } from './visit-rules.ts';

/** The reads behind step 1: the instructor's standings and, when a search was typed, its hits. */
export async function loadPickData(ctx: BotContext, a: PickAnswers): Promise<PickData> {
  const scope = scopeOf(ctx.person)!;
  const today = shanghaiDate(ctx.clock.now());
  const mine = await instructorStandings(ctx.db, scope.instructorId, today, ctx.policy);
  const found = a.q ? await searchOrgsInScope(ctx.db, scope, a.q, SEARCH_ROWS_MAX) : null;
  return { today, mine, found };
}

export const pickStep: StepDef = {
  async render(ctx, view) {
    return pickCard(ctx.t, view, await loadPickData(ctx, view.answers as PickAnswers));
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
