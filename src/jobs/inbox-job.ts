/**
 * Replays an acknowledged Feishu event whose handler never finished (the process died, the
 * database went away). The handler marks the event handled in its own transaction and keeps its
 * reply there, so the event's effects are in exactly once whoever runs it. What can be missing
 * after a crash is the reply's sending: it is sent again under the uuid made from the message id,
 * which Feishu shows once, whether the first run had sent it or not.
 */
import type { Bot, InboxReply } from '../bot/bot.ts';
import { jobById } from '../db/jobs/job-store.ts';
import { parseEnvelope, type FeishuEnvelope } from '../http/feishu-envelope.ts';
import type { Messenger } from '../messenger/messenger.ts';
import type { JobHandler } from './job-runner.ts';

export function inboxJob(bot: Pick<Bot, 'handle'>, messenger: Messenger): JobHandler {
  return async (ctx) => {
    if (ctx.job.progress.handled !== true) {
      const parsed = parseEnvelope(ctx.job.payload as FeishuEnvelope, ctx.clock.now());
      if (parsed.kind === 'inbound') await bot.handle(parsed.inbound, { inboxJobId: ctx.job.id, lastAttempt: ctx.job.attempts >= ctx.job.maxAttempts });
    }
    // Handled but not done: the first run died before its reply went out, or is still racing
    // this replay (then handle() above found it handled and did nothing).
    const job = await jobById(ctx.db, ctx.job.id);
    const reply = job?.progress.reply as InboxReply | undefined;
    if (job && job.state !== 'done' && reply) await messenger.sendCard({ openId: reply.openId }, reply.card, reply.uuid ? { uuid: reply.uuid } : {});
  };
}
