/**
 * `party-org-facts`: a secretary keeps the org's facts current from chat — members (formal,
 * probationary, not transferred), committee size, founding and term dates ('facts'), the
 * party groups ('groups'), the reserve secretaries and last training dates ('people':
 * 004 §9 后备人才, §12 轮训), and this year's 入党积极分子 per org ('activists', 004 §11). Every change is audited and kept in party_org_fact_changes.
 */
import { defineFlow, type Answers, type BotContext, type StepDef, type StepOutcome } from '../../bot/flow.ts';
import { notice } from '../../bot/engine.ts';
import { button, buttonRow, checker, datePicker, fieldLabel, input, text, type El } from '../../cards/card-kit.ts';
import { red, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { epochDay, parseFeishuDate, shanghaiDate } from '../../domain/shanghai-date.ts';
import type { Tx } from '../../db/database.ts';
import { changeGroups, factsOf, getPartyOrg, groupsOf, lockPartyOrg, updateFacts, type GroupChange } from '../../db/meetings/party-org-store.ts';
import { isChecked, parseCount, str } from './meeting-validate.ts';
import { partyOrgCard } from './party-org-card.ts';
import { activistsStep, startActivists } from './activists-step.ts';
import { leads } from './scope.ts';
import type { PromptKey } from '../../bot/prompts.ts';

export const FACTS_FLOW = 'party-org-facts';
const GROUP_NAME_MAX = 30;
const COUNT_FIELDS = ['formal', 'probationary', 'untransferred', 'committee'] as const;
type DateField = 'founded_on' | 'term_started_on' | 'secretary_trained_on' | 'workers_trained_on';

const error = (s: string) => text(red(s));

function header(ctx: BotContext, subtitleKey: PromptKey) {
  const title = ctx.t('meetings.facts.flow');
  return { title, summary: title, color: 'red', subtitle: ctx.t(subtitleKey), formName: 'party_org_facts' };
}

function nav(ctx: BotContext, view: { act: (a: string) => Record<string, unknown> }) {
  return [buttonRow([button(ctx.t('engine.cancel'), view.act('cancel'))])];
}

type StepView = Parameters<StepDef['render']>[1];

/** Labelled date pickers for the named facts (meetings.facts.<name>), with each one's error. */
function dateFields(ctx: BotContext, view: StepView, names: readonly DateField[]): El[] {
  const form = (view.answers.form as Record<string, unknown>) ?? {};
  return names.flatMap((d) => [
    fieldLabel(ctx.t(`meetings.facts.${d}`), false, view.errors[d]),
    datePicker({ name: d, label: ctx.t(`meetings.facts.${d}`), value: parseFeishuDate(str(form[d])) ?? undefined }),
  ]);
}

/** The frame the 本支部 facts and the 后备书记和培训 steps share: the org's intro, the fields, save, cancel. */
async function factsForm(ctx: BotContext, view: StepView, subtitleKey: PromptKey, fields: El[]) {
  const { t } = ctx;
  const org = await getPartyOrg(ctx.db, view.answers.partyOrgId as string);
  const intro = [text(richPrompt(t, 'meetings.facts.intro', { org: org?.name ?? '' }))];
  if (view.notice) intro.push(error(view.notice));
  return fillTemplate('form-step', header(ctx, subtitleKey), {
    intro,
    fields,
    buttons: [button(t('meetings.btn.save'), view.act('submit'), { type: 'strong', name: 'submit', submit: true })],
    footer: nav(ctx, view),
  });
}

async function saveFacts(ctx: BotContext, form: Record<string, unknown>, answers: Answers): Promise<StepOutcome> {
  const { t } = ctx;
  const keep = { ...answers, form };
  if (!leads(ctx.person, answers.partyOrgId)) return { kind: 'end', card: notice(t('meetings.refused_title'), t('meetings.not_your_org'), [], 'orange') };
  const org = await lockPartyOrg(ctx.db as Tx, answers.partyOrgId);
  if (!org) return { kind: 'end', card: notice(t('meetings.refused_title'), t('meetings.not_your_org'), [], 'orange') };
  const errors: Record<string, string> = {};
  const counts: Partial<Record<(typeof COUNT_FIELDS)[number], number>> = {};
  for (const f of COUNT_FIELDS) {
    if (!str(form[f])) errors[f] = t('engine.required');
    else {
      const n = parseCount(form[f]);
      if (n === null) errors[f] = t('meetings.err.count');
      else counts[f] = n;
    }
  }
  const today = shanghaiDate(ctx.clock.now());
  const date = (name: string) => pastDate(ctx, form, name, today, errors);
  const foundedOn = date('founded_on') ?? org.foundedOn;
  const termStartedOn = date('term_started_on') ?? org.termStartedOn;
  if (!errors.term_started_on && foundedOn && termStartedOn && epochDay(termStartedOn) < epochDay(foundedOn)) {
    errors.term_started_on = t('meetings.err.term_before_founding', { date: foundedOn });
  }
  if (counts.committee !== undefined && counts.formal !== undefined && counts.committee > counts.formal) {
    errors.committee = t('meetings.err.committee_over', { committee: counts.committee, formal: counts.formal });
  }
  if (Object.keys(errors).length) return { kind: 'invalid', errors, answers: keep, notice: t('meetings.fix_errors', { n: Object.keys(errors).length }) };
  const now = ctx.clock.now();
  const { before, after } = await updateFacts(
    ctx.db as Tx,
    org,
    {
      ...factsOf(org),
      membersFormal: counts.formal!,
      membersProbationary: counts.probationary!,
      membersUntransferred: counts.untransferred!,
      committeeSize: counts.committee!,
      foundedOn,
      termStartedOn,
    },
    { personId: ctx.person.id, on: today, at: now },
  );
  if (Object.keys(after).length) await ctx.audit({ action: 'update', entity: 'party_org', entityId: org.id, before, after, reason: 'facts' });
  return { kind: 'done', result: { partyOrgId: org.id, changed: Object.keys(after).length }, answers: keep };
}

/** A date field that may not lie in the future; null when empty, an error when unreadable. */
function pastDate(ctx: BotContext, form: Record<string, unknown>, name: string, today: string, errors: Record<string, string>): string | null {
  const raw = str(form[name]);
  if (!raw) return null;
  const d = parseFeishuDate(raw);
  if (!d) errors[name] = ctx.t('meetings.err.date');
  else if (epochDay(d) > epochDay(today)) errors[name] = ctx.t('meetings.err.future_date');
  return d;
}

/** 004 §9 书记后备 (a count; empty = not reported) and 004 §12 the last 轮训 of the secretary and of the party workers. */
async function savePeople(ctx: BotContext, form: Record<string, unknown>, answers: Answers): Promise<StepOutcome> {
  const { t } = ctx;
  const keep = { ...answers, form };
  if (!leads(ctx.person, answers.partyOrgId)) return { kind: 'end', card: notice(t('meetings.refused_title'), t('meetings.not_your_org'), [], 'orange') };
  const org = await lockPartyOrg(ctx.db as Tx, answers.partyOrgId);
  if (!org) return { kind: 'end', card: notice(t('meetings.refused_title'), t('meetings.not_your_org'), [], 'orange') };
  const errors: Record<string, string> = {};
  let reserves: number | null = null;
  if (str(form.reserves)) {
    reserves = parseCount(form.reserves);
    if (reserves === null) errors.reserves = t('meetings.err.count');
  }
  const today = shanghaiDate(ctx.clock.now());
  // An empty picker keeps the date recorded (a picker cannot be cleared on every client).
  const secretaryTrainedOn = pastDate(ctx, form, 'secretary_trained_on', today, errors) ?? org.secretaryTrainedOn;
  const workersTrainedOn = pastDate(ctx, form, 'workers_trained_on', today, errors) ?? org.workersTrainedOn;
  if (Object.keys(errors).length) return { kind: 'invalid', errors, answers: keep, notice: t('meetings.fix_errors', { n: Object.keys(errors).length }) };
  const now = ctx.clock.now();
  const { before, after } = await updateFacts(
    ctx.db as Tx,
    org,
    { ...factsOf(org), reserveSecretaries: reserves, secretaryTrainedOn, workersTrainedOn },
    { personId: ctx.person.id, on: today, at: now },
  );
  if (Object.keys(after).length) await ctx.audit({ action: 'update', entity: 'party_org', entityId: org.id, before, after, reason: 'people' });
  return { kind: 'done', result: { partyOrgId: org.id, changed: Object.keys(after).length }, answers: keep };
}

async function saveGroups(ctx: BotContext, form: Record<string, unknown>, answers: Answers): Promise<StepOutcome> {
  const { t } = ctx;
  const keep = { ...answers, form };
  if (!leads(ctx.person, answers.partyOrgId)) return { kind: 'end', card: notice(t('meetings.refused_title'), t('meetings.not_your_org'), [], 'orange') };
  const org = await lockPartyOrg(ctx.db as Tx, answers.partyOrgId);
  if (!org) return { kind: 'end', card: notice(t('meetings.refused_title'), t('meetings.not_your_org'), [], 'orange') };
  const current = await groupsOf(ctx.db, [org.id]);
  const ids = (answers.groupIds as string[]) ?? [];
  const errors: Record<string, string> = {};
  const change: GroupChange = { renamed: [], added: [], removed: [] };
  const names: string[] = [];
  ids.forEach((id, i) => {
    const g = current.find((x) => x.id === id);
    if (!g) return; // removed meanwhile by someone else
    if (isChecked(form[`rm_${i}`])) return void change.removed.push({ id, name: g.name });
    const name = str(form[`g_${i}`]);
    if (!name) errors[`g_${i}`] = t('engine.required');
    else if ([...name].length > GROUP_NAME_MAX) errors[`g_${i}`] = t('engine.field_too_long', { max: GROUP_NAME_MAX });
    else if (names.includes(name)) errors[`g_${i}`] = t('meetings.err.group_duplicate');
    else {
      names.push(name);
      if (name !== g.name) change.renamed.push({ id, from: g.name, to: name });
    }
  });
  // Groups someone else added since this form opened stay as they are.
  for (const g of current) if (!ids.includes(g.id)) names.push(g.name);
  for (const name of str(form.new).split(/\r?\n|、|，|,/).map((s) => s.trim()).filter(Boolean)) {
    if ([...name].length > GROUP_NAME_MAX) errors.new = t('engine.field_too_long', { max: GROUP_NAME_MAX });
    else if (names.includes(name)) errors.new = t('meetings.err.group_duplicate');
    else {
      names.push(name);
      change.added.push(name);
    }
  }
  if (Object.keys(errors).length) return { kind: 'invalid', errors, answers: keep, notice: t('meetings.fix_errors', { n: Object.keys(errors).length }) };
  const now = ctx.clock.now();
  const count = change.renamed.length + change.added.length + change.removed.length;
  if (count) {
    await changeGroups(ctx.db as Tx, org.id, change, { personId: ctx.person.id, on: shanghaiDate(now), at: now });
    const after = await groupsOf(ctx.db, [org.id]);
    await ctx.audit({
      action: 'update',
      entity: 'party_org',
      entityId: org.id,
      before: { groups: current.map((g) => ({ id: g.id, name: g.name })) },
      after: { groups: after.map((g) => ({ id: g.id, name: g.name })) },
      reason: 'party_groups',
    });
  }
  return { kind: 'done', result: { partyOrgId: org.id, changed: count }, answers: keep };
}

export const partyOrgFactsFlow = defineFlow({
  id: FACTS_FLOW,
  version: 1,
  roles: ['secretary'],
  titleKey: 'meetings.facts.flow',
  async start(ctx, args) {
    const org = leads(ctx.person, args.partyOrgId) ? await getPartyOrg(ctx.db, args.partyOrgId) : undefined;
    if (!org) return { refuse: notice(ctx.t('meetings.refused_title'), ctx.t('meetings.not_your_org'), [], 'orange') };
    if (args.part === 'groups') {
      const groups = await groupsOf(ctx.db, [org.id]);
      const form: Record<string, unknown> = {};
      groups.forEach((g, i) => (form[`g_${i}`] = g.name));
      return { step: 'groups', answers: { partyOrgId: org.id, groupIds: groups.map((g) => g.id), form } };
    }
    if (args.part === 'activists') return startActivists(ctx, org);
    const f = factsOf(org);
    if (args.part === 'people') {
      const form = { reserves: f.reserveSecretaries === null ? '' : String(f.reserveSecretaries), secretary_trained_on: f.secretaryTrainedOn ?? '', workers_trained_on: f.workersTrainedOn ?? '' };
      return { step: 'people', answers: { partyOrgId: org.id, form } };
    }
    const form = {
      formal: String(f.membersFormal),
      probationary: String(f.membersProbationary),
      untransferred: String(f.membersUntransferred),
      committee: String(f.committeeSize),
      founded_on: f.foundedOn ?? '',
      term_started_on: f.termStartedOn ?? '',
    };
    return { step: 'facts', answers: { partyOrgId: org.id, form } };
  },
  steps: {
    facts: {
      async render(ctx, view) {
        const form = (view.answers.form as Record<string, unknown>) ?? {};
        const fields: El[] = [];
        for (const f of COUNT_FIELDS) {
          fields.push(input({ name: f, label: ctx.t(`meetings.facts.${f}`), required: true, value: str(form[f]), maxLength: 6 }));
          if (view.errors[f]) fields.push(error(view.errors[f]!));
        }
        fields.push(...dateFields(ctx, view, ['founded_on', 'term_started_on']));
        return factsForm(ctx, view, 'meetings.facts.step_facts', fields);
      },
      handle: (ctx, input, answers) => saveFacts(ctx, input.form, answers),
    },
    activists: activistsStep,
    people: {
      async render(ctx, view) {
        const form = (view.answers.form as Record<string, unknown>) ?? {};
        const fields: El[] = [input({ name: 'reserves', label: ctx.t('meetings.facts.reserves'), required: false, value: str(form.reserves), maxLength: 3 })];
        if (view.errors.reserves) fields.push(error(view.errors.reserves));
        fields.push(...dateFields(ctx, view, ['secretary_trained_on', 'workers_trained_on']));
        return factsForm(ctx, view, 'meetings.facts.step_people', fields);
      },
      handle: (ctx, input, answers) => savePeople(ctx, input.form, answers),
    },
    groups: {
      async render(ctx, view) {
        const { t } = ctx;
        const form = (view.answers.form as Record<string, unknown>) ?? {};
        const ids = (view.answers.groupIds as string[]) ?? [];
        const org = await getPartyOrg(ctx.db, view.answers.partyOrgId as string);
        const fields: El[] = [];
        ids.forEach((_, i) => {
          fields.push(input({ name: `g_${i}`, label: t('meetings.facts.group_n', { n: i + 1 }), required: false, value: str(form[`g_${i}`]), maxLength: GROUP_NAME_MAX }));
          if (view.errors[`g_${i}`]) fields.push(error(view.errors[`g_${i}`]!));
          fields.push(checker({ name: `rm_${i}`, text: t('meetings.facts.group_remove'), checked: isChecked(form[`rm_${i}`]) }));
        });
        fields.push(input({ name: 'new', label: t('meetings.facts.group_new'), value: str(form.new), multiline: true, placeholder: t('meetings.facts.group_new_ph'), maxLength: 500 }));
        if (view.errors.new) fields.push(error(view.errors.new));
        const intro = [text(richPrompt(t, ids.length ? 'meetings.facts.groups_intro' : 'meetings.facts.groups_intro_none', { org: org?.name ?? '' }))];
        if (view.notice) intro.push(error(view.notice));
        return fillTemplate('form-step', header(ctx, 'meetings.facts.step_groups'), {
          intro,
          fields,
          buttons: [button(t('meetings.btn.save'), view.act('submit'), { type: 'strong', name: 'submit', submit: true })],
          footer: nav(ctx, view),
        });
      },
      handle: (ctx, input, answers) => saveGroups(ctx, input.form, answers),
    },
  },
  confirmation(ctx, result) {
    const key = result.changed ? 'meetings.facts.saved' : 'meetings.facts.unchanged';
    return partyOrgCard(ctx, result.partyOrgId as string, ctx.t(key));
  },
});
