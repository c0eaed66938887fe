/**
 * 党员找组织: a member registers themself (issue 7 §1). Open to anyone who can message the bot,
 * people the ledger does not know included. Name and mobile come prefilled from the person's
 * record when the bot has one.
 */
import { checker, datePicker, fieldLabel, input, select, text } from '../../cards/card-kit.ts';
import { defineFlow, type BotContext, type StepView } from '../../bot/flow.ts';
import { AWAY_KINDS } from '../../db/schema/leads.ts';
import { isCalendarDate, shanghaiDate } from '../../domain/shanghai-date.ts';
import { errorText, fieldError, formCard } from './form-kit.ts';
import { checkAway, checkStanding, checkTakePart, checkText, checkYear } from './lead-validate.ts';
import { submitLead, submittedCard, updateOwnLead } from './lead-submit.ts';
import { getLead } from '../../db/leads/lead-store.ts';
import { ownSelfLead } from '../../db/leads/self-lead.ts';
import { button, buttonRow } from '../../cards/card-kit.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { againText, answersFrom } from './newcomer-card.ts';
import { whereStep } from './where-step.ts';
import { whoStep } from './who-step.ts';
import { dynamicKey } from '../../bot/prompts.ts';
import { richPrompt } from '../../cards/rich.ts';
import type { OrgHit } from '../../db/leads/workplace-search.ts';

const raw = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

async function renderAbout(ctx: BotContext, view: StepView) {
  const a = view.answers;
  const policy = ctx.policy.of(typeof a.regionCode === 'string' ? a.regionCode : '');
  const e = view.errors;
  const opt = (prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, text: ctx.t(dynamicKey(`${prefix}.${v}`)) }));
  const fields = [
    input({ name: 'relationshipAt', label: ctx.t('leads.field.relationship'), required: true, value: raw(a.relationshipAt), placeholder: ctx.t('leads.field.relationship_hint'), maxLength: 100 }),
    ...fieldError(ctx, e, 'relationshipAt'),
    fieldLabel(ctx.t('leads.field.standing'), true, errorText(ctx, e, 'standing')),
    select({ name: 'standing', label: ctx.t('leads.field.standing'), required: true, options: opt('leads.standing', ['formal', 'probationary']), value: raw(a.standing) || undefined }),
    input({ name: 'joinedYear', label: ctx.t('leads.field.joined'), required: true, value: raw(a.joinedYear), placeholder: ctx.t('leads.field.joined_hint'), maxLength: 4 }),
    ...fieldError(ctx, e, 'joinedYear'),
    fieldLabel(ctx.t('leads.field.away'), true, errorText(ctx, e, 'awayKind')),
    select({ name: 'awayKind', label: ctx.t('leads.field.away'), required: true, options: opt('leads.away', AWAY_KINDS), value: raw(a.awayKind) || undefined }),
    fieldLabel(ctx.t('leads.field.away_since'), false, errorText(ctx, e, 'awaySince')),
    datePicker({ name: 'awaySince', label: ctx.t('leads.field.away_since'), value: isCalendarDate(raw(a.awaySince)) ? raw(a.awaySince) : undefined }),
    fieldLabel(ctx.t('leads.field.take_part'), true, errorText(ctx, e, 'takePartAt')),
    select({ name: 'takePartAt', label: ctx.t('leads.field.take_part'), required: true, options: opt('leads.take_part', ['work', 'home']), value: raw(a.takePartAt) || undefined }),
    text(ctx.t('leads.self.consent_text', { days: policy.memberFinding.eraseNotMemberAfterDays }), { size: 'small' }),
    checker({ name: 'consent', text: ctx.t('leads.self.consent'), checked: a.consent === true }),
    ...fieldError(ctx, e, 'consent'),
  ];
  // The ledger org taken (picked, or typed exactly and not asked about): named, so a wrong one shows.
  const org = typeof a.workplaceOrgId === 'string' && Array.isArray(a.hits) ? (a.hits as OrgHit[]).find((h) => h.id === a.workplaceOrgId) : undefined;
  return formCard(ctx, view, {
    title: ctx.t('leads.self.title'),
    subtitle: ctx.t('leads.self.about_subtitle'),
    formName: 'lead_about',
    intro: org ? [text(richPrompt(ctx.t, 'leads.self.workplace', { name: org.name, region: org.regionName }))] : [],
    fields,
    submit: ctx.t('leads.submit'),
  });
}

export const memberSelfFlow = defineFlow({
  id: 'member-self',
  version: 1,
  roles: 'anyone',
  titleKey: 'leads.self.title',
  async start(ctx, args) {
    // Sent before: offer to update that submission rather than open a second lead.
    const earlier = await ownSelfLead(ctx.db, ctx.person);
    if (earlier) return args.update === true ? { step: 'who', answers: await answersFrom(ctx, earlier) } : { step: 'again', answers: { updateLeadId: earlier.id } };
    // Nothing typed twice: what the ledger knows about this person is filled in.
    return { step: 'who', answers: { name: ctx.person.name || '', mobile: ctx.person.mobile ?? '' } };
  },
  steps: {
    again: {
      async render(ctx, view) {
        const lead = await getLead(ctx.db, String(view.answers.updateLeadId ?? ''));
        const title = ctx.t('leads.self.title');
        return fillTemplate('message', { title, summary: title, color: 'orange' }, {
          body: lead ? [text(await againText(ctx, lead))] : [],
          buttons: [buttonRow([button(ctx.t('leads.known.update'), view.act('update'), { type: 'primary' }), button(ctx.t('engine.cancel'), view.act('cancel'))])],
        });
      },
      async handle(ctx, input, answers) {
        if (input.action !== 'update') return { kind: 'invalid', errors: {}, answers };
        const lead = await ownSelfLead(ctx.db, ctx.person);
        // Closed or erased meanwhile: a fresh registration, as for anyone.
        const next = lead && lead.id === answers.updateLeadId ? await answersFrom(ctx, lead) : { name: ctx.person.name || '', mobile: ctx.person.mobile ?? '' };
        return { kind: 'goto', step: 'who', answers: next };
      },
    },
    who: whoStep({
      titleKey: 'leads.self.title',
      introKey: 'leads.self.intro',
      mobileRequired: true,
      workplaceRequired: true,
      extra: [],
      exact: { kind: 'self', step: 'about' },
    }),
    where: whereStep('self', 'leads.self.title', 'about'),
    about: {
      render: renderAbout,
      async handle(ctx, inp, answers) {
        const f = inp.form;
        const today = shanghaiDate(ctx.clock.now());
        const typed = {
          ...answers,
          relationshipAt: raw(f.relationshipAt),
          standing: raw(f.standing),
          joinedYear: raw(f.joinedYear),
          awayKind: raw(f.awayKind),
          awaySince: raw(f.awaySince).slice(0, 10),
          takePartAt: raw(f.takePartAt),
          consent: f.consent === true,
        };
        const rel = checkText(f.relationshipAt, true, 100);
        const standing = checkStanding(f.standing, true);
        const year = checkYear(f.joinedYear, today, true);
        const away = checkAway(f.awayKind, f.awaySince, today);
        const take = checkTakePart(f.takePartAt, true);
        const errors: Record<string, string> = {};
        if (!rel.ok) errors.relationshipAt = rel.error;
        if (!standing.ok) errors.standing = standing.error;
        if (!year.ok) errors.joinedYear = year.error;
        if (!away.kind.ok) errors.awayKind = away.kind.error;
        if (!away.since.ok) errors.awaySince = away.since.error;
        if (!take.ok) errors.takePartAt = take.error;
        if (f.consent !== true) errors.consent = 'leads.err.consent';
        if (Object.keys(errors).length || !rel.ok || !standing.ok || !year.ok || !away.kind.ok || !away.since.ok || !take.ok) {
          return { kind: 'invalid', errors, answers: typed };
        }
        const values = {
          ...answers,
          relationshipAt: rel.value,
          standing: standing.value,
          joinedYear: year.value,
          awayKind: away.kind.value,
          awaySince: away.since.value,
          takePartAt: take.value,
        };
        return answers.updateLeadId ? updateOwnLead(ctx, values) : submitLead(ctx, 'self', values);
      },
    },
  },
  confirmation: (ctx, result) => submittedCard(ctx, result, 'self'),
});
