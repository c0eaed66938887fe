/**
 * `org-plan`: record an org's 一企一策 / 一社一策 (000 二1; 武汉 二(三); 临沭 三(二)2: for every org
 * without a party org, measures, a schedule and a responsible person). One form; opened from the
 * saved-visit card, 我的单位, the plan list or a reminder, always on a known org. Saving again
 * replaces the plan (one plan per org), audited with what it was before.
 *
 * Start args: {orgId}.
 */
import { defineFlow, type Answers, type BotContext, type StepOutcome } from '../../bot/flow.ts';
import { button, buttonRow, datePicker, fieldLabel, input, text, type El } from '../../cards/card-kit.ts';
import { red, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { epochDay, parseFeishuDate, shanghaiDate } from '../../domain/shanghai-date.ts';
import { orgPlan, planIsOwed, savePlan, type OrgPlan } from '../../db/ledger/org-plan-store.ts';
import { mayPlan } from './plan-access.ts';
import { planCard, planMessage, PLAN_FLOW } from './plan-card.ts';

const MEASURES_MAX = 1000;
const OWNER_MAX = 40;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const errorLine = (msg?: string): El[] => (msg ? [text(red(msg))] : []);

/** The refusal for an org the person may not plan for, or that needs no plan; null when allowed. */
async function refusal(ctx: BotContext, p: OrgPlan | null) {
  const t = ctx.t;
  if (!p || !(await mayPlan(ctx.db, ctx.person, p))) return planMessage(t('plans.refused_title'), [text(t('plans.refused_scope'))], [], 'orange');
  if (!planIsOwed(p)) return planMessage(t('plans.refused_title'), [text(richPrompt(t, 'plans.refused_not_owed', { org: p.orgName }))], [], 'orange');
  return null;
}

function readForm(ctx: BotContext, form: Record<string, unknown>, today: string) {
  const t = ctx.t;
  const errors: Record<string, string> = {};
  const measures = str(form.measures);
  const owner = str(form.owner);
  const rawDate = str(form.due_on);
  if (!measures) errors.measures = t('engine.required');
  else if ([...measures].length > MEASURES_MAX) errors.measures = t('engine.field_too_long', { max: MEASURES_MAX });
  if (!owner) errors.owner = t('engine.required');
  else if ([...owner].length > OWNER_MAX) errors.owner = t('engine.field_too_long', { max: OWNER_MAX });
  const dueOn = rawDate ? parseFeishuDate(rawDate) : null;
  if (!rawDate) errors.due_on = t('engine.required');
  else if (!dueOn) errors.due_on = t('plans.err.date');
  else if (epochDay(dueOn) < epochDay(today)) errors.due_on = t('plans.err.past_date');
  const draft = { measures, owner, dueOn: dueOn ?? '' };
  return Object.keys(errors).length ? { errors, draft } : { errors, draft, fields: { measures, owner, dueOn: dueOn! } };
}

async function save(ctx: BotContext, form: Record<string, unknown>, answers: Answers): Promise<StepOutcome> {
  const orgId = String(answers.orgId);
  const today = shanghaiDate(ctx.clock.now());
  const read = readForm(ctx, form, today);
  const kept = { ...answers, ...read.draft };
  if (!read.fields) return { kind: 'invalid', errors: read.errors, answers: kept, notice: ctx.t('plans.err.fix_marked') };
  // Checked again under the row lock: the org may have gained a party org, or left the person's scope.
  const before = await orgPlan(ctx.db, orgId, { lock: true });
  const refused = await refusal(ctx, before);
  if (refused) return { kind: 'end', card: refused, toast: { type: 'warning', content: ctx.t('plans.refused_title') } };
  await savePlan(ctx.db, orgId, read.fields, { personId: ctx.person.id, at: ctx.clock.now() });
  await ctx.audit({
    action: before!.dueOn ? 'update' : 'create',
    entity: 'org',
    entityId: orgId,
    before: before!.dueOn ? { measures: before!.measures, dueOn: before!.dueOn, owner: before!.owner } : null,
    after: read.fields,
    reason: 'plan',
  });
  return { kind: 'done', result: { orgId }, answers: kept };
}

export const planFlow = defineFlow({
  id: PLAN_FLOW,
  version: 1,
  roles: ['instructor', 'officer', 'admin'],
  titleKey: 'plans.flow_title',
  async start(ctx, args) {
    const p = typeof args.orgId === 'string' ? await orgPlan(ctx.db, args.orgId) : null;
    const refused = await refusal(ctx, p);
    if (refused) return { refuse: refused };
    return {
      step: 'form',
      answers: { orgId: p!.orgId, orgName: p!.orgName, edit: !!p!.dueOn, measures: p!.measures ?? '', dueOn: p!.dueOn ?? '', owner: p!.owner ?? ctx.person.name },
    };
  },
  steps: {
    form: {
      render(ctx, view) {
        const t = ctx.t;
        const a = view.answers;
        const e = view.errors;
        const title = t(a.edit ? 'plans.form.title_edit' : 'plans.form.title');
        const intro: El[] = [text(richPrompt(t, 'plans.form.intro', { org: String(a.orgName) }))];
        if (view.notice) intro.push(text(red(view.notice)));
        const fields: El[] = [
          fieldLabel(t('plans.field.measures'), true),
          input({ name: 'measures', label: t('plans.field.measures'), required: true, multiline: true, maxLength: MEASURES_MAX, placeholder: t('plans.form.measures_placeholder'), value: str(a.measures) }),
          ...errorLine(e.measures),
          fieldLabel(t('plans.field.due_on'), true, e.due_on),
          datePicker({ name: 'due_on', label: t('plans.field.due_on'), required: true, value: str(a.dueOn) || undefined }),
          fieldLabel(t('plans.field.owner'), true),
          input({ name: 'owner', label: t('plans.field.owner'), required: true, maxLength: OWNER_MAX, placeholder: t('plans.form.owner_placeholder'), value: str(a.owner) }),
          ...errorLine(e.owner),
        ];
        return fillTemplate(
          'form-step',
          { title, subtitle: String(a.orgName), summary: title, color: 'red', formName: 'plan_form' },
          {
            intro,
            fields,
            buttons: [button(t('plans.btn.submit'), view.act('submit'), { type: 'strong', name: 'submit', submit: true })],
            footer: [buttonRow([button(t('engine.cancel'), view.act('cancel'))])],
          },
        );
      },
      handle(ctx, input, answers) {
        if (input.action !== 'submit') return { kind: 'invalid', errors: {}, answers };
        return save(ctx, input.form, answers);
      },
    },
  },
  confirmation(ctx, result) {
    return planCard(ctx, String(result.orgId), ctx.t('plans.card.saved'));
  },
});
