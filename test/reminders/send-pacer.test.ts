import { expect, test } from 'vitest';
import { pacedLimiter } from '../../src/reminders/send-pacer.ts';
import { createRateLimiter } from '../../src/messenger/rate-limiter.ts';
import { fakeTime } from '../messenger/fake-time.ts';

test('calls are spaced evenly instead of a whole second’s allowance at once', async () => {
  const time = fakeTime(0);
  const limiter = pacedLimiter(createRateLimiter(time, { perSecond: 50, perMinute: 3000, perRecipientPerSecond: 5 }), 40, time);
  const at: number[] = [];
  const calls = Array.from({ length: 81 }, (_, i) => limiter.acquire(`ou_${i}`).then(() => at.push(time.now())));
  await time.run();
  await Promise.all(calls);
  at.sort((a, b) => a - b);
  expect(at[0]).toBe(0);
  expect(at[1]).toBe(25);
  expect(at[80]).toBe(2000);
  // Never more than 40 in any second.
  for (let i = 40; i < at.length; i++) expect(at[i]! - at[i - 40]!).toBeGreaterThanOrEqual(1000);
});
