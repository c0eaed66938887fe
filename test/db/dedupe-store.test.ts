import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDedupe } from '../../src/db/stores/dedupe-store.ts';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { processedEvents } from '../../src/db/schema/core.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDb();
});
afterAll(() => d.drop());
beforeEach(async () => {
  await d.db.delete(processedEvents);
});

const trues = (xs: boolean[]) => xs.filter(Boolean).length;

test('the same key from 50 concurrent callers is a first delivery exactly once', async () => {
  const dedupe = createDedupe(d.db);
  const results = await Promise.all(Array.from({ length: 50 }, () => dedupe.firstDelivery(['evt:same'])));
  expect(trues(results)).toBe(1);
  // Later deliveries, alone or in a crowd, are duplicates too.
  expect(await dedupe.firstDelivery(['evt:same'])).toBe(false);
  expect(trues(await Promise.all(Array.from({ length: 20 }, () => dedupe.firstDelivery(['evt:same']))))).toBe(0);
});

test('split over many statements in flight at once, each key is still claimed once', async () => {
  // Batches of 3 with 4 in flight: copies of a key land in different concurrent statements.
  const dedupe = createDedupe(d.db, { maxBatch: 3, maxInFlight: 4 });
  const calls = Array.from({ length: 200 }, (_, i) => `evt:${i % 10}`);
  const results = await Promise.all(calls.map((k) => dedupe.firstDelivery([k])));
  for (let k = 0; k < 10; k++) expect(trues(results.filter((_, i) => calls[i] === `evt:${k}`))).toBe(1);
  expect(await d.db.select().from(processedEvents)).toHaveLength(10);
});

test('a message redelivered under a new event_id is a duplicate, in the same batch or later', async () => {
  const dedupe = createDedupe(d.db);
  const [a, b] = await Promise.all([dedupe.firstDelivery(['evt:1', 'msg:m']), dedupe.firstDelivery(['evt:2', 'msg:m'])]);
  expect([a, b]).toEqual([true, false]);
  expect(await dedupe.firstDelivery(['evt:3', 'msg:m'])).toBe(false);
  // An event seen before is a duplicate whatever its message.
  expect(await dedupe.firstDelivery(['evt:1', 'msg:other'])).toBe(false);
  // Distinct events in one batch are all first deliveries.
  const fresh = await Promise.all(Array.from({ length: 30 }, (_, i) => dedupe.firstDelivery([`evt:f${i}`, `msg:f${i}`])));
  expect(trues(fresh)).toBe(30);
});

test('keys with quotes, backslashes and non-ASCII survive the round trip', async () => {
  const dedupe = createDedupe(d.db);
  const odd = ['evt:"quoted"', 'msg:back\\slash', 'evt:党建🎉', 'evt:a,b', 'evt:{x}'];
  expect(trues(await Promise.all(odd.map((k) => dedupe.firstDelivery([k]))))).toBe(odd.length);
  const rows = await d.db.select({ key: processedEvents.key }).from(processedEvents);
  expect(rows.map((r) => r.key).sort()).toEqual([...odd].sort());
  expect(trues(await Promise.all(odd.map((k) => dedupe.firstDelivery([k]))))).toBe(0);
});

test('two processes (two pools) racing on the same keys: each key is first once overall', async () => {
  if (!d.url) return; // PGlite has one connection and one process: nothing races
  const other = createPostgresDb(d.url, { max: 4 });
  try {
    const a = createDedupe(d.db);
    const b = createDedupe(other.db);
    const keys = Array.from({ length: 40 }, (_, i) => `evt:race${i}`);
    const results = await Promise.all(keys.flatMap((k) => [a.firstDelivery([k]), b.firstDelivery([k]), a.firstDelivery([k])]));
    expect(trues(results)).toBe(keys.length);
    // The same keys arriving in opposite orders in the two processes: no statement may fail
    // (a deadlock between the two inserts would reject a whole batch).
    for (let round = 0; round < 10; round++) {
      const ks = Array.from({ length: 30 }, (_, i) => `msg:r${round}-${i}`);
      const both = await Promise.all([...ks.map((k) => a.firstDelivery([k])), ...[...ks].reverse().map((k) => b.firstDelivery([k]))]);
      expect(trues(both)).toBe(ks.length);
    }
  } finally {
    await other.close();
  }
});

test('a failed statement rejects its callers and does not claim their keys', async () => {
  const dedupe = createDedupe(d.db);
  await d.db.execute(sql`alter table processed_events add constraint dedupe_test_no_x check (key not like 'x%')`);
  try {
    const results = await Promise.allSettled([dedupe.firstDelivery(['x:1']), dedupe.firstDelivery(['evt:ok'])]);
    // Batched together, both fail: neither may be taken as handled.
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  } finally {
    await d.db.execute(sql`alter table processed_events drop constraint dedupe_test_no_x`);
  }
  expect(await dedupe.firstDelivery(['evt:ok'])).toBe(true);
});

test('the asynchronous commit stays with the dedupe statement and never reaches other work', async () => {
  // One connection, so the check below runs on the very session the insert used.
  const one = d.url ? createPostgresDb(d.url, { max: 1 }) : d;
  try {
    expect(await createDedupe(one.db).firstDelivery(['evt:sync-check'])).toBe(true);
    const res = await one.db.execute<{ synchronous_commit: string }>(sql`show synchronous_commit`);
    const rows = Array.isArray(res) ? res : (res as unknown as { rows: Array<{ synchronous_commit: string }> }).rows;
    expect(rows[0]!.synchronous_commit).toBe('on');
  } finally {
    if (one !== d) await one.close();
  }
});

test('prune removes keys older than the retention only', async () => {
  const dedupe = createDedupe(d.db);
  await Promise.all([dedupe.firstDelivery(['evt:old']), dedupe.firstDelivery(['evt:new'])]);
  await d.db.execute(sql`update processed_events set received_at = now() - interval '30 hours' where key = 'evt:old'`);
  expect(await dedupe.prune(new Date(Date.now() - 25 * 3600 * 1000))).toBe(1);
  expect(await dedupe.firstDelivery(['evt:old'])).toBe(true);
  expect(await dedupe.firstDelivery(['evt:new'])).toBe(false);
});
