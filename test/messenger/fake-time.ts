/**
 * Deterministic time for tests: `sleep` parks the caller until `run()` moves the clock to its due
 * instant. Nothing waits for real time; `run()` only yields to the event loop so that promise
 * chains settle between timers.
 */
export interface FakeTime {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Fire timers in due order until none are left (or until `until`, when given). */
  run(until?: number): Promise<void>;
  /** Every sleep requested so far, in ms. */
  readonly sleeps: number[];
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function fakeTime(start = 0): FakeTime {
  let now = start;
  let seq = 0;
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep(ms) {
      sleeps.push(ms);
      return new Promise<void>((resolve) => timers.push({ at: now + Math.max(0, ms), seq: seq++, resolve }));
    },
    async run(until = Infinity) {
      for (let steps = 0; steps < 1_000_000; steps++) {
        // Several turns, so that chains of awaits (msw, axios) reach their next sleep.
        for (let i = 0; i < 5; i++) await yieldToEventLoop();
        if (timers.length === 0) return;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        if (timers[0]!.at > until) {
          now = until;
          return;
        }
        const t = timers.shift()!;
        now = Math.max(now, t.at);
        t.resolve();
      }
      throw new Error('fake time did not settle');
    },
  };
}

/** A sleep that just moves a clock forward: enough for code that awaits one thing at a time. */
export function steppingTime(start = 0) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}
