import type { Dedupe } from '../db/stores/dedupe-store.ts';
import type { Logger } from '../log/logger.ts';

export interface TickParts {
  dedupe: Dedupe;
  logger: Logger;
}

/** Hooks run on every tick (reminders register here); each must be idempotent. */
export type TickHook = (now: Date) => Promise<void>;

/**
 * The periodic tick, called by node-cron on Node and by the Cron Trigger on Workers. Idempotent:
 * running it twice, or on two machines at once, does no harm.
 */
export async function runTick(parts: TickParts, now: Date, hooks: TickHook[] = []): Promise<void> {
  try {
    await parts.dedupe.prune(new Date(now.getTime() - 25 * 60 * 60 * 1000));
  } catch (error) {
    parts.logger.error('dedupe prune failed', { error });
  }
  for (const hook of hooks) {
    try {
      await hook(now);
    } catch (error) {
      parts.logger.error('tick hook failed', { error });
    }
  }
}
