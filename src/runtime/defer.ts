import type { Logger } from '../log/logger.ts';

/** Work that must not hold up the HTTP answer (Bolt's ack model): Node tracks it, Workers use waitUntil. */
export type Defer = (label: string, work: () => Promise<unknown>) => void;

/** Node: run now, keep the promise, so shutdown can wait for everything in flight. */
export function createTrackedDefer(logger: Logger): Defer & { drain(timeoutMs: number): Promise<boolean>; pending(): number } {
  const inFlight = new Set<Promise<unknown>>();
  const defer = ((label: string, work: () => Promise<unknown>) => {
    const p = Promise.resolve()
      .then(work)
      .catch((error) => logger.error('deferred work failed', { label, error }))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }) as Defer & { drain(timeoutMs: number): Promise<boolean>; pending(): number };
  defer.pending = () => inFlight.size;
  defer.drain = async (timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (inFlight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, left))]);
    }
    return true;
  };
  return defer;
}

/** Tests: collect deferred work and run it when the test says so. */
export function createManualDefer(): Defer & { flush(): Promise<void> } {
  const queue: Array<() => Promise<unknown>> = [];
  const defer = ((_label: string, work: () => Promise<unknown>) => {
    queue.push(work);
  }) as Defer & { flush(): Promise<void> };
  defer.flush = async () => {
    while (queue.length) await queue.shift()!();
  };
  return defer;
}
