/**
 * `我的单位`: each org assigned to the instructor with its party-org status, last visit, next due
 * date and the problems still open from earlier visits, most overdue first, each with a button
 * that opens the visit form for it.
 */
import type { Command } from '../../bot/feature.ts';
import { button, buttonRow, hr, text, type El } from '../../cards/card-kit.ts';
import { bold, lines, richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { openProblemsOfOrgs } from '../../db/visits/problem-store.ts';
import { planIsOwed, plansOfOrgs } from '../../db/ledger/org-plan-store.ts';
import { planLine, startPlanValue } from '../plans/plan-card.ts';
import { instructorStandings, visitsOwed } from '../../db/visits/visit-standing.ts';
import { scopeOf } from './instructor-scope.ts';
import { startVisitValue } from './visit-card.ts';
import { dueLabel, lastVisitLabel, partyOrgStatus } from './visit-labels.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { PICK_ROWS_MAX } from './visit-rules.ts';
import { instructorTraining } from '../../db/visits/instructor-training-store.ts';
import { INSTRUCTOR_TRAINING_FLOW } from './instructor-training-flow.ts';

const PROBLEMS_SHOWN = 3;

export const myOrgsCommand: Command = {
  id: 'my-orgs',
  words: ['我的单位', '我联系的单位', '联系单位'],
  roles: ['instructor'],
  help: { labelKey: 'visit.help.my_orgs', order: 11 },
  async run(ctx) {
    const t = ctx.t;
    const scope = scopeOf(ctx.person);
    if (!scope) return null;
    const today = shanghaiDate(ctx.clock.now());
    const orgs = await instructorStandings(ctx.db, scope.instructorId, today);
    const problems = await openProblemsOfOrgs(ctx.db, orgs.map((o) => o.id));
    const plans = await plansOfOrgs(ctx.db, orgs.slice(0, PICK_ROWS_MAX).map((o) => o.id));
    const body: El[] = [text(orgs.length ? t('visit.my.intro', { n: orgs.length }) : t('visit.my.none'))];
    // 004 §12 党建工作指导员每两年轮训1次: the instructor's own training, and a button to record it.
    const tr = await instructorTraining(ctx.db, scope.instructorId, scope.regions[0] ?? null);
    const trainingLine = t('visit.my.training', {
      // 上次9月15日, or 未登记 on its own (not "上次未登记").
      last: tr.trainedOn ? t('visit.my.training_last', { date: dateLabel(t, tr.trainedOn, today) }) : t('visit.training.never'),
      years: tr.everyYears,
      due: tr.dueOn ? t('visit.my.training_due', { date: dateLabel(t, tr.dueOn, today) }) : '',
    });
    body.push(text(trainingLine, { size: 'small' }), buttonRow([button(t('visit.btn.training'), { cmd: 'start', flow: INSTRUCTOR_TRAINING_FLOW, args: {} })]));
    for (const o of orgs.slice(0, PICK_ROWS_MAX)) {
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
      body.push(hr(), text(lines(rows)), buttonRow(buttons));
    }
    if (orgs.length > PICK_ROWS_MAX) body.push(text(t('visit.pick.more', { n: orgs.length - PICK_ROWS_MAX }), { size: 'small' }));
    return fillTemplate('message', { title: t('visit.my.title'), summary: t('visit.my.title'), color: 'blue' }, {
      body,
      // Every listed org has its own 记录走访 button: a second, identical one below the last would
      // read as a duplicate. The pick list is offered only for what the list does not reach.
      buttons:
        orgs.length === 0
          ? [buttonRow([button(t('visit.btn.new'), startVisitValue(), { type: 'primary' })])]
          : orgs.length > PICK_ROWS_MAX
            ? [buttonRow([button(t('visit.btn.log_other'), startVisitValue())])]
            : [],
    });
  },
};
