import type { BotContext } from './flow.ts';
import { recipientsByPerson, UNREACHABLE, type PersonRecipient } from '../db/stores/recipient-store.ts';

/**
 * The people a notice the bot starts goes to, each with their recipient on this deployment's
 * messengers (Feishu first, else DingTalk), in the order given. Those it cannot reach are left out
 * and counted in the log under a coded reason, never by name.
 */
export async function reachablePeople(ctx: BotContext, personIds: readonly string[], notice: string): Promise<Array<{ personId: string; to: PersonRecipient }>> {
  const ids = [...new Set(personIds)];
  const by = await recipientsByPerson(ctx.db, ids, ctx.reach);
  const out = ids.flatMap((personId) => {
    const to = by.get(personId);
    return to ? [{ personId, to }] : [];
  });
  if (out.length < ids.length) ctx.logger.warn('notice not sent to some people', { notice, reason: UNREACHABLE, count: ids.length - out.length });
  return out;
}
