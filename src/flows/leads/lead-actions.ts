/**
 * Buttons on a lead card: view it, move it to its next state, hand it to another party org.
 * Each checks the clicker first (issue 7 §9: the assignee or an officer of the lead's region may
 * act; the registrants may look), then the card's revision, then the order of states.
 */
import { button, buttonRow, fieldLabel, input, select, text, type El } from '../../cards/card-kit.ts';
import { richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import type { ActionHandler, TxContext } from '../../bot/feature.ts';
import type { ActionReply, Card } from '../../bot/types.ts';
import type { Membership } from '../../db/schema/leads.ts';
import type { PromptKey } from '../../bot/prompts.ts';
import { getLead, lockLead, recordAssignment, recordTransition, sourcesOf, type LeadRow } from '../../db/leads/lead-store.ts';
import { accessTo, partyOrgInScope, partyOrgsInScope } from '../../db/leads/lead-access.ts';
import { recipientsOf, routeToPartyOrg } from '../../db/leads/lead-routing.ts';
import { addMembership } from '../../db/leads/party-org-members.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { auditView, leadCard, loadLeadView } from './lead-card.ts';
import { notifyHandlers, notifySelf } from './lead-notify.ts';
import { canMove, isLeadState, isOpen, needsPartyOrg, type PlacedState } from './lead-states.ts';
import { checkText, str } from './lead-validate.ts';

const error = (content: string): ActionReply => ({ toast: { type: 'error', content } });

/** The lead card as this person may see it, with the view recorded. */
export async function cardFor(ctx: TxContext, lead: LeadRow, reason: string, notice?: RichPart): Promise<Card> {
  const access = await accessTo(ctx.db, ctx.person, lead);
  const view = await loadLeadView(ctx.db, ctx.policy, lead, ctx.clock.now(), ctx.logger);
  await auditView(ctx.db, ctx.person, lead.id, ctx.clock.now(), access.see ? reason : `${reason}:masked`);
  return leadCard(ctx.t, view, { full: access.see, actions: access.act, today: shanghaiDate(ctx.clock.now()), notice });
}

const view: ActionHandler = async (ctx, value, form) => {
  // From a card's button (value) or from a list's select (form).
  const lead = await getLead(ctx.db, str(value.leadId) || str(form.leadId));
  if (!lead) return error(ctx.t('leads.err.no_lead'));
  return { card: await cardFor(ctx, lead, 'opened') };
};

/** The card asking which party org (and, for incorporated, which kind of membership). */
async function partyOrgForm(ctx: TxContext, lead: LeadRow, to: PlacedState, errors: Record<string, PromptKey>, typed: Record<string, unknown>): Promise<ActionReply> {
  const choices = await partyOrgsInScope(ctx.db, ctx.person, lead.regionCode);
  if (choices.length === 0) return error(ctx.t('leads.err.no_party_org_in_scope'));
  const preset = str(typed.partyOrg) || (choices.some((c) => c.id === lead.assigneePartyOrgId) ? lead.assigneePartyOrgId! : undefined);
  const err = (k: string) => (errors[k] ? ctx.t(errors[k]) : undefined);
  const fields: El[] = [
    fieldLabel(ctx.t('leads.inc.party_org'), true, err('partyOrg')),
    select({ name: 'partyOrg', label: ctx.t('leads.inc.party_org'), required: true, options: choices.map((c) => ({ value: c.id, text: c.name })), value: preset }),
  ];
  if (to === 'incorporated') {
    fields.push(
      fieldLabel(ctx.t('leads.inc.membership'), true, err('membership')),
      select({
        name: 'membership',
        label: ctx.t('leads.inc.membership'),
        required: true,
        options: (['participating', 'primary'] as const).map((m) => ({ value: m, text: ctx.t(`leads.membership.${m}`) })),
        value: str(typed.membership) || 'participating',
      }),
    );
  } else {
    fields.push(text(ctx.t('leads.inc.transfer_hint'), { size: 'small' }));
  }
  fields.push(input({ name: 'note', label: ctx.t('leads.field.step_note'), value: str(typed.note), maxLength: 200 }));
  const submit = button(ctx.t(`leads.to.${to}`), { h: 'lead.state', leadId: lead.id, to, rev: lead.revision, confirm: true }, { type: 'primary', submit: true, name: 'confirm' });
  const back = button(ctx.t('engine.back'), { h: 'lead.view', leadId: lead.id }, { name: 'back' });
  return {
    card: fillTemplate(
      'form-step',
      { title: ctx.t(`leads.to.${to}`), subtitle: ctx.t(`leads.inc.subtitle`), color: 'green', summary: ctx.t(`leads.to.${to}`), formName: 'lead_inc' },
      { intro: [text(richPrompt(ctx.t, 'leads.inc.intro', { name: lead.name ?? '' }))], fields, buttons: [buttonRow([submit, back])], footer: [] },
    ),
  };
}

const changeState: ActionHandler = async (ctx, value, form) => {
  const lead = await lockLead(ctx.db, str(value.leadId));
  if (!lead) return error(ctx.t('leads.err.no_lead'));
  const to = value.to;
  if (!isLeadState(to)) return error(ctx.t('engine.unknown_action'));
  const access = await accessTo(ctx.db, ctx.person, lead);
  if (!access.act) return error(ctx.t('leads.err.not_entitled'));
  if (value.rev !== lead.revision) return { toast: { type: 'warning', content: ctx.t('leads.err.stale') }, card: await cardFor(ctx, lead, 'stale') };
  if (lead.erasedAt || !canMove(lead.state, to)) {
    return {
      toast: { type: 'error', content: ctx.t('leads.err.order', { from: ctx.t(`leads.state.${lead.state}`), to: ctx.t(`leads.state.${to}`) }) },
      card: await cardFor(ctx, lead, 'refused'),
    };
  }
  const note = checkText(form.note, false, 200);
  if (!note.ok) return error(ctx.t(note.error));

  let partyOrg: { id: string; name: string } | null = null;
  let membership: Membership | null = null;
  if (needsPartyOrg(to)) {
    if (value.confirm !== true) return partyOrgForm(ctx, lead, to, {}, form);
    const errors: Record<string, PromptKey> = {};
    const picked = str(form.partyOrg);
    partyOrg = picked ? await partyOrgInScope(ctx.db, ctx.person, picked) : null;
    if (!picked) errors.partyOrg = 'leads.err.pick';
    else if (!partyOrg) errors.partyOrg = 'leads.err.party_org_scope';
    membership = to === 'transferred' ? 'primary' : form.membership === 'primary' || form.membership === 'participating' ? form.membership : null;
    if (!membership) errors.membership = 'leads.err.pick';
    if (Object.keys(errors).length) return { toast: { type: 'error', content: ctx.t(Object.values(errors)[0]!) }, ...(await partyOrgForm(ctx, lead, to, errors, form)) };
  }

  const now = ctx.clock.now();
  const actor = { id: ctx.person.id, label: ctx.person.id ? null : ctx.person.openId };
  const updated = await recordTransition(ctx.db, lead, to, actor, now, note.value);
  if (partyOrg && membership) {
    await addMembership(ctx.db, { partyOrgId: partyOrg.id, leadId: lead.id, personId: lead.personId, membership, since: shanghaiDate(now) });
  }
  await ctx.audit({
    action: 'update',
    entity: 'lead',
    entityId: lead.id,
    before: { state: lead.state },
    after: { state: to, ...(partyOrg ? { partyOrgId: partyOrg.id, membership } : {}) },
  });
  const changed = richPrompt(ctx.t, 'leads.notice.changed', { who: ctx.person.name || '', to: ctx.t(`leads.state.${to}`) });
  await notifyHandlers(
    ctx,
    updated,
    await recipientsOf(ctx.db, { via: updated.assignedVia, personId: updated.assigneePersonId, partyOrgId: updated.assigneePartyOrgId, regionCode: updated.regionCode }),
    changed,
  );
  if (partyOrg && needsPartyOrg(to)) {
    // The member who came forward hears where they now belong.
    for (const s of await sourcesOf(ctx.db, lead.id)) {
      if (s.kind === 'self' && s.registrantOpenId) {
        notifySelf(ctx, s.registrantOpenId, lead.id, updated.revision, richPrompt(ctx.t, `leads.self_note.${to}`, { org: partyOrg.name }));
      }
    }
  }
  return { toast: { type: 'success', content: ctx.t('leads.changed', { to: ctx.t(`leads.state.${to}`) }) }, card: await cardFor(ctx, updated, 'changed'), done: true };
};

/** Handing a lead over: to a party org in the actor's own scope (never outside it). */
const assign: ActionHandler = async (ctx, value, form) => {
  const lead = await lockLead(ctx.db, str(value.leadId));
  if (!lead) return error(ctx.t('leads.err.no_lead'));
  const access = await accessTo(ctx.db, ctx.person, lead);
  if (!access.act) return error(ctx.t('leads.err.not_entitled'));
  if (value.rev !== lead.revision) return { toast: { type: 'warning', content: ctx.t('leads.err.stale') }, card: await cardFor(ctx, lead, 'stale') };
  if (!isOpen(lead.state) || lead.erasedAt) return error(ctx.t('leads.err.closed'));
  const choices = await partyOrgsInScope(ctx.db, ctx.person, lead.regionCode);
  const formCard = (errorKey?: PromptKey): ActionReply => ({
    ...(errorKey ? { toast: { type: 'error' as const, content: ctx.t(errorKey) } } : {}),
    card: fillTemplate(
      'form-step',
      { title: ctx.t('leads.assign.title'), subtitle: '', color: 'blue', summary: ctx.t('leads.assign.title'), formName: 'lead_assign' },
      {
        intro: [text(ctx.t('leads.assign.intro'))],
        fields: [
          fieldLabel(ctx.t('leads.inc.party_org'), true, errorKey ? ctx.t(errorKey) : undefined),
          select({ name: 'partyOrg', label: ctx.t('leads.inc.party_org'), required: true, options: choices.map((c) => ({ value: c.id, text: c.name })), value: str(form.partyOrg) || undefined }),
          input({ name: 'note', label: ctx.t('leads.field.step_note'), value: str(form.note), maxLength: 200 }),
        ],
        buttons: [
          buttonRow([
            button(ctx.t('leads.assign.submit'), { h: 'lead.assign', leadId: lead.id, rev: lead.revision, confirm: true }, { type: 'primary', submit: true, name: 'confirm' }),
            button(ctx.t('engine.back'), { h: 'lead.view', leadId: lead.id }, { name: 'back' }),
          ]),
        ],
        footer: [],
      },
    ),
  });
  if (value.confirm !== true) return choices.length ? formCard() : error(ctx.t('leads.err.no_party_org_in_scope'));
  const picked = str(form.partyOrg);
  if (!picked) return formCard('leads.err.pick');
  const target = await partyOrgInScope(ctx.db, ctx.person, picked);
  if (!target) return formCard('leads.err.party_org_scope');
  const note = checkText(form.note, false, 200);
  if (!note.ok) return formCard(note.error);
  const route = await routeToPartyOrg(ctx.db, target.id);
  if (!route) return formCard('leads.err.party_org_scope');
  const now = ctx.clock.now();
  const updated = await recordAssignment(ctx.db, lead, route, { id: ctx.person.id, label: null }, now, note.value);
  await ctx.audit({
    action: 'assign',
    entity: 'lead',
    entityId: lead.id,
    before: { partyOrgId: lead.assigneePartyOrgId, personId: lead.assigneePersonId },
    after: { partyOrgId: route.partyOrgId, personId: route.personId, via: route.via },
  });
  await notifyHandlers(ctx, updated, await recipientsOf(ctx.db, route), richPrompt(ctx.t, 'leads.notice.assigned', { who: ctx.person.name || '' }));
  return { toast: { type: 'success', content: ctx.t('leads.assign.done', { org: target.name }) }, card: await cardFor(ctx, updated, 'assigned') };
};

export const leadActions: Record<string, ActionHandler> = {
  'lead.view': view,
  'lead.state': changeState,
  'lead.assign': assign,
};
