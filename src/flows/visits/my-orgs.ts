/**
 * `我的单位`: each org assigned to the instructor with its party-org status, last visit, next due
 * date and the problems still open from earlier visits, most overdue first, each with a button
 * that opens the visit form for it.
 *
 * The first screen answers "where do I go next?" on a phone (issue 20 item 5): counts by what
 * needs doing, then the MY_ORGS_FIRST orgs that need a visit most, and 查看全部 for the full list
 * (a new card). The order is the visit form's (byUrgency): orgs owed a visit first, the most
 * overdue first, then the soonest due, so an org assigned last week does not crowd out one left
 * unvisited for months, and one visited this month sinks to the end.
 */
import type { Command, TxContext } from '../../bot/feature.ts';
import { button, buttonRow, hr, text, type El } from '../../cards/card-kit.ts';
import { bold, lines, richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { openProblemsOfOrgs } from '../../db/visits/problem-store.ts';
import { planIsOwed, plansOfOrgs } from '../../db/ledger/org-plan-store.ts';
import { planLine, startPlanValue } from '../plans/plan-card.ts';
import { instructorStandings, visitsOwed } from '../../db/visits/visit-standing.ts';
import type { Prompts } from '../../bot/prompts.ts';
import { scopeOf } from './instructor-scope.ts';
import { startVisitValue } from './visit-card.ts';
import { dueLabel, lastVisitLabel, partyOrgStatus } from './visit-labels.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { PICK_ROWS_MAX } from './visit-rules.ts';
import { instructorTraining } from '../../db/visits/instructor-training-store.ts';
import { INSTRUCTOR_TRAINING_FLOW } from './instructor-training-flow.ts';

const PROBLEMS_SHOWN = 3;
/** Orgs on the first screen: about one phone screen under the counts. */
export const MY_ORGS_FIRST = 5;

type Standing = Awaited<ReturnType<typeof instructorStandings>>[number];
type Problems = Awaited<ReturnType<typeof openProblemsOfOrgs>>;
type Plans = Awaited<ReturnType<typeof plansOfOrgs>>;

/** "2 家走访已逾期 · 3 家本月还需走访 · 4 条问题未解决": what needs doing, zero counts left out. */
function countsLine(t: Prompts, orgs: readonly Standing[], problems: Problems): string {
  const owed = orgs.filter(visitsOwed);
  const overdue = owed.filter((o) => o.standing.cadence.overdueDays > 0).length;
  const due = owed.filter((o) => o.standing.cadence.overdueDays <= 0 && o.standing.cadence.doneThisMonth < o.standing.cadence.requiredThisMonth).length;
  const parts = [
    overdue ? t('visit.my.count.overdue', { n: overdue }) : '',
    due ? t('visit.my.count.due', { n: due }) : '',
    problems.length ? t('visit.my.count.problems', { n: problems.length }) : '',
  ].filter(Boolean);
  return parts.length ? parts.join(t('visit.my.count.sep')) : t('visit.my.count.none');
}

function orgBlocks(t: Prompts, o: Standing, problems: Problems, plans: Plans, today: string): El[] {
  const s = o.standing;
  const open = problems.filter((p) => p.orgId === o.id);
  const due = dueLabel(t, s.cadence, today, { status: o.status, red: true });
  const rows: RichPart[] = [
    bold(o.name),
    richPrompt(t, 'visit.my.party_org', { status: partyOrgStatus(t, o) }),
    visitsOwed(o)
      ? richPrompt(t, 'visit.my.visits', { last: lastVisitLabel(t, s.lastVisit, today), done: s.cadence.doneThisMonth, required: s.cadence.requiredThisMonth, due })
      : richPrompt(t, 'visit.my.visits_not_owed', { last: lastVisitLabel(t, s.lastVisit, today), due }),
  ];
  if (open.length > 0) {
    rows.push(t('visit.my.problems', { n: open.length }));
    for (const p of open.slice(0, PROBLEMS_SHOWN)) rows.push(richPrompt(t, 'visit.my.problem_item', { text: p.text, date: dateLabel(t, p.raisedOn, today) }));
    if (open.length > PROBLEMS_SHOWN) rows.push(t('visit.my.problems_more', { n: open.length - PROBLEMS_SHOWN }));
  }
  // 一企一策 (000 二1): an org without a party org shows its plan, and a button to set or change it.
  const plan = plans.get(o.id);
  const owed = plan && planIsOwed(plan);
  if (owed) rows.push(planLine(t, plan, today));
  const buttons = [button(t('visit.btn.log_for'), startVisitValue({ orgId: o.id }))];
  if (owed) buttons.push(button(t(plan.dueOn ? 'plans.btn.edit' : 'plans.btn.set'), startPlanValue(o.id)));
  return [hr(), text(lines(rows)), buttonRow(buttons)];
}

async function myOrgsCard(ctx: TxContext, all: boolean) {
  const t = ctx.t;
  const scope = scopeOf(ctx.person);
  if (!scope) return null;
  const today = shanghaiDate(ctx.clock.now());
  const orgs = await instructorStandings(ctx.db, scope.instructorId, today, ctx.policy);
  const shown = orgs.slice(0, all ? PICK_ROWS_MAX : MY_ORGS_FIRST);
  const problems = await openProblemsOfOrgs(ctx.db, orgs.map((o) => o.id));
  const plans = await plansOfOrgs(ctx.db, shown.map((o) => o.id));
  const body: El[] = [text(orgs.length ? t(all ? 'visit.my.intro_all' : 'visit.my.intro', { n: orgs.length }) : t('visit.my.none'))];
  if (orgs.length) body.push(text(bold(countsLine(t, orgs, problems))));
  // 004 §12 党建工作指导员每两年轮训1次: the instructor's own training, and a button to record it.
  const tr = await instructorTraining(ctx.db, ctx.policy, scope.instructorId, scope.regions[0] ?? null);
  const trainingLine = t('visit.my.training', {
    // 上次9月15日, or 未登记 on its own (not "上次未登记").
    last: tr.trainedOn ? t('visit.my.training_last', { date: dateLabel(t, tr.trainedOn, today) }) : t('visit.training.never'),
    years: tr.everyYears,
    due: tr.dueOn ? t('visit.my.training_due', { date: dateLabel(t, tr.dueOn, today) }) : '',
  });
  body.push(text(trainingLine, { size: 'small' }), buttonRow([button(t('visit.btn.training'), { cmd: 'start', flow: INSTRUCTOR_TRAINING_FLOW, args: {} })]));
  for (const o of shown) body.push(...orgBlocks(t, o, problems, plans, today));
  const rest = orgs.length - shown.length;
  if (rest > 0) body.push(text(t(all ? 'visit.pick.more' : 'visit.my.more', { n: rest }), { size: 'small' }));
  // Every listed org has its own 记录走访 button: a second, identical one below the last would
  // read as a duplicate. The first screen offers the full list; the full list, the pick list for
  // what it does not reach.
  let buttons: El[] = [];
  if (orgs.length === 0) buttons = [buttonRow([button(t('visit.btn.new'), startVisitValue(), { type: 'primary' })])];
  else if (rest > 0 && !all) buttons = [buttonRow([button(t('visit.btn.my_all', { n: orgs.length }), { cmd: 'run', command: 'my-orgs', args: { all: true } }, { type: 'primary' })])];
  else if (rest > 0) buttons = [buttonRow([button(t('visit.btn.log_other'), startVisitValue())])];
  return fillTemplate('message', { title: t('visit.my.title'), summary: t('visit.my.title'), color: 'blue' }, { body, buttons });
}

export const myOrgsCommand: Command = {
  id: 'my-orgs',
  words: ['我的单位', '我联系的单位', '联系单位'],
  roles: ['instructor'],
  help: { labelKey: 'visit.help.my_orgs', order: 11 },
  // 查看全部 opens the full list as a new card (a `run` from a card), the first screen stays.
  run: (ctx, args) => myOrgsCard(ctx, args.all === true),
};
