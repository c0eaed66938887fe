import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { ActionReply, CardAction, Inbound } from '../../src/bot/types.ts';
import { fixedClock } from '../../src/clock.ts';
import { processedEvents } from '../../src/db/schema/core.ts';
import { createDedupe } from '../../src/db/stores/dedupe-store.ts';
import { dingtalkReceiver } from '../../src/http/dingtalk-receiver.ts';
import { dingtalkSign } from '../../src/http/dingtalk-signature.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createManualDefer } from '../../src/runtime/defer.ts';
import { cardCallback, DT_APP, robotFile, robotText, signedHeaders } from '../fixtures/dingtalk/bodies.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';

let database: TestDatabase;
const clock = fixedClock('2026-11-21T01:00:00Z');
const defer = createManualDefer();
const handled: Inbound[] = [];
const actions: CardAction[] = [];
let app: ReturnType<typeof dingtalkReceiver>;

beforeAll(async () => {
  database = await createTestDb();
  const bot = {
    handle: async (i: Inbound) => void handled.push(i),
    action: async (a: CardAction): Promise<ActionReply> => {
      actions.push(a);
      return { toast: { type: 'info', content: 'ok' } };
    },
  };
  app = dingtalkReceiver({
    dingtalk: { clientSecret: DT_APP.clientSecret },
    bot,
    dedupe: createDedupe(database.db),
    defer,
    clock,
    logger: silentLogger,
    cardReply: (r) => ({ drawn: r.toast?.content }),
  });
});
afterAll(() => database.drop());
beforeEach(async () => {
  await defer.flush();
  handled.length = 0;
  actions.length = 0;
});

const now = () => clock.now().getTime();
const post = (body: unknown, headers: Record<string, string> = signedHeaders(now())) =>
  app.request('/events', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function keysStored(msgIds: string[]) {
  const keys = msgIds.map((m) => `dt:msg:${m}`);
  return (await database.db.select().from(processedEvents).where(inArray(processedEvents.key, keys))).length;
}

test('a signed robot message is acknowledged and handed to the bot as a transport-neutral Inbound', async () => {
  const res = await post(robotText('帮助', { staffId: 'staff-a', msgId: 'msg-signed-1' }));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({});
  expect(handled).toHaveLength(0); // acknowledged before handling
  await defer.flush();
  expect(handled).toEqual([{ kind: 'text', openId: 'dt:staff-a', messageId: 'msg-signed-1', text: '帮助', at: clock.now() }]);
});

test('a group message keeps the conversation as chatId and loses the space the @mention left', async () => {
  await post(robotText('覆盖率', { staffId: 'staff-b', msgId: 'msg-group-1', group: 'cidGroupFixture==' }));
  await defer.flush();
  expect(handled[0]).toMatchObject({ kind: 'text', openId: 'dt:staff-b', chatId: 'cidGroupFixture==', text: '覆盖率' });
});

test('a file message carries its downloadCode as the file key', async () => {
  await post(robotFile({ staffId: 'staff-c', downloadCode: 'dc-123', fileName: '台账.xlsx', msgId: 'msg-file-1' }));
  await defer.flush();
  expect(handled[0]).toMatchObject({ kind: 'file', openId: 'dt:staff-c', messageId: 'msg-file-1', resource: 'file', fileKey: 'dc-123', fileName: '台账.xlsx' });
});

test('a redelivered message (same msgId) is acknowledged again but handled once', async () => {
  const body = robotText('待办', { msgId: 'msg-redelivered' });
  for (let i = 0; i < 3; i++) expect((await post(body)).status).toBe(200);
  await defer.flush();
  expect(handled).toHaveLength(1);
});

test('forgeries get 401 and have no effect: no dedupe key, no bot call', async () => {
  const body = robotText('帮助', { msgId: 'msg-forged' });
  const ts = String(now());
  const cases: Record<string, string>[] = [
    { 'content-type': 'application/json' }, // unsigned
    { 'content-type': 'application/json', timestamp: ts, sign: dingtalkSign(ts, 'not-the-secret') },
    { 'content-type': 'application/json', timestamp: ts, sign: dingtalkSign(String(now() + 1), DT_APP.clientSecret) }, // sign of another instant
    { 'content-type': 'application/json', timestamp: ts, sign: dingtalkSign(ts, DT_APP.clientSecret).slice(0, -2) }, // truncated
    { 'content-type': 'application/json', timestamp: `${ts}.0`, sign: dingtalkSign(`${ts}.0`, DT_APP.clientSecret) }, // not a number
    signedHeaders(now() - 61 * 60 * 1000), // right signature, outside the hour
    signedHeaders(now() + 61 * 60 * 1000),
  ];
  for (const headers of cases) expect((await post(body, headers)).status).toBe(401);
  // A card callback is held to the same signature.
  expect((await post(cardCallback({ value: { a: 1 } }), { 'content-type': 'application/json' })).status).toBe(401);
  await defer.flush();
  expect(handled).toHaveLength(0);
  expect(actions).toHaveLength(0);
  expect(await keysStored(['msg-forged'])).toBe(0);
  // The same body, signed, then goes through: the forgeries left nothing behind.
  expect((await post(body)).status).toBe(200);
  await defer.flush();
  expect(handled).toHaveLength(1);
});

test('within the window either side the signature is accepted', async () => {
  expect((await post(robotText('a'), signedHeaders(now() - 59 * 60 * 1000))).status).toBe(200);
  expect((await post(robotText('b'), signedHeaders(now() + 59 * 60 * 1000))).status).toBe(200);
});

test('a signed body that is not JSON is 400 and has no effect', async () => {
  expect((await post('{not json')).status).toBe(400);
  expect((await post('[1,2]')).status).toBe(400);
  await defer.flush();
  expect(handled).toHaveLength(0);
});

test('a card callback is answered inline through the card seam, as a CardAction', async () => {
  const res = await post(cardCallback({ userId: 'staff-d', outTrackId: 'track-1', value: { r: 'visit', rev: 3 }, form: { name: '张三' }, actionId: 'save' }));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ drawn: 'ok' });
  expect(actions).toEqual([{ openId: 'dt:staff-d', messageId: 'track-1', value: { r: 'visit', rev: 3 }, formValue: { name: '张三' }, name: 'save', at: clock.now() }]);
});

test('a message from someone without a staff id (outside the company) is acknowledged and ignored', async () => {
  expect((await post(robotText('帮助', { staffId: '', msgId: 'msg-outsider' }))).status).toBe(200);
  await defer.flush();
  expect(handled).toHaveLength(0);
});
