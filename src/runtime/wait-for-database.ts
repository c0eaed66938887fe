import type { Database } from '../db/database.ts';

export interface WaitOptions {
  /** How long boot keeps asking before it gives up (DATABASE_WAIT_SECONDS). */
  totalMs: number;
  /** One ping's own budget. */
  pingMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Called before each retry, so the wait is never silent. */
  onRetry?: (attempt: number, delayMs: number) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Boot asks the database until it answers or the budget is spent. A database that is busy or
 * restarting when the service starts (a host reboot brings both up together; a loaded server misses
 * one 5 s ping) is not a reason to exit: exiting only hands the same wait to the supervisor, with a
 * restart loop and its log noise on top. Backoff 0.5 s doubling to 5 s.
 */
export async function waitForDatabase(database: Pick<Database, 'ping'>, opts: WaitOptions): Promise<boolean> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const pingMs = opts.pingMs ?? 5000;
  const deadline = now() + opts.totalMs;
  let delay = 500;
  for (let attempt = 1; ; attempt++) {
    if (await database.ping(pingMs)) return true;
    const left = deadline - now();
    if (left <= 0) return false;
    const wait = Math.min(delay, left);
    opts.onRetry?.(attempt, wait);
    await sleep(wait);
    delay = Math.min(delay * 2, 5000);
  }
}
