/**
 * How an org's 一企一策 reads: one line on 我的单位 and the lists, and the org's own card (the
 * confirmation after saving, and the answer to a reminder's or list's button).
 */
import type { BotContext } from '../../bot/flow.ts';
import type { Prompts } from '../../bot/prompts.ts';
import type { Card } from '../../bot/types.ts';
import { button, buttonRow, text, type El } from '../../cards/card-kit.ts';
import { bold, lines, red, rich, richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { daysBetween, shanghaiDate, type CalendarDate } from '../../domain/shanghai-date.ts';
import { orgPlan, planIsOwed, type OrgPlan } from '../../db/ledger/org-plan-store.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { mayPlan } from './plan-access.ts';

export const PLAN_FLOW = 'org-plan';
export const startPlanValue = (orgId: string) => ({ cmd: 'start', flow: PLAN_FLOW, args: { orgId } });
export const showPlanValue = (orgId: string) => ({ h: 'plan.show', orgId });

/** Days past the 完成时限 (0 while it has not passed, or when there is no plan). */
export function planOverdueDays(p: Pick<OrgPlan, 'dueOn'>, today: CalendarDate): number {
  return p.dueOn ? Math.max(0, daysBetween(p.dueOn, today)) : 0;
}

/** 一企一策：12月31日前完成（责任人 …） / 已逾期 n 天 / 尚未制定. */
export function planLine(t: Prompts, p: Pick<OrgPlan, 'dueOn' | 'owner'>, today: CalendarDate): RichPart {
  if (!p.dueOn) return t('plans.line.none');
  const vars = { date: dateLabel(t, p.dueOn, today), owner: p.owner ?? '' };
  const late = planOverdueDays(p, today);
  return late > 0 ? red(richPrompt(t, 'plans.line.overdue', { ...vars, days: late })) : richPrompt(t, 'plans.line.set', vars);
}

export function planMessage(title: string, body: El[], buttons: El[] = [], color = 'grey'): Card {
  return fillTemplate('message', { title, summary: title, color }, { body, buttons: buttons.length ? [buttonRow(buttons)] : [] });
}

/** The org's plan as stored, with the button to set or change it for those who may. */
export async function planCard(ctx: BotContext, orgId: string, lead?: string): Promise<Card> {
  const t = ctx.t;
  const p = await orgPlan(ctx.db, orgId);
  if (!p || !(await mayPlan(ctx.db, ctx.person, p))) return planMessage(t('plans.refused_title'), [text(t('plans.refused_scope'))], [], 'orange');
  const today = shanghaiDate(ctx.clock.now());
  const owed = planIsOwed(p);
  const body: El[] = [];
  if (lead) body.push(text(lead));
  const line = (label: string, value: RichPart) => rich(bold(label), '：', value);
  const rows: RichPart[] = [bold(p.orgName)];
  if (p.dueOn) {
    rows.push(line(t('plans.field.measures'), p.measures ?? ''));
    rows.push(line(t('plans.field.due_on'), dateLabel(t, p.dueOn, today)));
    rows.push(line(t('plans.field.owner'), p.owner ?? ''));
    const late = owed ? planOverdueDays(p, today) : 0;
    if (late > 0) rows.push(red(t('plans.card.overdue', { days: late })));
  } else rows.push(t('plans.card.none'));
  body.push(text(lines(rows)));
  if (p.updatedAt) {
    const date = dateLabel(t, shanghaiDate(p.updatedAt), today);
    body.push(text(p.updatedByName ? richPrompt(t, 'plans.card.recorded', { name: p.updatedByName, date }) : t('plans.card.recorded_anon', { date }), { size: 'small' }));
  }
  if (!owed) body.push(text(t('plans.card.not_owed'), { size: 'small' }));
  const buttons = owed ? [button(t(p.dueOn ? 'plans.btn.edit' : 'plans.btn.set'), startPlanValue(p.orgId), { type: 'primary' })] : [];
  return planMessage(t('plans.card.title'), body, buttons, lead ? 'green' : 'blue');
}
