/**
 * `一企一策`: the orgs owed a plan (operating, no party org) in the person's scope — an officer's
 * regions, an instructor's assigned orgs — with the figures (owed, with a plan, overdue) and one
 * filter at a time: all, without a plan, with one, overdue. Each row opens the org's plan.
 */
import type { ActionHandler, Command, TxContext } from '../../bot/feature.ts';
import type { Card } from '../../bot/types.ts';
import { button, buttonRow, hr, text, type El } from '../../cards/card-kit.ts';
import { bold, lines } from '../../cards/rich.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { listPlans, planCounts, PLAN_FILTERS, type PlanFilter } from '../../db/ledger/org-plan-store.ts';
import { planListScope } from './plan-access.ts';
import { planCard, planLine, planMessage, showPlanValue, startPlanValue } from './plan-card.ts';

/** Rows on one card: each takes a divider, a text and a button row, well inside Feishu's limits. */
export const PLAN_ROWS_MAX = 10;

const isFilter = (v: unknown): v is PlanFilter => typeof v === 'string' && (PLAN_FILTERS as readonly string[]).includes(v);

export async function planListCard(ctx: TxContext, filter: PlanFilter, offset = 0): Promise<Card> {
  const t = ctx.t;
  const scope = planListScope(ctx.person);
  if (!scope) return planMessage(t('plans.list.title'), [text(t('plans.list.not_allowed'))]);
  const today = shanghaiDate(ctx.clock.now());
  const counts = await planCounts(ctx.db, scope, today);
  if (counts.owed === 0) return planMessage(t('plans.list.title'), [text(t('plans.list.none'))]);
  const page = await listPlans(ctx.db, scope, filter, today, { limit: PLAN_ROWS_MAX, offset });
  const body: El[] = [
    text(t('plans.list.summary', { owed: counts.owed, with: counts.withPlan, without: counts.owed - counts.withPlan, overdue: counts.overdue })),
    text(t('plans.filter.current', { filter: t(`plans.filter.${filter}`) }), { size: 'small' }),
  ];
  if (page.items.length === 0) body.push(text(t('plans.list.empty')));
  for (const p of page.items) {
    const open = p.dueOn ? button(t('plans.btn.list'), showPlanValue(p.orgId)) : button(t('plans.btn.set'), startPlanValue(p.orgId), { type: 'primary' });
    body.push(hr(), text(lines([bold(p.orgName), planLine(t, p, today)])), buttonRow([open]));
  }
  const left = page.total - offset - page.items.length;
  const buttons = PLAN_FILTERS.filter((f) => f !== filter).map((f) => button(t(`plans.filter.${f}`), { h: 'plan.list', filter: f }));
  if (left > 0) {
    body.push(text(t('plans.list.more', { n: left }), { size: 'small' }));
    buttons.push(button(t('plans.btn.next_page'), { h: 'plan.list', filter, offset: offset + PLAN_ROWS_MAX }));
  }
  return planMessage(t('plans.list.title'), body, buttons, 'blue');
}

export const planListCommand: Command = {
  id: 'plans',
  words: ['一企一策', '一社一策', '一企一策清单'],
  roles: ['instructor', 'officer', 'admin'],
  help: { labelKey: 'plans.help.list', order: 13 },
  run: (ctx) => planListCard(ctx, 'all'),
};

const list: ActionHandler = async (ctx, value) => {
  const offset = Number.isInteger(value.offset) && (value.offset as number) > 0 ? (value.offset as number) : 0;
  return { card: await planListCard(ctx, isFilter(value.filter) ? value.filter : 'all', offset) };
};

/** The org's plan card; planCard itself refuses an org outside the person's scope. */
const show: ActionHandler = async (ctx, value) => ({ card: await planCard(ctx, typeof value.orgId === 'string' ? value.orgId : '') });

export const planActions: Record<string, ActionHandler> = { 'plan.list': list, 'plan.show': show };
