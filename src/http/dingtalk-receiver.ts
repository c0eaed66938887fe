import { Hono } from 'hono';
import type { Bot } from '../bot/bot.ts';
import type { ActionReply } from '../bot/types.ts';
import type { Clock } from '../clock.ts';
import type { Dedupe } from '../db/stores/dedupe-store.ts';
import type { Logger } from '../log/logger.ts';
import { rateLimitedLog } from '../log/rate-limited-log.ts';
import type { Defer } from '../runtime/defer.ts';
import { parseDingtalkBody } from './dingtalk-envelope.ts';
import { verifyDingtalkSignature } from './dingtalk-signature.ts';
import { readBody } from './feishu-receiver.ts';
import { newInboxEvent, type InboxSource } from '../jobs/inbox-job.ts';
import type { DeckBot } from '../messenger/dingtalk/dingtalk-deck.ts';

/**
 * The seam for cards: how the synchronous answer to a card callback is drawn as DingTalk's
 * `{cardUpdateOptions, cardData, userPrivateData}`. It comes with the messenger-neutral card
 * model; until then a deployment answers with `{}` (the card stays as it is).
 */
export type DingtalkCardReply = (reply: ActionReply) => Record<string, unknown>;

export interface DingtalkReceiverDeps {
  dingtalk: { clientSecret: string };
  bot: Pick<Bot, 'handle' | 'action'>;
  dedupe: Dedupe;
  defer: Defer;
  clock: Clock;
  logger: Logger;
  cardReply: DingtalkCardReply;
  /** Answers a message of a type the bot cannot read (voice, rich text…). */
  unsupported?: (personKey: string, chatId?: string) => Promise<void>;
}

/**
 * After verification (HTTP) or on a frame (Stream): a robot message is stored in the durable
 * inbox by the statement that dedupes it (by msgId), and only then acknowledged (the caller
 * answers DingTalk once this resolves) and handed to defer(). If this process dies before the
 * handler commits, the job runner replays it after the lease (boot, tick); DingTalk's re-push of
 * it is a duplicate either way. A card callback is answered inline (DingTalk waits 2 s and shows
 * the answer): README "Card callbacks" says why it is not stored. Returns what to answer with.
 */
export async function dispatchDingtalkBody(
  deps: Pick<DingtalkReceiverDeps, 'bot' | 'dedupe' | 'defer' | 'clock' | 'cardReply' | 'unsupported'>,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const parsed = parseDingtalkBody(body, deps.clock.now());
  if (parsed.kind === 'action') return deps.cardReply(await deps.bot.action(parsed.action));
  const inbox = parsed.kind === 'inbound' && parsed.dedupeKeys.length > 0 ? newInboxEvent('dingtalk', body, deps.clock.now()) : undefined;
  if (parsed.dedupeKeys.length > 0 && !(await deps.dedupe.firstDelivery(parsed.dedupeKeys, inbox))) return {};
  if (parsed.kind === 'inbound') {
    const inbound = parsed.inbound;
    deps.defer(`dingtalk:${inbound.kind}`, () => deps.bot.handle(inbound, { inboxJobId: inbox?.id }));
  } else if (parsed.unsupported && deps.unsupported) {
    // Only a fixed polite line, nothing to lose but that line: deduplicated, not kept in the inbox.
    const { openId, chatId } = parsed.unsupported;
    const answer = deps.unsupported;
    deps.defer('dingtalk:unsupported', () => answer(openId, chatId));
  }
  return {};
}

/** How the inbox replays a DingTalk robot message it kept, through the same wrapped bot. */
export function dingtalkInboxSource(bot: DeckBot): InboxSource {
  const inboundOf = (event: Record<string, unknown>, at: Date) => {
    const parsed = parseDingtalkBody(event, at);
    return parsed.kind === 'inbound' ? parsed.inbound : undefined;
  };
  return {
    async replay(event, o) {
      const inbound = inboundOf(event, o.at);
      if (inbound) await bot.handle(inbound, { inboxJobId: o.inboxJobId, lastAttempt: o.lastAttempt });
    },
    async resend(event, progress, at) {
      const inbound = inboundOf(event, at);
      if (inbound) await bot.resend(inbound, progress);
    },
  };
}

/**
 * POST /dingtalk/events (HTTP mode): robot messages and card callbacks. Verified over the raw
 * request before anything in the body is believed: headers `timestamp` and `sign`, a
 * constant-time compare, a one-hour window. Forgeries get 401 and reach neither the dedupe table
 * nor the bot. Card callbacks registered with callbackType HTTP are held to the same signature:
 * DingTalk does not document another scheme for them (README), so an unsigned one is refused.
 */
export function dingtalkReceiver(deps: DingtalkReceiverDeps): Hono {
  const app = new Hono();
  const refusedLog = rateLimitedLog(deps.clock);
  app.post('/events', async (c) => {
    const raw = await readBody(c.req.raw);
    if (raw === null) return c.json({ error: 'too large' }, 413);
    const v = verifyDingtalkSignature(c.req.raw.headers, deps.dingtalk.clientSecret, deps.clock.now().getTime());
    if (!v.ok) {
      refusedLog((f) => deps.logger.warn('dingtalk request refused', { status: 401, reason: v.reason, ...f }));
      return c.json({ error: v.reason }, 401);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return c.json({ error: 'not json' }, 400);
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return c.json({ error: 'not an object' }, 400);
    return c.json(await dispatchDingtalkBody(deps, body as Record<string, unknown>));
  });
  return app;
}
