/**
 * The card of one saved visit (the confirmation after submit, and the answer to "show" / edit):
 * the record as stored, this org's visits this month against the cadence, and what may still be
 * done with it (edit within 7 days, delete within 24 hours, log the next visit). Drawn from the
 * view data visit-view.ts loads, with no database handle (issue 17 item 4: views are pure).
 */
import type { BotContext } from '../../bot/flow.ts';
import type { Prompts } from '../../bot/prompts.ts';
import type { Card } from '../../bot/types.ts';
import { button, buttonRow, text, type El } from '../../cards/card-kit.ts';
import { bold, lines, rich, richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import type { ProblemRow } from '../../db/visits/problem-store.ts';
import type { OrgStanding } from '../../db/visits/visit-standing.ts';
import type { VisitRow } from '../../db/visits/visit-store.ts';
import type { OrgPlan } from '../../db/ledger/org-plan-store.ts';
import { planLine, startPlanValue } from '../plans/plan-card.ts';
import { dueLabel, topicLabel, wayLabel } from './visit-labels.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { DELETE_WINDOW_MS, EDIT_WINDOW_MS } from './visit-rules.ts';

export const startVisitValue = (args: Record<string, unknown> = { fresh: true }) => ({ cmd: 'start', flow: 'visit', args });

export function messageCard(title: string, body: El[], buttons: El[] = [], color = 'grey'): Card {
  return fillTemplate('message', { title, summary: title, color }, { body, buttons: buttons.length ? [buttonRow(buttons)] : [] });
}

/** Shown in place of a record that was deleted (a stale confirmation, an old edit button). */
export function deletedCard(ctx: Pick<BotContext, 't'>): Card {
  return messageCard(ctx.t('visit.deleted.title'), [text(ctx.t('visit.deleted.text'))], [button(ctx.t('visit.btn.new'), startVisitValue(), { type: 'primary' })]);
}

/** Everything the card of one visit shows, read before drawing it (see loadVisitView). */
export interface VisitView {
  visit: Pick<VisitRow, 'id' | 'orgId' | 'visitedOn' | 'way' | 'topics' | 'found' | 'nextSteps' | 'nextPlannedOn' | 'attachments' | 'createdAt'>;
  orgName: string;
  raised: Array<Pick<ProblemRow, 'text'>>;
  solved: Array<Pick<ProblemRow, 'text'>>;
  /** The org's cadence as the visit's instructor sees it; null when the org is gone from the ledger. */
  standing: Pick<OrgStanding, 'cadence' | 'visitsPerMonth'> | null;
  /** Whether the viewer logged this visit (only they may edit, delete or attach). */
  mine: boolean;
  /** The org's 一企一策 when one is owed and the viewer logged the visit; else null. */
  plan: Pick<OrgPlan, 'dueOn' | 'owner'> | null;
  /** The instant the card is drawn at (the edit and delete windows count from the visit's creation). */
  now: Date;
}

export function renderVisitCard(t: Prompts, d: VisitView, lead?: string): Card {
  const { visit: v, raised, solved, standing, mine, plan, now } = d;
  const today = shanghaiDate(now);

  const line = (label: string, value: RichPart) => rich(bold(label), '：', value);
  const rows: RichPart[] = [
    line(t('visit.field.org'), d.orgName),
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
  // 一企一策 (000 二1): after visiting an org without a party org, its plan is one click away.
  if (plan) body.push(text(planLine(t, plan, today), { size: 'small' }));
  const buttons: El[] = [];
  if (mine && age <= EDIT_WINDOW_MS) buttons.push(button(t('visit.btn.edit'), startVisitValue({ editVisitId: v.id })));
  if (mine && age <= DELETE_WINDOW_MS) buttons.push(button(t('visit.btn.delete'), { h: 'visit.delete', visitId: v.id }, { type: 'danger' }));
  buttons.push(button(t('visit.btn.next'), startVisitValue(), { type: 'primary' }));
  if (plan) buttons.push(button(t(plan.dueOn ? 'plans.btn.edit' : 'plans.btn.set'), startPlanValue(v.orgId)));
  if (mine && age <= EDIT_WINDOW_MS) body.push(text(t('visit.card.attach_hint'), { size: 'small' }));
  return messageCard(t('visit.card.title'), body, buttons, 'green');
}
