/**
 * Telling the people who handle a lead: the card is built and the view audited inside the
 * transaction; the sending waits until it has committed (ctx.after), so nobody hears of a lead
 * that was rolled back.
 */
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import type { BotContext } from '../../bot/flow.ts';
import type { Contact } from '../../db/leads/lead-routing.ts';
import type { LeadRow } from '../../db/leads/lead-store.ts';
import { auditView, leadCard, loadLeadView, messageCard } from './lead-card.ts';
import { button } from '../../cards/card-kit.ts';
import { reachablePeople } from '../../bot/reachable-people.ts';
import type { RichPart } from '../../cards/rich.ts';

/** Sends the lead card to each recipient but the person acting (they see it in their answer). */
export async function notifyHandlers(ctx: BotContext, lead: LeadRow, recipients: Contact[], notice: RichPart): Promise<number> {
  const to = await reachablePeople(ctx, recipients.filter((r) => r.personId !== ctx.person.id).map((r) => r.personId), 'lead');
  if (to.length === 0) return 0;
  const now = ctx.clock.now();
  const view = await loadLeadView(ctx.db, ctx.policy, lead, now, ctx.logger);
  // Everyone on this list handles the lead: the assignee side or the region's officers.
  const card = leadCard(ctx.t, view, { full: true, actions: true, today: shanghaiDate(now), notice });
  for (const r of to) await auditView(ctx.db, { id: r.personId, openId: r.to.openId }, lead.id, now, 'notified');
  ctx.after('leads.notify', async () => {
    const sent = await Promise.allSettled(to.map((r) => ctx.messenger.sendCard(r.to, card, { uuid: `lead:${lead.id}:${lead.revision}:${r.personId}` })));
    const failed = sent.filter((s) => s.status === 'rejected').length;
    if (failed) ctx.logger.warn('lead notification failed', { leadId: lead.id, failed });
  });
  return to.length;
}

/** A short note to the person who registered themself (no personal data of others on it). */
export function notifySelf(ctx: BotContext, openId: string, leadId: string, revision: number, says: RichPart): void {
  if (openId === ctx.person.openId) return;
  const card = messageCard(ctx.t('leads.self_note.title'), says, [button(ctx.t('leads.view'), { h: 'lead.view', leadId })], 'green');
  ctx.after('leads.notify-self', async () => {
    await ctx.messenger.sendCard({ openId }, card, { uuid: `lead-self:${leadId}:${revision}` });
  });
}
