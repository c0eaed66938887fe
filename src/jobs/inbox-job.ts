/**
 * Replays an acknowledged Feishu event whose handler never committed (the process died, the
 * database went away). The handler marks the inbox job done in its own transaction, so the
 * event's effects are in exactly once whoever runs it; its reply carries a uuid from the message
 * id, so Feishu shows it once even if the first run had sent it before dying.
 */
import type { Bot } from '../bot/bot.ts';
import { parseEnvelope, type FeishuEnvelope } from '../http/feishu-envelope.ts';
import type { JobHandler } from './job-runner.ts';

export function inboxJob(bot: Pick<Bot, 'handle'>): JobHandler {
  return async (ctx) => {
    const parsed = parseEnvelope(ctx.job.payload as FeishuEnvelope, ctx.clock.now());
    if (parsed.kind === 'inbound') await bot.handle(parsed.inbound, { inboxJobId: ctx.job.id });
  };
}
