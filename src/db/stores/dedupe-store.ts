import { inArray, lt, sql } from 'drizzle-orm';
import { processedEvents } from '../schema/core.ts';
import type { Db } from '../database.ts';
import { rowsOf } from '../sql.ts';

const later: (f: () => void) => void =
  typeof setImmediate === 'function' ? (f) => setImmediate(f) : (f) => setTimeout(f, 0);

/**
 * An event to keep in the durable inbox: a job of kind 'inbound', written by the same statement
 * that records its keys, already running under a lease (the receiver hands it to its handler at
 * once). If the handler never marks it done, the job runner replays it once the lease runs out.
 */
export interface InboxEvent {
  id: string;
  event: Record<string, unknown>;
  at: Date;
  leaseUntil: Date;
}

export interface Dedupe {
  /**
   * Records the keys; true when this is the first delivery (none of the keys was seen before).
   * With `inbox`, a first delivery is also stored as an inbox job, in the same statement.
   */
  firstDelivery(keys: string[], inbox?: InboxEvent): Promise<boolean>;
  /** Deletes keys, and handled inbox events, older than the retention (Feishu retries for hours; we keep a day and more). */
  prune(olderThan: Date): Promise<number>;
}

/** The kind of the durable inbox's jobs. */
export const INBOUND_JOB = 'inbound';

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
   * Commit without waiting for the WAL flush (synchronous_commit off for these statements). Off
   * by default and used by the bench only, to measure what durability costs: the statement now
   * stores the acknowledged event itself (the durable inbox), and a crash of PostgreSQL could
   * lose the last few hundred ms of commits (wal_writer_delay), i.e. events Feishu was told it
   * need not redeliver. An acknowledged event must survive that, so the commit is synchronous.
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
  type Waiter = { keys: string[]; inbox?: InboxEvent; resolve: (first: boolean) => void; reject: (e: unknown) => void };
  let queue: Waiter[] = [];
  let inFlight = 0;
  let scheduled = false;
  const counts: DedupeStats = { statements: 0, deliveries: 0 };

  // One statement text for every batch (the deliveries are one JSON array parameter, so
  // postgres.js prepares it once per connection). Keys are inserted in sorted order; a delivery
  // is first when all its keys were fresh and no earlier delivery of the batch listed one of
  // them; the first deliveries that carry an event are stored as inbox jobs in the same statement.
  const syncOff = (opts.asyncCommit ?? false) ? sql`, (select set_config('synchronous_commit', 'off', true)) as c` : sql``;
  async function insertFresh(batch: Waiter[]): Promise<Set<number>> {
    const input = batch.map((w, i) => ({
      i,
      keys: w.keys,
      id: w.inbox?.id ?? null,
      event: w.inbox?.event ?? null,
      at: w.inbox?.at.toISOString() ?? null,
      lease: w.inbox?.leaseUntil.toISOString() ?? null,
    }));
    const rows = await rowsOf<{ i: number }>(
      db,
      sql`with input as (
            select (e->>'i')::int as i, e->'keys' as keys, (e->>'id')::uuid as id, e->'event' as event,
              (e->>'at')::timestamptz as at, (e->>'lease')::timestamptz as lease
            from jsonb_array_elements(${JSON.stringify(input)}::text::jsonb) e
          ),
          x as (select i, k from input, jsonb_array_elements_text(input.keys) k),
          ins as (
            insert into processed_events (key, received_at)
            select d.k, now() from (select distinct k from x) d ${syncOff} order by d.k
            on conflict do nothing returning key
          ),
          fresh as (
            select x.i, (ins.key is not null and not exists (select 1 from x y where y.k = x.k and y.i < x.i)) as ok
            from x left join ins on ins.key = x.k
          ),
          firsts as (select i from fresh group by i having bool_and(ok)),
          inbox as (
            insert into jobs (id, kind, unique_key, payload, state, attempts, run_at, lease_until, claimed_by, created_at)
            select input.id, ${INBOUND_JOB}, ${INBOUND_JOB} || ':' || input.id, input.event, 'running', 1, input.at, input.lease, 'receiver', input.at
            from input join firsts on firsts.i = input.i where input.id is not null
            on conflict (unique_key) do nothing
            returning 1
          )
          select i from firsts`,
    );
    return new Set(rows.map((r) => Number(r.i)));
  }

  async function flush(batch: Waiter[]) {
    inFlight++;
    counts.statements++;
    counts.deliveries += batch.length;
    try {
      // Sorted: concurrent statements (here or in another process) that share keys then lock them
      // in the same order, so they queue behind each other instead of deadlocking.
      const firsts = await insertFresh(batch);
      batch.forEach((w, i) => w.resolve(firsts.has(i)));
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
    firstDelivery(keys, inbox) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ keys, inbox, resolve, reject });
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
      // A handled event's text is not kept longer than its keys; failed ones stay for the CLI.
      await db.execute(sql`delete from jobs where kind = ${INBOUND_JOB} and state = 'done' and finished_at < ${olderThan.toISOString()}::timestamptz`);
      return rows.length;
    },
  };
}

export async function seenKeys(db: Db, keys: string[]): Promise<string[]> {
  const rows = await db.select({ key: processedEvents.key }).from(processedEvents).where(inArray(processedEvents.key, keys));
  return rows.map((r) => r.key);
}
