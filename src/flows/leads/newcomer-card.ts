/**
 * A newcomer after 我是党员 (issue 20 item 3): the bot knows them by the account that submitted.
 * 帮助 / 待办 / 覆盖率 tell them their submission is in and who will call, instead of "您还没有
 * 登记"; a second 我是党员 offers to update the first submission, with what they gave filled in.
 */
import type { Answers, BotContext } from '../../bot/flow.ts';
import type { Card } from '../../bot/types.ts';
import { button } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';
import type { Rich } from '../../cards/document.ts';
import { lookupNames, type LeadRow } from '../../db/leads/lead-store.ts';
import { ownSelfLead } from '../../db/leads/self-lead.ts';
import { regionName } from '../../db/leads/workplace-search.ts';
import { messageCard } from './lead-card.ts';

/** Who will be in touch: the party org the lead went to, else the region's officers. */
export function whoWillCall(ctx: BotContext, v: { lead: LeadRow; partyOrg: string | null; region: string }): Rich {
  return v.lead.assignedVia === 'officers' || !v.partyOrg
    ? richPrompt(ctx.t, 'leads.done.by_officers', { region: v.region })
    : richPrompt(ctx.t, 'leads.done.by_org', { org: v.partyOrg });
}

async function whoFor(ctx: BotContext, lead: LeadRow): Promise<Rich> {
  const names = await lookupNames(ctx.db, lead);
  return whoWillCall(ctx, { lead, partyOrg: names.partyOrg, region: await regionName(ctx.db, lead.regionCode) });
}

/** For a person the ledger does not know: their submission and who will call, or null when they sent none. */
export async function newcomerCard(ctx: BotContext): Promise<Card | null> {
  const lead = await ownSelfLead(ctx.db, ctx.person);
  if (!lead) return null;
  return messageCard(ctx.t('leads.known.title'), richPrompt(ctx.t, 'leads.known.text', { who: await whoFor(ctx, lead) }), [
    button(ctx.t('leads.view'), { h: 'lead.view', leadId: lead.id }),
    button(ctx.t('leads.known.update'), { cmd: 'start', flow: 'member-self', args: { update: true } }, { type: 'primary' }),
    button(ctx.t('guest.register'), { cmd: 'start', flow: 'register' }),
    button(ctx.t('help.feedback'), { cmd: 'start', flow: 'feedback' }),
  ]);
}

/** The words of the offer to update, shown when 我是党员 comes again. */
export async function againText(ctx: BotContext, lead: LeadRow): Promise<Rich> {
  return richPrompt(ctx.t, 'leads.again.text', { who: await whoFor(ctx, lead) });
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The flow's answers as the person gave them last time, so an update retypes nothing. */
export async function answersFrom(ctx: BotContext, lead: LeadRow): Promise<Answers> {
  const names = await lookupNames(ctx.db, lead);
  return {
    updateLeadId: lead.id,
    name: str(lead.name),
    mobile: str(lead.mobile),
    query: str(names.workplace),
    relationshipAt: str(lead.relationshipAt),
    standing: str(lead.standing),
    joinedYear: str(lead.joinedYear),
    awayKind: str(lead.awayKind),
    awaySince: str(lead.awaySince),
    takePartAt: str(lead.takePartAt),
  };
}
