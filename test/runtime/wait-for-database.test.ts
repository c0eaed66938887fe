import { describe, expect, it } from 'vitest';
import { waitForDatabase } from '../../src/runtime/wait-for-database.ts';

/** A fake clock that moves only when the code under test sleeps or pings. */
function harness(answers: boolean[], pingCostMs = 0) {
  let t = 0;
  const sleeps: number[] = [];
  let pings = 0;
  const database = {
    async ping() {
      pings++;
      t += pingCostMs;
      return answers.shift() ?? false;
    },
  };
  const opts = {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
  return { database, opts, sleeps, pings: () => pings };
}

describe('waitForDatabase', () => {
  it('answers at once when the first ping succeeds', async () => {
    const h = harness([true]);
    expect(await waitForDatabase(h.database, { totalMs: 30_000, ...h.opts })).toBe(true);
    expect(h.sleeps).toEqual([]);
  });

  it('keeps asking with a doubling backoff until the database answers', async () => {
    const h = harness([false, false, false, true]);
    const retries: number[] = [];
    const ok = await waitForDatabase(h.database, { totalMs: 30_000, ...h.opts, onRetry: (n) => retries.push(n) });
    expect(ok).toBe(true);
    expect(h.sleeps).toEqual([500, 1000, 2000]);
    expect(retries).toEqual([1, 2, 3]);
  });

  it('gives up once the budget is spent, counting the pings own time', async () => {
    const h = harness([], 5000);
    const ok = await waitForDatabase(h.database, { totalMs: 20_000, ...h.opts });
    expect(ok).toBe(false);
    // 5 s ping, 0.5 s, 5 s ping, 1 s, 5 s ping, 2 s, 5 s ping -> past 20 s
    expect(h.pings()).toBe(4);
    expect(h.sleeps.reduce((a, b) => a + b, 0) + h.pings() * 5000).toBeGreaterThanOrEqual(20_000);
  });

  it('with no budget pings once', async () => {
    const h = harness([false, true]);
    expect(await waitForDatabase(h.database, { totalMs: 0, ...h.opts })).toBe(false);
    expect(h.pings()).toBe(1);
  });
});
