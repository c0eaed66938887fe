import { inArray, lt, sql } from 'drizzle-orm';
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

export interface DedupeOptions {
  /** Statements in flight at once; more waiters queue and go together in the next one. */
  maxInFlight?: number;
  /** Deliveries per statement at most. */
  maxBatch?: number;
  /**
   * Send a batch as soon as this many deliveries wait, instead of at the end of the event-loop
   * turn: under load, PostgreSQL then works on the first part of a burst while this process
   * still verifies and decrypts the rest.
   */
  eagerBatch?: number;
  /**
   * Commit the dedupe inserts without waiting for the WAL flush (synchronous_commit off for these
   * statements only; on by default). Visibility, and so the no-duplicate guarantee among running
   * requests, is unchanged. What a crash of PostgreSQL itself (not of this service) can lose is the
   * keys of the last few hundred ms (wal_writer_delay); those events were acknowledged, so Feishu
   * does not redeliver them: only a spontaneous duplicate inside that window would be handled twice.
   * In exchange acknowledgements never wait for a WAL flush, which on a server shared with other
   * writers (imports, reminders) stalls: in the receiver bench on a busy machine, throughput
   * went from ~10k to ~17k events/s.
   */
  asyncCommit?: boolean;
}

export interface DedupeStats {
  /** Insert statements sent so far, and the deliveries they carried (their ratio: the batch size). */
  statements: number;
  deliveries: number;
}

/**
 * Dedupe in PostgreSQL with `insert … on conflict do nothing returning key`. Concurrent requests
 * are batched: the deliveries that arrive in one turn of the event loop (up to eagerBatch), or
 * while maxInFlight statements are out, go together in one statement, so a burst of N events
 * costs a few round trips and commits instead of N.
 *
 * No duplicate gets through: the primary key decides between concurrent statements (the second
 * waits for the first to commit and then sees the conflict; keys are inserted in sorted order so
 * that two such statements cannot deadlock), and inside one batch a key is fresh for the first
 * delivery that lists it only. test/db/dedupe-store.test.ts races them.
 */
export function createDedupe(db: Db, opts: DedupeOptions = {}): Dedupe & { stats(): DedupeStats } {
  const maxInFlight = opts.maxInFlight ?? 4;
  const maxBatch = opts.maxBatch ?? 1000;
  const eagerBatch = opts.eagerBatch ?? 8;
  type Waiter = { keys: string[]; resolve: (first: boolean) => void; reject: (e: unknown) => void };
  let queue: Waiter[] = [];
  let inFlight = 0;
  let scheduled = false;
  const counts: DedupeStats = { statements: 0, deliveries: 0 };

  // One statement text for every batch (the keys are one JSON array parameter), prepared once per
  // connection: a VALUES list would be a new statement for each batch size, parsed and planned
  // every time. The select lists the table's columns in order (received_at as its default would).
  const fromKeys = sql`jsonb_array_elements_text(${sql.placeholder('keys')}::text::jsonb) as k`;
  const claim = db
    .insert(processedEvents)
    .select(
      (opts.asyncCommit ?? true)
        ? sql`with c as (select set_config('synchronous_commit', 'off', true)) select k, now() from ${fromKeys}, c`
        : sql`select k, now() from ${fromKeys}`,
    )
    .onConflictDoNothing()
    .returning({ key: processedEvents.key })
    .prepare('dedupe_claim');

  async function insertFresh(keys: string[]): Promise<Set<string>> {
    const rows = await claim.execute({ keys: JSON.stringify(keys) });
    return new Set(rows.map((r) => r.key));
  }

  async function flush(batch: Waiter[]) {
    inFlight++;
    counts.statements++;
    counts.deliveries += batch.length;
    try {
      // Sorted: concurrent statements (here or in another process) that share keys then lock them
      // in the same order, so they queue behind each other instead of deadlocking.
      const fresh = await insertFresh([...new Set(batch.flatMap((w) => w.keys))].sort());
      // A key shared by two waiters in one batch is fresh for the first only.
      const claimed = new Set<string>();
      for (const w of batch) {
        const first = w.keys.every((k) => fresh.has(k) && !claimed.has(k));
        for (const k of w.keys) claimed.add(k);
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
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      void flush(batch);
    }
  }

  return {
    stats: () => ({ ...counts }),
    firstDelivery(keys) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ keys, resolve, reject });
        if (queue.length >= eagerBatch && inFlight < maxInFlight) return pump();
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
