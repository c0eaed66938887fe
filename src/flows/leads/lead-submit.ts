/**
 * The final submit of every way in: create the lead or merge it into the one already there,
 * route it, tell the people who will handle it, and keep nothing personal in the draft.
 */
import type { Answers, BotContext, StepOutcome } from '../../bot/flow.ts';
import type { Card } from '../../bot/types.ts';
import type { Tx } from '../../db/database.ts';
import type { AwayKind, LeadSourceKind, Standing, TakePartAt } from '../../db/schema/leads.ts';
import { getLead, registerLead, type LeadInput } from '../../db/leads/lead-store.ts';
import { recipientsOf, routeFor } from '../../db/leads/lead-routing.ts';
import { button } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';
import { auditView, loadLeadView, messageCard } from './lead-card.ts';
import { notifyHandlers } from './lead-notify.ts';
import { mobileTakenByOther, ownSelfLead, updateSelfLead } from '../../db/leads/self-lead.ts';

const s = (v: unknown) => (typeof v === 'string' && v ? v : null);

export function leadInputOf(ctx: BotContext, kind: LeadSourceKind, a: Answers): LeadInput {
  return {
    personId: kind === 'self' ? ctx.person.id : null,
    name: a.name as string,
    mobile: s(a.mobile),
    contactNote: s(a.contactNote),
    workplaceOrgId: s(a.workplaceOrgId),
    workplaceText: s(a.workplaceText),
    relationshipAt: s(a.relationshipAt),
    standing: (s(a.standing) as Standing | null) ?? null,
    joinedYear: typeof a.joinedYear === 'number' ? a.joinedYear : null,
    awayKind: (s(a.awayKind) as AwayKind | null) ?? null,
    awaySince: a.awayKind && a.awayKind !== 'none' ? s(a.awaySince) : null,
    takePartAt: (s(a.takePartAt) as TakePartAt | null) ?? null,
    note: s(a.note),
  };
}

export async function submitLead(ctx: BotContext, kind: LeadSourceKind, answers: Answers): Promise<StepOutcome> {
  const now = ctx.clock.now();
  const input = leadInputOf(ctx, kind, answers);
  const route = await routeFor(ctx.db, { workplaceOrgId: input.workplaceOrgId ?? null, regionCode: answers.regionCode as string });
  const actor = { id: ctx.person.id, label: ctx.person.id ? null : ctx.person.openId };
  const { lead, merged, rerouted } = await registerLead(
    ctx.db as Tx,
    input,
    { kind, registeredBy: ctx.person.id, registrantOpenId: ctx.person.openId, note: s(answers.sourceNote) },
    route,
    actor,
    now,
  );
  // What the audit keeps: the shape of the change, never the person's data (erasure must be complete).
  await ctx.audit({
    action: merged ? 'merge' : 'create',
    entity: 'lead',
    entityId: lead.id,
    after: { state: lead.state, regionCode: lead.regionCode, via: lead.assignedVia, source: kind },
  });
  const notice = ctx.t(merged ? (rerouted ? 'leads.notice.rerouted' : 'leads.notice.merged') : 'leads.notice.new', { source: ctx.t(`leads.source.${kind}`) });
  await notifyHandlers(ctx, lead, await recipientsOf(ctx.db, { via: lead.assignedVia, personId: lead.assigneePersonId, partyOrgId: lead.assigneePartyOrgId, regionCode: lead.regionCode }), notice);
  // The draft forgets what was typed: the lead holds it now, and erasure reaches only the lead.
  return { kind: 'done', result: { leadId: lead.id, merged }, answers: {} };
}

/**
 * A second 我是党员 from the same account, after "更新信息": the earlier lead takes the new answers.
 * When that lead was closed meanwhile, or the new mobile is another lead's, it is a registration
 * like any other (which merges).
 */
export async function updateOwnLead(ctx: BotContext, answers: Answers): Promise<StepOutcome> {
  const earlier = await ownSelfLead(ctx.db, ctx.person);
  const input = leadInputOf(ctx, 'self', answers);
  if (!earlier || earlier.id !== answers.updateLeadId || (await mobileTakenByOther(ctx.db as Tx, earlier.id, input.mobile))) return submitLead(ctx, 'self', answers);
  const route = await routeFor(ctx.db, { workplaceOrgId: input.workplaceOrgId ?? null, regionCode: answers.regionCode as string });
  const actor = { id: ctx.person.id, label: ctx.person.id ? null : ctx.person.openId };
  const lead = await updateSelfLead(ctx.db as Tx, earlier, input, route, actor, ctx.clock.now());
  await ctx.audit({ action: 'update', entity: 'lead', entityId: lead.id, after: { state: lead.state, regionCode: lead.regionCode, via: lead.assignedVia, source: 'self' } });
  const notice = ctx.t('leads.notice.updated');
  await notifyHandlers(ctx, lead, await recipientsOf(ctx.db, { via: lead.assignedVia, personId: lead.assigneePersonId, partyOrgId: lead.assigneePartyOrgId, regionCode: lead.regionCode }), notice);
  return { kind: 'done', result: { leadId: lead.id, updated: true }, answers: {} };
}

/** The registrant's confirmation: who will be in touch, and a way back to the lead. */
export async function submittedCard(ctx: BotContext, result: Record<string, unknown>, kind: LeadSourceKind): Promise<Card> {
  const lead = await getLead(ctx.db, String(result.leadId ?? ''));
  const title = ctx.t('leads.done.title');
  if (!lead || lead.erasedAt) return messageCard(title, ctx.t('leads.done.closed'), [], 'green');
  const view = await loadLeadView(ctx.db, ctx.policy, lead, ctx.clock.now(), ctx.logger);
  await auditView(ctx.db, ctx.person, lead.id, ctx.clock.now(), 'confirmation');
  const who =
    lead.assignedVia === 'officers' || !view.partyOrg
      ? richPrompt(ctx.t, 'leads.done.by_officers', { region: view.region })
      : richPrompt(ctx.t, 'leads.done.by_org', { org: view.partyOrg });
  const key = kind === 'self' ? (result.updated ? 'leads.done.self_updated' : result.merged ? 'leads.done.self_merged' : 'leads.done.self') : result.merged ? 'leads.done.other_merged' : 'leads.done.other';
  return messageCard(title, richPrompt(ctx.t, key, { who }), [button(ctx.t('leads.view'), { h: 'lead.view', leadId: lead.id })], 'green');
}
