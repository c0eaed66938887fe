import { inArray, lt } from 'drizzle-orm';
import { processedEvents } from '../schema/core.ts';
import type { Db } from '../database.ts';

const later: (f: () => void) => void =
  typeof setImmediate === 'function' ? (f) => setImmediate(f) : (f) => setTimeout(f, 0);

export interface Dedupe {
  /** Records the keys; true when this is the first delivery (none of the keys was seen before). */
  firstDelivery(keys: string[]): Promise<boolean>;
  /** Deletes keys older than the retention (Feishu retries for hours; we keep a day and more). */
  prune(olderThan: Date): Promise<number>;
}

/**
 * Dedupe in PostgreSQL with `insert … on conflict do nothing`. Concurrent requests are batched:
 * while one insert is in flight, new keys wait and go together in the next statement, so a burst
 * of N events costs a few round trips instead of N.
 */
export function createDedupe(db: Db, opts: { maxInFlight?: number; maxBatch?: number } = {}): Dedupe {
  const maxInFlight = opts.maxInFlight ?? 2;
  const maxBatch = opts.maxBatch ?? 500;
  type Waiter = { keys: string[]; resolve: (first: boolean) => void; reject: (e: unknown) => void };
  let queue: Waiter[] = [];
  let inFlight = 0;
  let scheduled = false;

  async function flush(batch: Waiter[]) {
    inFlight++;
    try {
      const all = [...new Set(batch.flatMap((w) => w.keys))];
      const rows = await db
        .insert(processedEvents)
        .values(all.map((key) => ({ key })))
        .onConflictDoNothing()
        .returning({ key: processedEvents.key });
      const fresh = new Set(rows.map((r) => r.key));
      // A key shared by two waiters in one batch is fresh for the first only.
      const claimed = new Set<string>();
      for (const w of batch) {
        const first = w.keys.every((k) => fresh.has(k) && !claimed.has(k));
        w.keys.forEach((k) => claimed.add(k));
        w.resolve(first);
      }
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      inFlight--;
      pump();
    }
  }

  function pump() {
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      void flush(batch);
    }
  }

  return {
    firstDelivery(keys) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ keys, resolve, reject });
        // Let the requests that arrived in this turn of the event loop join the same batch.
        if (!scheduled) {
          scheduled = true;
          later(() => {
            scheduled = false;
            pump();
          });
        }
      });
    },
    async prune(olderThan) {
      const rows = await db.delete(processedEvents).where(lt(processedEvents.receivedAt, olderThan)).returning({ key: processedEvents.key });
      return rows.length;
    },
  };
}

export async function seenKeys(db: Db, keys: string[]): Promise<string[]> {
  const rows = await db.select({ key: processedEvents.key }).from(processedEvents).where(inArray(processedEvents.key, keys));
  return rows.map((r) => r.key);
}
