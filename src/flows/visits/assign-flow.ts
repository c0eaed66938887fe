/**
 * `visit-assign`: an officer assigns an instructor to an org of their region, or ends an
 * assignment. Past the caps (I1: orgs with a party org, I2: without; from the policy) it is
 * refused unless the officer confirms an exception with a reason, which is stored and audited.
 */
import { defineFlow, type Answers, type BotContext, type StepOutcome, type StepView } from '../../bot/flow.ts';
import { button, buttonRow, fieldLabel, input, select, text, type El } from '../../cards/card-kit.ts';
import type { Rich } from '../../cards/document.ts';
import { red, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { findPeopleByIds } from '../../db/stores/people-store.ts';
import {
  addAssignment,
  findOrgsInRegion,
  getAssignment,
  getRegionOrg,
  instructorLoads,
  instructorsForRegion,
  removeAssignment,
  type RegionInstructor,
  type RegionOrg,
} from '../../db/visits/assignment-store.ts';
import { officerRegion } from './instructor-scope.ts';
import { messageCard, startVisitValue } from './visit-card.ts';
import { partyOrgStatus } from './visit-labels.ts';
import { REASON_MAX } from './visit-rules.ts';
import { checkInstructorCap } from '../../domain/instructor-caps.ts';
import { reachablePeople } from '../../bot/reachable-people.ts';

/** Up to this many instructors the officer picks from a list; past it they type a name or mobile. */
const OPTIONS_MAX = 100;
const byName = new Intl.Collator('zh-CN');
const errorLine = (msg?: string): El[] => (msg ? [text(red(msg))] : []);

interface AssignAnswers {
  instructorId?: string;
  /** What the officer typed when the region has too many instructors for a list. */
  instructorQuery?: string;
  orgQuery?: string;
  op?: 'assign' | 'unassign';
  orgId?: string;
  reason?: string;
}

async function instructorsOf(ctx: BotContext, region: string) {
  return (await instructorsForRegion(ctx.db, region)).sort((a, b) => byName.compare(a.name, b.name));
}

/** Whether assigning this org would take the instructor past a cap, and the numbers to show. */
async function capCheck(ctx: BotContext, region: string, instructorId: string, org: RegionOrg) {
  const instructor = (await instructorsOf(ctx, region)).find((i) => i.id === instructorId);
  const caps = ctx.policy.of(instructor?.regionCode ?? region).instructors;
  const load = (await instructorLoads(ctx.db, [instructorId])).get(instructorId)!;
  const withParty = org.formation !== 'none';
  // I1 + I2 (002 二(二)) or I1b (004 §10), as the region's policy chooses: src/domain/instructor-caps.ts
  const { rule, after, cap, exceeds } = checkInstructorCap(caps, load, withParty, org.status === 'operating');
  return { withParty, rule, after, cap, exceeds, load, caps };
}

/** The instructor the officer typed: by mobile, else by exact name, else by a unique part of a name. */
function matchInstructor(t: BotContext['t'], all: RegionInstructor[], q: string): { instructor?: RegionInstructor; error?: string } {
  const digits = q.replace(/\D/g, '');
  const byMobile = digits.length >= 11 ? all.filter((i) => i.mobile && i.mobile.replace(/\D/g, '').endsWith(digits.slice(-11))) : [];
  const exact = all.filter((i) => i.name === q);
  const part = all.filter((i) => i.name.includes(q));
  const hits = byMobile.length ? byMobile : exact.length ? exact : part;
  if (hits.length === 1) return { instructor: hits[0] };
  if (hits.length === 0) return { error: t('visit.assign.err.instructor_none', { q }) };
  return { error: t('visit.assign.err.instructor_many', { names: hits.slice(0, 5).map((i) => i.name).join('、') }) };
}

async function renderChoose(ctx: BotContext, view: StepView) {
  const t = ctx.t;
  const a = view.answers as AssignAnswers;
  const region = officerRegion(ctx.person)!;
  const people = await instructorsOf(ctx, region);
  const choose: El[] =
    people.length > OPTIONS_MAX
      ? [
          input({ name: 'instructor_q', label: t('visit.assign.instructor'), placeholder: t('visit.assign.instructor_placeholder'), required: true, value: a.instructorQuery ?? '', maxLength: 50 }),
          ...errorLine(view.errors.instructor),
        ]
      : [
          fieldLabel(t('visit.assign.instructor'), true, view.errors.instructor),
          select({ name: 'instructor', label: t('visit.assign.instructor'), required: true, options: people.map((p) => ({ value: p.id, text: p.name })), value: a.instructorId }),
        ];
  const fields: El[] = [
    ...choose,
    input({ name: 'org', label: t('visit.assign.org'), placeholder: t('visit.assign.org_placeholder'), required: true, value: a.orgQuery ?? '', maxLength: 100 }),
    ...errorLine(view.errors.org),
    fieldLabel(t('visit.assign.op'), true, view.errors.op),
    select({
      name: 'op',
      label: t('visit.assign.op'),
      required: true,
      options: [
        { value: 'assign', text: t('visit.assign.op_assign') },
        { value: 'unassign', text: t('visit.assign.op_unassign') },
      ],
      value: a.op ?? 'assign',
    }),
  ];
  return fillTemplate(
    'form-step',
    { title: t('visit.assign.title'), summary: t('visit.assign.title'), color: 'blue', formName: 'assign_choose' },
    {
      intro: [text(people.length ? t('visit.assign.intro') : t('visit.assign.no_instructors'))],
      fields,
      buttons: [button(t('visit.btn.next_step'), view.act('submit'), { type: 'strong', name: 'next', submit: true })],
      footer: [buttonRow([button(t('visit.btn.cancel'), view.act('cancel'))])],
    },
  );
}

async function handleChoose(ctx: BotContext, form: Record<string, unknown>, answers: Answers): Promise<StepOutcome> {
  const t = ctx.t;
  const region = officerRegion(ctx.person)!;
  const orgQuery = typeof form.org === 'string' ? form.org.trim().slice(0, 100) : '';
  const op = form.op === 'unassign' ? 'unassign' : form.op === 'assign' ? 'assign' : undefined;
  const errors: Record<string, string> = {};
  const all = await instructorsOf(ctx, region);
  let instructor: RegionInstructor | undefined;
  let instructorQuery: string | undefined;
  if (typeof form.instructor_q === 'string') {
    instructorQuery = form.instructor_q.trim().slice(0, 50);
    const m = instructorQuery ? matchInstructor(t, all, instructorQuery) : { error: t('visit.err.required') };
    instructor = m.instructor;
    if (m.error) errors.instructor = m.error;
  } else {
    instructor = all.find((i) => i.id === form.instructor);
    if (!instructor) errors.instructor = t('visit.assign.err.instructor');
  }
  const kept = { ...answers, instructorId: instructor?.id, instructorQuery, orgQuery, op };
  if (!op) errors.op = t('visit.err.required');
  let org: RegionOrg | undefined;
  if (!orgQuery) errors.org = t('visit.err.required');
  else {
    const found = await findOrgsInRegion(ctx.db, region, orgQuery);
    const exact = found.filter((o) => o.name === orgQuery || o.creditCode === orgQuery.toUpperCase());
    org = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : undefined;
    if (found.length === 0) errors.org = t('visit.assign.err.org_none', { q: orgQuery });
    else if (!org) errors.org = t('visit.assign.err.org_many', { names: found.slice(0, 5).map((o) => o.name).join('、') });
  }
  if (instructor && org && op) {
    const existing = await getAssignment(ctx.db, instructor.id, org.id);
    if (op === 'assign' && existing) errors.org = t('visit.assign.err.already', { name: instructor.name, org: org.name });
    if (op === 'unassign' && !existing) errors.org = t('visit.assign.err.not_assigned', { name: instructor.name, org: org.name });
  }
  if (Object.keys(errors).length > 0) return { kind: 'invalid', errors, answers: kept };
  return { kind: 'goto', step: 'confirm', answers: { ...kept, orgId: org!.id } };
}

async function renderConfirm(ctx: BotContext, view: StepView) {
  const t = ctx.t;
  const a = view.answers as AssignAnswers;
  const region = officerRegion(ctx.person)!;
  const org = (await getRegionOrg(ctx.db, region, a.orgId!))!;
  const [person] = await findPeopleByIds(ctx.db, [a.instructorId!]);
  const vars = { name: person?.name ?? '', org: org.name, status: partyOrgStatus(t, org) };
  const intro: El[] = [];
  const fields: El[] = [];
  let submitLabel = t('visit.assign.confirm_unassign');
  if (a.op === 'assign') {
    const c = await capCheck(ctx, region, a.instructorId!, org);
    intro.push(text(richPrompt(t, 'visit.assign.confirm_assign_text', vars)));
    intro.push(
      text(
        t('visit.assign.load', {
          with: c.load.withPartyOrg,
          capWith: c.caps.maxOrgsWithPartyOrg,
          without: c.load.withoutPartyOrg,
          capWithout: c.caps.maxOrgsWithoutPartyOrg,
        }),
        { size: 'small' },
      ),
    );
    submitLabel = t('visit.assign.confirm_assign');
    if (c.exceeds) {
      intro.push(text(red(t(`visit.assign.over_${c.rule}`, { cap: c.cap, after: c.after }))));
      fields.push(
        input({ name: 'reason', label: t('visit.assign.reason'), placeholder: t('visit.assign.reason_placeholder'), required: true, multiline: true, maxLength: REASON_MAX, value: a.reason ?? '' }),
        ...errorLine(view.errors.reason),
      );
      submitLabel = t('visit.assign.confirm_exception');
    }
  } else intro.push(text(richPrompt(t, 'visit.assign.confirm_unassign_text', vars)));
  const nav: El[] = [];
  if (view.canGoBack) nav.push(button(t('visit.btn.back'), view.act('back')));
  nav.push(button(t('visit.btn.cancel'), view.act('cancel')));
  return fillTemplate(
    'form-step',
    { title: t('visit.assign.title'), summary: t('visit.assign.title'), color: 'blue', formName: 'assign_confirm' },
    { intro, fields, buttons: [button(submitLabel, view.act('submit'), { type: a.op === 'assign' ? 'strong' : 'strong-danger', name: 'confirm', submit: true })], footer: [buttonRow(nav)] },
  );
}

async function handleConfirm(ctx: BotContext, form: Record<string, unknown>, answers: Answers): Promise<StepOutcome> {
  const t = ctx.t;
  const a = answers as AssignAnswers;
  const region = officerRegion(ctx.person)!;
  const org = await getRegionOrg(ctx.db, region, a.orgId ?? '');
  const instructor = (await instructorsOf(ctx, region)).find((i) => i.id === a.instructorId);
  if (!org || !instructor) return { kind: 'goto', step: 'choose', answers };
  const now = ctx.clock.now();
  const key = `${instructor.id}:${org.id}`;
  if (a.op === 'unassign') {
    const removed = await removeAssignment(ctx.db, instructor.id, org.id);
    if (!removed) return { kind: 'invalid', errors: {}, answers, notice: t('visit.assign.err.not_assigned', { name: instructor.name, org: org.name }) };
    await ctx.audit({ action: 'delete', entity: 'instructor_assignment', entityId: key, before: removed });
    await tellInstructor(ctx, instructor.id, richPrompt(t, 'visit.assign.notify_unassign', { org: org.name }), false);
    return { kind: 'done', result: { op: 'unassign', instructorId: instructor.id, orgId: org.id }, answers };
  }
  const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
  const kept = { ...answers, reason };
  const c = await capCheck(ctx, region, instructor.id, org);
  if (c.exceeds && !reason) return { kind: 'invalid', errors: { reason: t('visit.assign.err.reason') }, answers: kept };
  if ([...reason].length > REASON_MAX) return { kind: 'invalid', errors: { reason: t('visit.err.too_long', { max: REASON_MAX, n: [...reason].length }) }, answers: kept };
  const exceptionReason = c.exceeds ? reason : null;
  const added = await addAssignment(ctx.db, { instructorId: instructor.id, orgId: org.id, assignedOn: shanghaiDate(now), exceptionReason, at: now });
  if (!added) return { kind: 'invalid', errors: {}, answers: kept, notice: t('visit.assign.err.already', { name: instructor.name, org: org.name }) };
  await ctx.audit({
    action: 'create',
    entity: 'instructor_assignment',
    entityId: key,
    after: { instructorId: instructor.id, orgId: org.id, assignedOn: shanghaiDate(now), exceptionReason, load: c.load, caps: { withPartyOrg: c.caps.maxOrgsWithPartyOrg, withoutPartyOrg: c.caps.maxOrgsWithoutPartyOrg } },
    reason: exceptionReason,
  });
  await tellInstructor(ctx, instructor.id, richPrompt(t, 'visit.assign.notify_assign', { org: org.name }), org.id);
  return { kind: 'done', result: { op: 'assign', instructorId: instructor.id, orgId: org.id, exception: c.exceeds }, answers: kept };
}

/** The instructor hears of the change after the commit (a message to someone else). */
async function tellInstructor(ctx: BotContext, instructorId: string, news: Rich, orgId: string | false) {
  const [p] = await reachablePeople(ctx, [instructorId], 'visit-assign');
  if (!p) return;
  const buttons = orgId ? [button(ctx.t('visit.btn.log_for'), startVisitValue({ orgId }), { type: 'primary' })] : [];
  const card = messageCard(ctx.t('visit.assign.notify_title'), [text(news)], buttons, 'blue');
  ctx.after('visit-assign: tell instructor', () => ctx.messenger.sendCard(p.to, card));
}

export const assignFlow = defineFlow({
  id: 'visit-assign',
  version: 1,
  roles: ['officer'],
  titleKey: 'visit.assign.title',
  start(ctx) {
    if (!officerRegion(ctx.person)) return { refuse: messageCard(ctx.t('visit.assign.title'), [text(ctx.t('visit.overview.no_region'))], [], 'orange') };
    return { step: 'choose', answers: { op: 'assign' } };
  },
  steps: {
    choose: { render: (ctx, view) => renderChoose(ctx, view), handle: (ctx, input, answers) => handleChoose(ctx, input.form, answers) },
    confirm: { render: (ctx, view) => renderConfirm(ctx, view), handle: (ctx, input, answers) => handleConfirm(ctx, input.form, answers) },
  },
  async confirmation(ctx, result) {
    const t = ctx.t;
    const region = officerRegion(ctx.person) ?? '';
    const org = await getRegionOrg(ctx.db, region, String(result.orgId));
    const [person] = await findPeopleByIds(ctx.db, [String(result.instructorId)]);
    const vars = { name: person?.name ?? '', org: org?.name ?? '' };
    const key = result.op === 'unassign' ? 'visit.assign.done_unassign' : result.exception ? 'visit.assign.done_exception' : 'visit.assign.done_assign';
    return messageCard(t('visit.assign.title'), [text(richPrompt(t, key, vars))], [
      button(t('visit.btn.assign_more'), { cmd: 'start', flow: 'visit-assign', args: { fresh: true } }, { type: 'primary' }),
      button(t('visit.btn.overview'), { cmd: 'run', command: 'visit-overview' }),
    ], 'green');
  },
});
