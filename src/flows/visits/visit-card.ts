/**
 * The card of one saved visit (the confirmation after submit, and the answer to "show" / edit):
 * the record as stored, this org's visits this month against the cadence, and what may still be
 * done with it (edit within 7 days, delete within 24 hours, log the next visit).
 */
import type { BotContext } from '../../bot/flow.ts';
import type { Card } from '../../bot/types.ts';
import { button, buttonRow, text, type El } from '../../cards/card-kit.ts';
import { bold, lines, rich, richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { orgsByIds } from '../../db/visits/org-scope-store.ts';
import { problemsOfVisit } from '../../db/visits/problem-store.ts';
import { orgStanding } from '../../db/visits/visit-standing.ts';
import { getVisit, type VisitRow } from '../../db/visits/visit-store.ts';
import { orgPlan, planIsOwed } from '../../db/ledger/org-plan-store.ts';
import { planLine, startPlanValue } from '../plans/plan-card.ts';
import { dueLabel, topicLabel, wayLabel } from './visit-labels.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { DELETE_WINDOW_MS, EDIT_WINDOW_MS } from './visit-rules.ts';

export const startVisitValue = (args: Record<string, unknown> = { fresh: true }) => ({ cmd: 'start', flow: 'visit', args });

export function messageCard(title: string, body: El[], buttons: El[] = [], color = 'grey'): Card {
  return fillTemplate('message', { title, summary: title, color }, { body, buttons: buttons.length ? [buttonRow(buttons)] : [] });
}

/** Shown in place of a record that was deleted (a stale confirmation, an old edit button). */
export function deletedCard(ctx: BotContext): Card {
  return messageCard(ctx.t('visit.deleted.title'), [text(ctx.t('visit.deleted.text'))], [button(ctx.t('visit.btn.new'), startVisitValue(), { type: 'primary' })]);
}

export async function visitCard(ctx: BotContext, visitId: string, lead?: string): Promise<Card> {
  const v = await getVisit(ctx.db, visitId);
  if (!v || v.deletedAt) return deletedCard(ctx);
  return renderVisit(ctx, v, lead);
}

async function renderVisit(ctx: BotContext, v: VisitRow, lead?: string): Promise<Card> {
  const t = ctx.t;
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const [org] = await orgsByIds(ctx.db, [v.orgId]);
  const orgName = org?.name ?? '';
  const { raised, solved } = await problemsOfVisit(ctx.db, v.id);
  const standing = org ? await orgStanding(ctx.db, org, v.instructorId, today, ctx.policy) : null;

  const line = (label: string, value: RichPart) => rich(bold(label), '：', value);
  const rows: RichPart[] = [
    line(t('visit.field.org'), orgName),
    line(t('visit.field.date'), dateLabel(t, v.visitedOn, today)),
    line(t('visit.field.way'), wayLabel(t, v.way)),
    line(t('visit.field.topics'), v.topics.map((x) => topicLabel(t, x)).join('、')),
  ];
  if (v.found) rows.push(line(t('visit.field.found'), v.found));
  if (raised.length > 0) rows.push(line(t('visit.field.problems'), raised.map((p) => p.text).join('；')));
  if (v.nextSteps) rows.push(line(t('visit.field.next_steps'), v.nextSteps));
  if (v.nextPlannedOn) rows.push(line(t('visit.field.next_planned'), dateLabel(t, v.nextPlannedOn, today)));
  if (solved.length > 0) rows.push(line(t('visit.field.solved'), solved.map((p) => p.text).join('；')));
  if (v.attachments.length > 0) rows.push(line(t('visit.field.attachments'), t('visit.attachments_count', { n: v.attachments.length })));

  const body: El[] = [];
  if (lead) body.push(text(lead));
  body.push(text(lines(rows)));
  if (standing) {
    const c = standing.cadence;
    body.push(
      text(
        richPrompt(t, 'visit.card.cadence', { done: c.doneThisMonth, required: c.requiredThisMonth, perMonth: standing.visitsPerMonth, due: dueLabel(t, c, today) }),
        { size: 'small' },
      ),
    );
  }
  const age = now.getTime() - v.createdAt.getTime();
  const mine = v.instructorId === ctx.person.id;
  // 一企一策 (000 二1): after visiting an org without a party org, its plan is one click away.
  const plan = mine ? await orgPlan(ctx.db, v.orgId) : null;
  const planOwed = !!plan && planIsOwed(plan);
  if (planOwed) body.push(text(planLine(t, plan!, today), { size: 'small' }));
  const buttons: El[] = [];
  if (mine && age <= EDIT_WINDOW_MS) buttons.push(button(t('visit.btn.edit'), startVisitValue({ editVisitId: v.id })));
  if (mine && age <= DELETE_WINDOW_MS) buttons.push(button(t('visit.btn.delete'), { h: 'visit.delete', visitId: v.id }, { type: 'danger' }));
  buttons.push(button(t('visit.btn.next'), startVisitValue(), { type: 'primary' }));
  if (planOwed) buttons.push(button(t(plan!.dueOn ? 'plans.btn.edit' : 'plans.btn.set'), startPlanValue(v.orgId)));
  if (mine && age <= EDIT_WINDOW_MS) body.push(text(t('visit.card.attach_hint'), { size: 'small' }));
  return messageCard(t('visit.card.title'), body, buttons, 'green');
}
