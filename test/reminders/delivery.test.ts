/**
 * Exactly once: a crash between claim and mark, two workers racing, the Open API failing.
 */
import { reachOf } from '../../src/runtime/messenger-factory.ts';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { buildDigests, claimRows, failedRows, failSpentLeases } from '../../src/db/reminders/outbox-store.ts';
import { createFeishuMessenger } from '../../src/messenger/feishu-messenger.ts';
import { createRateLimiter } from '../../src/messenger/rate-limiter.ts';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import { fixedClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { deliver, type DeliveryOptions } from '../../src/reminders/delivery.ts';
import { createRender } from '../../src/reminders/runner.ts';
import { planning, uncoveredWarner } from '../../src/reminders/planner.ts';
import type { Messenger } from '../../src/messenger/messenger.ts';
import type { Db } from '../../src/db/database.ts';
import { outbox } from './support.ts';

const AT = '2026-03-27T01:05:00Z'; // Friday 09:05 Shanghai
const TODAY = '2026-03-27';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  for (const t of ['reminders', 'reminder_outbox', 'person_roles', 'people']) await database.db.execute(sql.raw(`delete from ${t}`));
});

/** n people with one planned reminder each, gathered into today's digests. */
async function digests(db: Db, n: number): Promise<string[]> {
  await db.execute(sql`insert into people (name, open_id) select '书记' || g, 'ou_t_' || g from generate_series(1, ${n}::int) g`);
  await db.execute(sql`
    insert into reminders (person_id, item_type, item_key, period_key, kind, planned_on, payload)
    select id, 'meeting', 'meeting:' || id || ':committee', '2026-02', 'overdue', ${TODAY}::date,
      jsonb_build_object('t', 'meeting', 'partyOrgId', id, 'partyOrgName', '支部' || name, 'meetingKind', 'committee', 'periodKey', '2026-02', 'dueOn', '2026-02-28', 'days', 27)
    from people`);
  await buildDigests(db, TODAY, new Date(AT), reachOf({}));
  return Array.from({ length: n }, (_, i) => `ou_t_${i + 1}`);
}

async function options(db: Db, messenger: Messenger, clock: ReturnType<typeof fixedClock>, extra: Partial<DeliveryOptions> = {}): Promise<DeliveryOptions> {
  const p = await planning(db, clock.now(), uncoveredWarner(silentLogger));
  return {
    db,
    messenger,
    reach: reachOf({}),
    clock,
    logger: silentLogger,
    render: createRender({ database: { db }, messenger, reach: reachOf({}), clock, logger: silentLogger }, p),
    workerId: 'B',
    maxAttempts: 5,
    mayDeliver: () => true,
    deadline: new Date(clock.now().getTime() + 3_600_000),
    sleep: async (ms) => clock.advance(ms),
    random: () => 0.5,
    ...extra,
  };
}

describe('a crash between claim and mark', () => {
  test('after the lease runs out the row is sent again with the same uuid, and shown once', async () => {
    const db = database.db;
    const [openId] = await digests(db, 1);
    const clock = fixedClock(AT);
    const messenger = createConsoleMessenger({ clock });
    // Worker A claims, sends, and dies before marking.
    const [row] = await claimRows(db, { now: clock.now(), leaseMs: 120_000, limit: 10, workerId: 'A', maxAttempts: 5 });
    expect(row).toBeDefined();
    await messenger.sendCard({ openId: openId! }, { title: '提醒', color: 'blue', body: [] }, { uuid: row!.id });
    // While A's lease holds, nobody else takes the row.
    expect((await deliver(await options(db, messenger, clock))).sent).toBe(0);
    clock.advance(121_000);
    const stats = await deliver(await options(db, messenger, clock));
    expect(stats.sent).toBe(1);
    // The console keeps Feishu's rule: a uuid repeated within the hour yields the first message.
    expect(messenger.messages(openId!)).toHaveLength(1);
    const [o] = await outbox(db);
    expect(o).toMatchObject({ id: row!.id, status: 'sent', attempts: 2 });
    // A rerun finds nothing to do.
    expect((await deliver(await options(db, messenger, clock))).sent).toBe(0);
  });

  test('a claim that never sent is sent once after its lease', async () => {
    const db = database.db;
    const [openId] = await digests(db, 1);
    const clock = fixedClock(AT);
    const messenger = createConsoleMessenger({ clock });
    await claimRows(db, { now: clock.now(), leaseMs: 120_000, limit: 10, workerId: 'A', maxAttempts: 5 });
    clock.advance(120_001);
    expect((await deliver(await options(db, messenger, clock))).sent).toBe(1);
    expect(messenger.messages(openId!)).toHaveLength(1);
  });

  test('a lease that runs out on the last allowed attempt leaves the row failed and visible', async () => {
    const db = database.db;
    await digests(db, 1);
    const clock = fixedClock(AT);
    await claimRows(db, { now: clock.now(), leaseMs: 1000, limit: 10, workerId: 'A', maxAttempts: 1 });
    clock.advance(2000);
    expect(await claimRows(db, { now: clock.now(), leaseMs: 1000, limit: 10, workerId: 'B', maxAttempts: 1 })).toEqual([]);
    await failSpentLeases(db, clock.now(), 1);
    const failed = await failedRows(db, TODAY);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.lastError).toContain('lease expired');
  });
});

describe('two workers at once', () => {
  test('every digest is sent exactly once', async () => {
    const db = database.db;
    const N = 60;
    const openIds = await digests(db, N);
    const clock = fixedClock(AT);
    const messenger = createConsoleMessenger({ clock });
    const uuids: string[] = [];
    const counting: Messenger = {
      ...messenger,
      sendCard: async (to, card, o) => {
        uuids.push(o!.uuid!);
        return messenger.sendCard(to, card, o);
      },
    };
    let second: ReturnType<typeof createPostgresDb> | null = null;
    // PostgreSQL: a second pool, as a second process would have; PGlite has one connection, so
    // the two workers share it and SKIP LOCKED simply never finds a row locked.
    const db2 = database.url ? (second = createPostgresDb(database.url, { max: 4 })).db : db;
    try {
      const [a, b] = await Promise.all([
        deliver(await options(db, counting, clock, { workerId: 'A', concurrency: 3, batchSize: 3 })),
        deliver(await options(db2, counting, clock, { workerId: 'B', concurrency: 3, batchSize: 3 })),
      ]);
      expect(a.sent + b.sent).toBe(N);
      expect(new Set(uuids).size).toBe(uuids.length);
      expect(uuids).toHaveLength(N);
      if (database.url) expect(a.sent > 0 && b.sent > 0).toBe(true);
    } finally {
      await second?.close();
    }
    for (const o of openIds) expect(messenger.messages(o)).toHaveLength(1);
    expect((await outbox(db)).every((o) => o.status === 'sent')).toBe(true);
    expect(database.kind === 'pglite' ? 'single connection' : 'two pools').toBe(database.url ? 'two pools' : 'single connection');
  });
});

describe('the Open API failing', () => {
  const BASE = 'https://open.feishu.test';
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  function feishu(responses: Array<() => Response>) {
    const seen: Array<{ uuid: string; receive_id: string }> = [];
    server.use(
      http.post(`${BASE}/open-apis/auth/v3/tenant_access_token/internal`, () => HttpResponse.json({ code: 0, tenant_access_token: 't-1', expire: 7200 })),
      http.post(`${BASE}/open-apis/im/v1/messages`, async ({ request }) => {
        seen.push((await request.json()) as { uuid: string; receive_id: string });
        return responses[Math.min(seen.length, responses.length) - 1]!();
      }),
    );
    const messenger = createFeishuMessenger({
      appId: 'cli_test',
      appSecret: 'secret',
      domain: BASE,
      limiter: createRateLimiter({ now: () => 0, sleep: async () => {} }, { perSecond: 1000, perMinute: 100_000, perRecipientPerSecond: 1000 }),
      sleep: async () => {},
      random: () => 0.5,
    });
    return { seen, messenger };
  }
  const ok = () => HttpResponse.json({ code: 0, msg: 'success', data: { message_id: 'om_ok' } });
  const e429 = () => HttpResponse.json({ code: 99991400, msg: 'request trigger frequency limit' }, { status: 429, headers: { 'x-ogw-ratelimit-reset': '1' } });
  const e500 = () => HttpResponse.json({ code: -1, msg: 'internal error' }, { status: 500 });

  test('429 then 500 then success: sent once, every try with the row id as uuid', async () => {
    const db = database.db;
    await digests(db, 1);
    const { seen, messenger } = feishu([e429, e500, ok]);
    const clock = fixedClock(AT);
    // No waiting within the run: the 500 leaves the row pending with a back-off.
    const first = await deliver(await options(db, messenger, clock, { waitForRetriesMs: 0 }));
    expect(first).toMatchObject({ sent: 0, retrying: 1 });
    const [pending] = await outbox(db);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await deliver(await options(db, messenger, clock))).sent).toBe(0); // not due yet
    clock.advance(1500);
    expect((await deliver(await options(db, messenger, clock))).sent).toBe(1);
    expect(seen.map((s) => s.uuid)).toEqual([pending!.id, pending!.id, pending!.id]);
    expect((await outbox(db))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('gives up after the policy attempts and keeps the row failed and visible', async () => {
    const db = database.db;
    await digests(db, 1);
    const { seen, messenger } = feishu([e500]);
    const clock = fixedClock(AT);
    // The loop waits (on the fixed clock) for each retry it can see coming.
    const stats = await deliver(await options(db, messenger, clock, { waitForRetriesMs: 3_600_000 }));
    expect(stats).toMatchObject({ sent: 0, failed: 1 });
    expect(seen).toHaveLength(5);
    const failed = await failedRows(db, TODAY);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ attempts: 5 });
    expect(failed[0]!.lastError).toContain('HTTP 500');
  });

  test('a refusal retrying cannot fix (user outside the app) fails at once', async () => {
    const db = database.db;
    await digests(db, 1);
    const { seen, messenger } = feishu([() => HttpResponse.json({ code: 230013, msg: 'Bot has NO availability to this user.' }, { status: 400 })]);
    const clock = fixedClock(AT);
    const stats = await deliver(await options(db, messenger, clock, { waitForRetriesMs: 3_600_000 }));
    expect(stats.failed).toBe(1);
    expect(seen).toHaveLength(1);
    expect((await failedRows(db, TODAY))[0]!.lastError).toContain('230013');
  });
});

