import { describe, expect, test } from 'vitest';
import { backoffDelay, createRateLimiter, DEFAULT_BACKOFF } from '../../src/messenger/rate-limiter.ts';
import { fakeTime, steppingTime } from './fake-time.ts';

/** Largest number of instants falling in any half-open window [t, t + spanMs). */
function maxInWindow(times: number[], spanMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= spanMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

const countAt = (times: number[], t: number) => times.filter((x) => x === t).length;

describe('createRateLimiter', () => {
  test('lets 50 calls go in a second and holds the 51st until the window moves', async () => {
    const time = steppingTime();
    const limiter = createRateLimiter(time);
    const at: number[] = [];
    for (let i = 0; i < 120; i++) {
      await limiter.acquire();
      at.push(time.now());
    }
    expect(countAt(at, 0)).toBe(50);
    expect(at[50]).toBe(1000);
    expect(countAt(at, 1000)).toBe(50);
    expect(countAt(at, 2000)).toBe(20);
    expect(maxInWindow(at, 1000)).toBe(50);
  });

  test('holds to 1000 a minute even when every second is under 50', async () => {
    const time = steppingTime(1_000_000);
    const limiter = createRateLimiter(time);
    const at: number[] = [];
    for (let i = 0; i < 1100; i++) {
      await limiter.acquire();
      at.push(time.now() - 1_000_000);
    }
    expect(maxInWindow(at, 1000)).toBeLessThanOrEqual(50);
    expect(maxInWindow(at, 60_000)).toBe(1000);
    // 1000 calls fill seconds 0..19; the next must wait for the first to be a minute old.
    expect(at[999]).toBe(19_000);
    expect(at[1000]).toBe(60_000);
  });

  test('5 a second to one recipient, without holding up other recipients', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter(time);
    const a: number[] = [];
    const b: number[] = [];
    const all = [
      ...Array.from({ length: 12 }, () => limiter.acquire('ou_a').then(() => a.push(time.now()))),
      ...Array.from({ length: 5 }, () => limiter.acquire('oc_b').then(() => b.push(time.now()))),
    ];
    await time.run();
    await Promise.all(all);
    expect(b).toEqual([0, 0, 0, 0, 0]);
    expect(a.sort((x, y) => x - y)).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
  });

  test('a recipient key also counts against the app-wide limits', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter(time);
    const at: number[] = [];
    const all = Array.from({ length: 60 }, (_, i) => limiter.acquire(`ou_${i}`).then(() => at.push(time.now())));
    await time.run();
    await Promise.all(all);
    expect(countAt(at, 0)).toBe(50);
    expect(countAt(at, 1000)).toBe(10);
  });

  test('concurrent callers never overshoot', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter(time, { perSecond: 7, perMinute: 30, perRecipientPerSecond: 2 });
    const at: number[] = [];
    const perKey = new Map<string, number[]>();
    const all = Array.from({ length: 75 }, (_, i) => {
      const key = i % 3 === 0 ? undefined : `k${i % 4}`;
      return limiter.acquire(key).then(() => {
        at.push(time.now());
        if (key) perKey.set(key, [...(perKey.get(key) ?? []), time.now()]);
      });
    });
    await time.run();
    await Promise.all(all);
    expect(at).toHaveLength(75);
    expect(maxInWindow(at, 1000)).toBe(7);
    expect(maxInWindow(at, 60_000)).toBe(30);
    for (const times of perKey.values()) expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(2);
    // 75 calls at 30 a minute need two full windows after the first.
    expect(Math.max(...at)).toBeGreaterThanOrEqual(120_000);
  });

  test('rejects nonsense limits', () => {
    const time = steppingTime();
    expect(() => createRateLimiter(time, { perSecond: 0, perMinute: 1, perRecipientPerSecond: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter(time, { perSecond: 1.5, perMinute: 1, perRecipientPerSecond: 1 })).toThrow(RangeError);
  });
});

describe('backoffDelay', () => {
  const top = () => 0.999999;

  test('grows exponentially up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, undefined, top));
    expect(delays.slice(0, 4)).toEqual([499, 999, 1999, 3999]);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(Math.max(...delays)).toBeLessThan(DEFAULT_BACKOFF.maxMs);
    expect(backoffDelay(30, undefined, top)).toBe(DEFAULT_BACKOFF.maxMs - 1);
  });

  test('is full jitter: anywhere from 0 up to the exponential bound', () => {
    expect(backoffDelay(3, undefined, () => 0)).toBe(0);
    expect(backoffDelay(3, undefined, () => 0.5)).toBe(1000);
  });

  test('honours x-ogw-ratelimit-reset when present', () => {
    expect(backoffDelay(1, 3, () => 0)).toBe(3000);
    const d = backoffDelay(1, 3, top);
    expect(d).toBeGreaterThanOrEqual(3000);
    expect(d).toBeLessThan(3000 + DEFAULT_BACKOFF.baseMs);
    // Regardless of attempt: the server's word wins over the exponential schedule.
    expect(backoffDelay(6, 2, () => 0)).toBe(2000);
  });

  test('caps an absurd reset and ignores an unusable one', () => {
    expect(backoffDelay(1, 86_400, () => 0)).toBe(DEFAULT_BACKOFF.maxResetMs);
    expect(backoffDelay(2, 0, top)).toBe(999);
    expect(backoffDelay(2, Number.NaN, top)).toBe(999);
    expect(backoffDelay(2, -5, top)).toBe(999);
  });
});
