/**
 * The durable inbox, for every messenger: an acknowledged event (a Feishu event, a DingTalk robot
 * message) is stored by the statement that dedupes it (dedupe-store.ts), handled at once, and
 * replayed here if its handler never finished (the process died, the database went away). The
 * handler marks the event handled in its own transaction and keeps its reply there, so the
 * event's effects are in exactly once whoever runs it. What can be missing after a crash is the
 * reply's sending: it is sent again from what was kept (on Feishu under the uuid made from the
 * message id, which Feishu shows once whether the first run had sent it or not).
 */
import type { Bot, InboxReply } from '../bot/bot.ts';
import { jobById } from '../db/jobs/job-store.ts';
import type { InboxEvent } from '../db/stores/dedupe-store.ts';
import { parseEnvelope, type FeishuEnvelope } from '../http/feishu-envelope.ts';
import type { Messenger } from '../messenger/messenger.ts';
import { PermanentJobError, type JobHandler } from './job-runner.ts';

/** An acknowledged event whose handler has not committed within this is replayed (on the tick). */
export const INBOX_LEASE_MS = 2 * 60_000;

export type InboxChannel = 'feishu' | 'dingtalk';

/** One messenger's part of the inbox: how its stored events are handled again. */
export interface InboxSource {
  /** A stored event not handled yet, handled under its job (marked handled in the handler's transaction). */
  replay(event: Record<string, unknown>, o: { inboxJobId: string; lastAttempt: boolean; at: Date }): Promise<void>;
  /** A handled event whose job is not done (its run died before sending): send again what it kept. */
  resend(event: Record<string, unknown>, progress: Record<string, unknown>, at: Date): Promise<void>;
}

/**
 * The job's payload: Feishu's envelope as it came (the inbox's first format, so jobs stored
 * before DingTalk joined still replay), another messenger's body under its name.
 */
export function inboxPayload(channel: InboxChannel, body: Record<string, unknown>): Record<string, unknown> {
  return channel === 'feishu' ? body : { channel, body };
}

function channelOf(payload: Record<string, unknown>): { channel: InboxChannel; event: Record<string, unknown> } {
  if (payload.channel === 'dingtalk' && payload.body && typeof payload.body === 'object') return { channel: 'dingtalk', event: payload.body as Record<string, unknown> };
  return { channel: 'feishu', event: payload };
}

/** The inbox row a receiver hands to `Dedupe.firstDelivery`, already running under its lease. */
export function newInboxEvent(channel: InboxChannel, body: Record<string, unknown>, now: Date): InboxEvent {
  return { id: crypto.randomUUID(), event: inboxPayload(channel, body), at: now, leaseUntil: new Date(now.getTime() + INBOX_LEASE_MS) };
}

/** The reply a handled event kept (bot.handle's `progress.reply`), sent again. */
export async function sendKeptReply(messenger: Messenger, progress: Record<string, unknown>): Promise<void> {
  const reply = progress.reply as InboxReply | undefined;
  if (reply) await messenger.sendCard({ openId: reply.openId }, reply.card, reply.uuid ? { uuid: reply.uuid } : {});
}

export function feishuInboxSource(bot: Pick<Bot, 'handle'>, messenger: Messenger): InboxSource {
  return {
    async replay(event, o) {
      const parsed = parseEnvelope(event as FeishuEnvelope, o.at);
      if (parsed.kind === 'inbound') await bot.handle(parsed.inbound, { inboxJobId: o.inboxJobId, lastAttempt: o.lastAttempt });
    },
    resend: (_event, progress) => sendKeptReply(messenger, progress),
  };
}

export function inboxJob(sources: { feishu: InboxSource; dingtalk?: InboxSource }): JobHandler {
  return async (ctx) => {
    const { channel, event } = channelOf(ctx.job.payload);
    const source = sources[channel];
    if (!source) throw new PermanentJobError(`an inbox event from ${channel}, which is not configured`);
    if (ctx.job.progress.handled !== true) {
      await source.replay(event, { inboxJobId: ctx.job.id, lastAttempt: ctx.job.attempts >= ctx.job.maxAttempts, at: ctx.clock.now() });
    }
    // Handled but not done: the first run died before its reply went out, or is still racing
    // this replay (then the replay above found it handled and did nothing).
    const job = await jobById(ctx.db, ctx.job.id);
    if (job && job.state !== 'done') await source.resend(event, job.progress, ctx.clock.now());
  };
}
