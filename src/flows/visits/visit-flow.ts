/**
 * `visit`: an instructor logs a guidance visit (issue 5). Step 1 picks the org (skipped when the
 * org is known: a reminder's button, free text, "log the next visit" for an org); step 2 is the
 * form. An edit re-opens step 2 prefilled from the record.
 *
 * Start args: {orgId?, prefill?: {found, topics, visitedOn}, q?, editVisitId?, fresh?}.
 */
import { defineFlow, type BotContext, type StartOutcome } from '../../bot/flow.ts';
import { getVisit } from '../../db/visits/visit-store.ts';
import { findOrgInScope, orgsByIds } from '../../db/visits/org-scope-store.ts';
import { scopeOf } from './instructor-scope.ts';
import { cleanPrefill, editAnswers, formAnswers } from './form-answers.ts';
import { formStep } from './form-step.ts';
import { pickStep } from './pick-step.ts';
import { editRefusal } from './save-visit.ts';
import { deletedCard, messageCard } from './visit-card.ts';
import { visitCard } from './visit-view.ts';
import { text } from '../../cards/card-kit.ts';

async function startEdit(ctx: BotContext, visitId: string): Promise<StartOutcome> {
  const v = await getVisit(ctx.db, visitId);
  const why = editRefusal(v, ctx.person.id, ctx.clock.now());
  if (why === 'gone') return { refuse: deletedCard(ctx) };
  if (why === 'late') return { refuse: await visitCard(ctx, visitId, ctx.t('visit.edit.refused_late')) };
  if (why) return { refuse: messageCard(ctx.t('visit.card.title'), [text(ctx.t('visit.edit.refused_not_yours'))]) };
  const [org] = await orgsByIds(ctx.db, [v!.orgId]);
  return { step: 'form', answers: { ...(await editAnswers(ctx, v!, org?.name ?? '')) } };
}

export const visitFlow = defineFlow({
  id: 'visit',
  version: 1,
  roles: ['instructor'],
  titleKey: 'visit.flow_title',
  async start(ctx, args) {
    if (typeof args.editVisitId === 'string') return startEdit(ctx, args.editVisitId);
    const scope = scopeOf(ctx.person);
    if (!scope) return { refuse: messageCard(ctx.t('visit.flow_title'), [text(ctx.t('visit.not_instructor'))]) };
    const prefill = cleanPrefill(args.prefill);
    if (typeof args.orgId === 'string') {
      const org = await findOrgInScope(ctx.db, scope, args.orgId);
      if (org) return { step: 'form', answers: { ...(await formAnswers(ctx, org, prefill)) } };
      return { step: 'pick', answers: { prefill, lead: 'out_of_scope' } };
    }
    const q = typeof args.q === 'string' ? args.q.slice(0, 100) : undefined;
    const lead = args.lead === 'free_many' || args.lead === 'free_none' ? args.lead : undefined;
    const leadName = typeof args.leadName === 'string' ? args.leadName.slice(0, 40) : undefined;
    return { step: 'pick', answers: { q, prefill, lead, ...(lead === 'free_none' && leadName ? { leadName } : {}) } };
  },
  steps: { pick: pickStep, form: formStep },
  async confirmation(ctx, result) {
    const lead = result.edited ? ctx.t('visit.card.edited') : ctx.t('visit.card.saved');
    return visitCard(ctx, String(result.visitId), lead);
  },
});
