/**
 * Client-side throttling for the Feishu Open API, so the bot stays under the platform's limits
 * instead of finding them through 429s. Limits for sending and replying (tier 4, not raisable):
 * 50/s and 1000/min per app, 5/s to the same user or chat.
 * https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 */
import type { Clock } from '../clock.ts';

export interface LimiterTime {
  /** Milliseconds on any monotonic-enough scale (epoch ms in production). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface RateLimits {
  perSecond: number;
  perMinute: number;
  perRecipientPerSecond: number;
}

/** Platform limits for im/v1/messages (these are Feishu's numbers, not policy). */
export const FEISHU_MESSAGE_LIMITS: RateLimits = { perSecond: 50, perMinute: 1000, perRecipientPerSecond: 5 };

export interface RateLimiter {
  /** Resolves when one more call may go now; the call is counted at that instant. */
  acquire(recipientKey?: string): Promise<void>;
}

/** Structured log sink; fields never carry tokens, mobiles, names or message content. */
export interface MessengerLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
  info?(msg: string, fields?: Record<string, unknown>): void;
}

/** How an Open API client throttles and retries: the same design for every messenger. */
export interface RetryOptions {
  /** Shared limiter; one per app, so several messengers of one app must share it. */
  limiter?: RateLimiter;
  /** For the default limiter; give a fake clock together with a fake sleep, or the limiter spins. */
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: MessengerLogger;
  /** Attempts for a throttled call before giving up (default 5). */
  maxAttempts?: number;
}

/**
 * A sliding-window log: the timestamps of calls in the last `spanMs`. Exact (no burst at a bucket
 * edge, unlike fixed windows), and cheap at these sizes (at most 1000 entries for the minute).
 */
class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  constructor(
    private readonly limit: number,
    private readonly spanMs: number,
  ) {}

  /** How long until one more call fits; 0 when it fits now. */
  waitMs(now: number): number {
    this.prune(now);
    const n = this.times.length - this.head;
    if (n < this.limit) return 0;
    // The oldest of the last `limit` calls has to leave the window first.
    return this.times[this.times.length - this.limit]! + this.spanMs - now;
  }

  record(now: number): void {
    this.times.push(now);
  }

  isEmpty(now: number): boolean {
    this.prune(now);
    return this.head === this.times.length;
  }

  private prune(now: number): void {
    const cutoff = now - this.spanMs;
    while (this.head < this.times.length && this.times[this.head]! <= cutoff) this.head++;
    // Compact occasionally rather than shift() per call.
    if (this.head > 64 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

/** Sweep idle per-recipient windows once the map grows past this, to bound memory. */
const RECIPIENT_SWEEP_AT = 1024;

export function createRateLimiter(time: LimiterTime, limits: RateLimits = FEISHU_MESSAGE_LIMITS): RateLimiter {
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`rate limit ${k} must be a positive integer`);
  }
  const second = new SlidingWindow(limits.perSecond, 1000);
  const minute = new SlidingWindow(limits.perMinute, 60_000);
  const recipients = new Map<string, SlidingWindow>();

  function recipientWindow(key: string, now: number): SlidingWindow {
    let w = recipients.get(key);
    if (!w) {
      if (recipients.size >= RECIPIENT_SWEEP_AT) {
        for (const [k, rw] of recipients) if (rw.isEmpty(now)) recipients.delete(k);
      }
      w = new SlidingWindow(limits.perRecipientPerSecond, 1000);
      recipients.set(key, w);
    }
    return w;
  }

  return {
    async acquire(recipientKey) {
      // Check-and-record has no await in between, so concurrent callers can never overshoot; a
      // caller that has to wait sleeps, then competes again (no strict FIFO, which would let one
      // busy recipient hold up everyone else).
      for (;;) {
        const now = time.now();
        const rw = recipientKey === undefined ? undefined : recipientWindow(recipientKey, now);
        const wait = Math.max(second.waitMs(now), minute.waitMs(now), rw ? rw.waitMs(now) : 0);
        if (wait <= 0) {
          second.record(now);
          minute.record(now);
          rw?.record(now);
          return;
        }
        await time.sleep(wait);
      }
    },
  };
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Upper bound on a server-announced reset, in case a proxy sends something absurd. */
  maxResetMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, maxResetMs: 120_000 };

/**
 * Delay before retry number `attempt` (1 for the first retry). Exponential with full jitter
 * (uniform in [0, min(max, base·2^(attempt-1)))), which spreads retrying callers best. When Feishu
 * says when the window resets (`x-ogw-ratelimit-reset`, seconds), wait that long plus a little
 * jitter, so that every throttled caller does not come back in the same millisecond.
 */
export function backoffDelay(
  attempt: number,
  resetHeaderSeconds: number | undefined,
  random: () => number,
  opts: BackoffOptions = DEFAULT_BACKOFF,
): number {
  if (resetHeaderSeconds !== undefined && Number.isFinite(resetHeaderSeconds) && resetHeaderSeconds > 0) {
    return Math.min(resetHeaderSeconds * 1000, opts.maxResetMs) + Math.floor(random() * opts.baseMs);
  }
  const cap = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}
