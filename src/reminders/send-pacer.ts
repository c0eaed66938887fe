/**
 * Evenly spaced calls in front of a rate limiter. A sliding-window limiter lets a whole second's
 * allowance go at once; when the Open API counts the same window by arrival time, a burst at the
 * limit plus a few milliseconds of network jitter lands 51 calls in its second and draws 429s.
 * Spacing the calls at a steady interval (slightly under the limit) keeps a bulk run under the
 * server's count without giving up throughput.
 */
import type { LimiterTime, RateLimiter } from '../messenger/rate-limiter.ts';

export function pacedLimiter(inner: RateLimiter, perSecond: number, time: LimiterTime): RateLimiter {
  if (!(perSecond > 0)) throw new RangeError('perSecond must be positive');
  const gap = 1000 / perSecond;
  let next = 0;
  return {
    async acquire(recipientKey) {
      // Reserve a slot first (no await in between), so concurrent callers get distinct slots.
      const now = time.now();
      const slot = Math.max(now, next);
      next = slot + gap;
      if (slot > now) await time.sleep(slot - now);
      await inner.acquire(recipientKey);
    },
  };
}
