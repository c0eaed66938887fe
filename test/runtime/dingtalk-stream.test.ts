import { setupServer } from 'msw/node';
import { DWClient, TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import type { ActionReply, CardAction, Inbound } from '../../src/bot/types.ts';
import { fixedClock } from '../../src/clock.ts';
import { createDedupe } from '../../src/db/stores/dedupe-store.ts';
import { dispatchDingtalkBody } from '../../src/http/dingtalk-receiver.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createManualDefer } from '../../src/runtime/defer.ts';
import { startDingtalkStream, type DingtalkStream } from '../../src/runtime/dingtalk-stream.ts';
import { cardCallback, DT_APP, robotText } from '../fixtures/dingtalk/bodies.ts';
import { startStreamGateway, type StreamGateway } from '../support/dingtalk-stream-gateway.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';

const server = setupServer();
let database: TestDatabase;
let gw: StreamGateway;
let stream: DingtalkStream | undefined;
const clock = fixedClock('2026-11-21T01:00:00Z');
const defer = createManualDefer();
const handled: Inbound[] = [];
const actions: CardAction[] = [];
const sleeps: number[] = [];
let checks: Array<() => void> = [];

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  database = await createTestDb();
});
afterAll(async () => {
  server.close();
  await database.drop();
});
beforeEach(async () => {
  gw = await startStreamGateway(server);
  handled.length = 0;
  actions.length = 0;
  sleeps.length = 0;
  checks = [];
});
afterEach(async () => {
  await stream?.stop();
  stream = undefined;
  await gw.close();
  server.resetHandlers();
});

function start(o: { dedupeFailures?: number } = {}) {
  const bot = {
    handle: async (i: Inbound) => void handled.push(i),
    action: async (a: CardAction): Promise<ActionReply> => {
      actions.push(a);
      return { toast: { type: 'success', content: '已保存' } };
    },
  };
  const real = createDedupe(database.db);
  let failures = o.dedupeFailures ?? 0;
  const dedupe = {
    ...real,
    firstDelivery: (keys: string[]) => (failures-- > 0 ? Promise.reject(new Error('database unavailable')) : real.firstDelivery(keys)),
  };
  stream = startDingtalkStream({
    dingtalk: DT_APP,
    handle: (body) => dispatchDingtalkBody({ bot, dedupe, defer, clock, cardReply: (r) => ({ status: r.toast?.content }) }, body),
    logger: silentLogger,
    clock,
    random: () => 0.5,
    // Back-off is recorded, not waited for; the next turn of the event loop reconnects.
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((resolve) => setImmediate(resolve));
    },
    silenceMs: 90_000,
    every: (_ms, check) => {
      checks.push(check);
      return () => (checks = checks.filter((c) => c !== check));
    },
  });
  return stream;
}

const texts = () => handled.map((i) => (i.kind === 'text' ? i.text : i.kind));

test('the SDK subscribes to our two callback topics only, and every robot message is acknowledged', async () => {
  start();
  await gw.connected(1);
  expect(gw.opens[0]).toMatchObject({ clientId: DT_APP.clientId, subscriptions: [{ type: 'CALLBACK', topic: TOPIC_ROBOT }, { type: 'CALLBACK', topic: TOPIC_CARD }] });
  const id = gw.push(TOPIC_ROBOT, robotText('帮助', { staffId: 'staff-s1', msgId: 'stream-1' }));
  expect(await gw.acked(id)).toEqual({ response: {} });
  await defer.flush();
  expect(handled).toEqual([{ kind: 'text', openId: 'dt:staff-s1', messageId: 'stream-1', text: '帮助', at: clock.now() }]);
});

test('a redelivered stream message (same msgId, new frame id) is acknowledged again and handled once', async () => {
  start();
  await gw.connected(1);
  const body = robotText('待办', { msgId: 'stream-redelivered' });
  await gw.acked(gw.push(TOPIC_ROBOT, body));
  await gw.acked(gw.push(TOPIC_ROBOT, body));
  await gw.acked(gw.push(TOPIC_ROBOT, body, 'same-frame-again'));
  await defer.flush();
  expect(texts()).toEqual(['待办']);
});

test('a message that cannot be recorded is not acknowledged, so the re-push gets it handled, once', async () => {
  start({ dedupeFailures: 1 });
  await gw.connected(1);
  const body = robotText('找党员', { msgId: 'stream-db-down' });
  const id = gw.push(TOPIC_ROBOT, body);
  // The next frame's ack proves the first was processed (frames are handled in order) without an ack.
  await gw.acked(gw.push(TOPIC_ROBOT, robotText('帮助', { msgId: 'stream-after' })));
  expect(gw.acks.has(id)).toBe(false);
  // DingTalk re-pushes the unacknowledged frame (after ~60 s); now the database answers.
  await gw.acked(gw.push(TOPIC_ROBOT, body, id));
  await defer.flush();
  expect(texts().sort()).toEqual(['帮助', '找党员'].sort());
});

test('a card callback is answered in its acknowledgement', async () => {
  start();
  await gw.connected(1);
  const id = gw.push(TOPIC_CARD, cardCallback({ userId: 'staff-s2', outTrackId: 'track-s', value: { r: 'x' } }));
  expect(await gw.acked(id)).toEqual({ response: { status: '已保存' } });
  expect(actions).toMatchObject([{ openId: 'dt:staff-s2', messageId: 'track-s', value: { r: 'x' } }]);
});

test('a dropped connection reconnects with back-off (through a failed gateway call); nothing is lost or doubled', async () => {
  start();
  const first = await gw.connected(1);
  await gw.acked(gw.push(TOPIC_ROBOT, robotText('记录走访', { msgId: 'conv-1' })));
  gw.failNext(503);
  // The next message is in flight when the connection drops: unacknowledged, so the gateway
  // pushes it again on the next connection.
  const inFlight = gw.push(TOPIC_ROBOT, robotText('2026-11-20', { msgId: 'conv-2' }));
  first.terminate();
  await gw.connected(2);
  await gw.acked(inFlight);
  // And the gateway re-pushes the first one as if its ack had been lost.
  await gw.acked(gw.push(TOPIC_ROBOT, robotText('记录走访', { msgId: 'conv-1' })));
  await gw.acked(gw.push(TOPIC_ROBOT, robotText('取消', { msgId: 'conv-3' })));
  await defer.flush();
  expect(texts()).toEqual(['记录走访', '2026-11-20', '取消']);
  // Full jitter at random 0.5: 500 ms after a healthy connection, then 1 s after the failed gateway call.
  expect(sleeps).toEqual([500, 1000]);
  expect(gw.opens).toHaveLength(3);
  expect(stream!.stats()).toMatchObject({ connections: 2, failures: 1 });
});

test('the back-off grows while the gateway keeps failing, up to its cap', async () => {
  for (let i = 0; i < 8; i++) gw.failNext(503);
  start();
  await gw.connected(1);
  expect(sleeps).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
});

test("the server's disconnect frame closes the socket (the SDK leaves it open) and a new connection takes over", async () => {
  start();
  const first = await gw.connected(1);
  const closed = new Promise<void>((resolve) => first.on('close', () => resolve()));
  gw.system('disconnect');
  await closed;
  await gw.connected(2);
  await gw.acked(gw.push(TOPIC_ROBOT, robotText('覆盖率', { msgId: 'after-disconnect' })));
  await defer.flush();
  expect(texts()).toEqual(['覆盖率']);
});

test('a quiet socket that answers pings is kept', async () => {
  await start().ready;
  const first = await gw.connected(1);
  const pinged = new Promise<void>((resolve) => first.on('ping', () => resolve()));
  for (let i = 0; i < 3; i++) {
    clock.advance(60_000);
    checks.forEach((c) => c());
    // The pong must be back before the next check, as it would be within the real 30 s interval.
    await pinged;
    await gw.acked(gw.push(TOPIC_ROBOT, robotText(`q${i}`)));
  }
  expect(first.readyState).toBe(first.OPEN);
  expect(gw.sockets).toHaveLength(1);
});

test('a half-open socket (no frames, no pongs) is taken as dead after silenceMs and replaced', async () => {
  await gw.close();
  gw = await startStreamGateway(server, { autoPong: false });
  await start().ready;
  const first = await gw.connected(1);
  const closed = new Promise<void>((resolve) => first.on('close', () => resolve()));
  clock.advance(60_000);
  checks.forEach((c) => c());
  expect(first.readyState).toBe(first.OPEN);
  clock.advance(31_000);
  checks.forEach((c) => c());
  await closed;
  await gw.connected(2);
});

test('stop() ends the loop and closes the socket', async () => {
  const s = start();
  const first = await gw.connected(1);
  const closed = new Promise<void>((resolve) => first.on('close', () => resolve()));
  await s.stop();
  await closed;
  expect(gw.opens).toHaveLength(1);
  stream = undefined;
});

// What the SDK itself does, which is why the code above does not rely on it (README "Stream mode").
test('SDK 2.1.5: fixed 1 s reconnect, connect() swallows a failed gateway call, the disconnect frame leaves the socket open', async () => {
  const sdk = new DWClient({ ...DT_APP, autoReconnect: false } as ConstructorParameters<typeof DWClient>[0]);
  expect((sdk as unknown as { reconnectInterval: number }).reconnectInterval).toBe(1000);
  gw.failNext(503);
  await expect(sdk.connect()).resolves.toBeUndefined();
  expect(sdk.connected).toBe(false);

  await sdk.getEndpoint();
  await sdk._connect();
  const socket = await gw.connected(1);
  const echoed = new Promise<void>((resolve) => socket.on('message', (raw) => String(raw).includes('probe') && resolve()));
  gw.system('disconnect');
  // The SDK echoes a SYSTEM ping: once the echo is back, the disconnect frame has been processed.
  socket.send(JSON.stringify({ type: 'SYSTEM', headers: { topic: 'ping', messageId: 'p1' }, data: '"probe"' }));
  await echoed;
  expect(sdk.connected).toBe(false);
  expect(socket.readyState).toBe(socket.OPEN);
  sdk.disconnect();
});
