import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { fixedClock } from '../../../src/clock.ts';
import { createDingtalkClient, DingtalkApiError } from '../../../src/messenger/dingtalk/dingtalk-client.ts';
import { createRateLimiter } from '../../../src/messenger/rate-limiter.ts';
import { DT_BASE, installDingtalkStandIn, type DingtalkStandIn } from '../../support/dingtalk-openapi.ts';
import { steppingTime } from '../fake-time.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const APP = { clientId: 'dingclientfixture', clientSecret: 'fixture-secret', robotCode: 'dingrobotfixture' };

function setup() {
  const dt: DingtalkStandIn = installDingtalkStandIn(server);
  const clock = fixedClock('2026-11-21T01:00:00Z');
  const time = steppingTime(1_000_000);
  const logs: string[] = [];
  const client = createDingtalkClient({
    ...APP,
    api: DT_BASE,
    clock,
    limiter: createRateLimiter(time),
    sleep: time.sleep,
    random: () => 0.5,
    logger: { warn: (m) => logs.push(m), info: (m) => logs.push(m) },
  });
  return { dt, clock, time, client, logs };
}

const BATCH = '/v1.0/robot/oToMessages/batchSend';

test('a markdown message to one person: v1.0 token in the header, msgParam as a JSON string', async () => {
  const { dt, client } = setup();
  const [r] = await client.sendToUsers(['staff001'], { kind: 'markdown', title: '待办', text: '**今天** 有 1 项' });
  expect(r!.processQueryKey).toMatch(/^pqk-/);
  const [call] = dt.to(BATCH);
  expect(call!.token).toBe('v1-token-1');
  expect(call!.body).toEqual({ robotCode: APP.robotCode, userIds: ['staff001'], msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: '待办', text: '**今天** 有 1 项' }) });
  expect(dt.to('/v1.0/oauth2/accessToken')[0]!.body).toEqual({ appKey: APP.clientId, appSecret: APP.clientSecret });
});

test('the token is fetched once for many calls, concurrent ones included, and again only near expiry', async () => {
  const { dt, client, clock } = setup();
  await Promise.all(Array.from({ length: 5 }, (_, i) => client.sendToUsers([`u${i}`], { kind: 'text', content: 'hi' })));
  await client.sendToGroup('cidGroup==', { kind: 'text', content: 'hi' });
  expect(dt.tokensIssued.v1).toBe(1);
  clock.advance(7200_000 - 6 * 60_000); // still more than the 5-minute margin left
  await client.sendToUsers(['u1'], { kind: 'text', content: 'hi' });
  expect(dt.tokensIssued.v1).toBe(1);
  clock.advance(2 * 60_000); // now inside the margin
  await client.sendToUsers(['u1'], { kind: 'text', content: 'hi' });
  expect(dt.tokensIssued.v1).toBe(2);
  expect(dt.to(BATCH).at(-1)!.token).toBe('v1-token-2');
});

test('a refused token is dropped and the call repeated once with a fresh one', async () => {
  const { dt, client } = setup();
  await client.sendToUsers(['u1'], { kind: 'text', content: 'a' });
  dt.next(BATCH, () => HttpResponse.json({ code: 'InvalidAuthentication', message: '不合法的access_token' }, { status: 401 }));
  await client.sendToUsers(['u1'], { kind: 'text', content: 'b' });
  expect(dt.tokensIssued.v1).toBe(2);
  expect(dt.to(BATCH).map((c) => c.token)).toEqual(['v1-token-1', 'v1-token-1', 'v1-token-2']);
});

test('throttling (429 or a QpsLimit code) is retried with back-off and the same payload; a 5xx is not retried', async () => {
  const { dt, client, time } = setup();
  dt.next(BATCH, () => HttpResponse.json({ code: 'Forbidden.AccessDenied.QpsLimitForApi', message: 'qps' }, { status: 403 }));
  dt.next(BATCH, () => HttpResponse.json({ code: 'Throttling', message: 'slow down' }, { status: 429 }));
  await client.sendToUsers(['u1'], { kind: 'text', content: '你好' });
  const bodies = dt.to(BATCH).map((c) => JSON.stringify(c.body));
  expect(bodies).toHaveLength(3);
  expect(new Set(bodies).size).toBe(1);
  // Full jitter with random 0.5: half of 500 ms, then half of 1000 ms.
  expect(time.sleeps.filter((s) => s >= 100)).toEqual([250, 500]);

  dt.next(BATCH, () => HttpResponse.json({ code: 'ServiceUnavailable', message: 'busy' }, { status: 503 }));
  const err = await client.sendToUsers(['u2'], { kind: 'text', content: 'x' }).catch((e) => e);
  expect(err).toBeInstanceOf(DingtalkApiError);
  expect(err).toMatchObject({ httpStatus: 503, rateLimited: false, retryable: true });
  expect(dt.to(BATCH).filter((c) => c.body.userIds[0] === 'u2')).toHaveLength(1);
});

test('throttling that does not end gives up after maxAttempts', async () => {
  const { dt, client } = setup();
  for (let i = 0; i < 5; i++) dt.next(BATCH, () => HttpResponse.json({ code: 'Throttling' }, { status: 429 }));
  await expect(client.sendToUsers(['u1'], { kind: 'text', content: 'x' })).rejects.toMatchObject({ rateLimited: true, httpStatus: 429 });
  expect(dt.to(BATCH)).toHaveLength(5);
});

test('45 people go in batches of 20; flow-controlled people, and only they, are sent again', async () => {
  const { dt, client } = setup();
  const ids = Array.from({ length: 45 }, (_, i) => `s${i}`);
  dt.next(BATCH, () => HttpResponse.json({ processQueryKey: 'pqk-a', invalidStaffIdList: ['s3'], flowControlledStaffIdList: ['s5', 's6'] }));
  const results = await client.sendToUsers([...ids, 's1'], { kind: 'text', content: '提醒' });
  const sent = dt.to(BATCH).map((c) => c.body.userIds as string[]);
  expect(sent.map((s) => s.length)).toEqual([20, 2, 20, 5]);
  expect(sent[1]).toEqual(['s5', 's6']);
  // Everyone exactly once, counting the re-send instead of the flow-controlled attempt.
  const delivered = [...sent[0]!.filter((u) => u !== 's5' && u !== 's6'), ...sent.slice(1).flat()];
  expect(delivered.sort()).toEqual([...ids].sort());
  expect(results[0]).toEqual({ processQueryKey: 'pqk-a', invalidUserIds: ['s3'] });
});

test('group messages and action cards use their templates', async () => {
  const { dt, client } = setup();
  await client.sendToGroup('cidGroup==', { kind: 'actionCard', title: '菜单', text: '请选择', buttons: [{ title: '记录走访', url: 'dtmd://dingtalkclient/sendMessage?content=%E8%AE%B0%E5%BD%95%E8%B5%B0%E8%AE%BF' }, { title: '待办', url: 'dtmd://dingtalkclient/sendMessage?content=%E5%BE%85%E5%8A%9E' }] });
  const [call] = dt.to('/v1.0/robot/groupMessages/send');
  expect(call!.body.openConversationId).toBe('cidGroup==');
  expect(call!.body.msgKey).toBe('sampleActionCard2');
  expect(JSON.parse(call!.body.msgParam)).toMatchObject({ title: '菜单', actionTitle1: '记录走访', actionTitle2: '待办' });
  await expect(client.sendToGroup('cidGroup==', { kind: 'actionCard', title: 't', text: 't', buttons: [] })).rejects.toThrow(RangeError);
});

test('a file is uploaded with the oapi token and sent as sampleFile', async () => {
  const { dt, client } = setup();
  const { mediaId } = await client.uploadMedia(new TextEncoder().encode('xlsx bytes'), '台账.xlsx', 'file');
  const up = dt.to('/media/upload')[0]!;
  expect(up.query).toMatchObject({ access_token: 'oapi-token-1', type: 'file' });
  const media = (up.body as FormData).get('media') as File;
  expect(media.name).toBe('台账.xlsx');
  expect(await media.text()).toBe('xlsx bytes');
  await client.sendFile({ userId: 'staff001' }, mediaId, '台账.xlsx');
  expect(dt.to(BATCH)[0]!.body).toMatchObject({ msgKey: 'sampleFile', msgParam: JSON.stringify({ mediaId, fileName: '台账.xlsx', fileType: 'xlsx' }) });
});

test('a file a person sent is downloaded through its downloadCode', async () => {
  const { dt, client } = setup();
  dt.files.set('dc-1', new Uint8Array([1, 2, 3]));
  expect([...(await client.downloadMessageFile('dc-1'))]).toEqual([1, 2, 3]);
  expect(dt.to('/v1.0/robot/messageFiles/download')[0]!.body).toEqual({ downloadCode: 'dc-1', robotCode: APP.robotCode });
  await expect(client.downloadMessageFile('dc-unknown')).rejects.toMatchObject({ httpStatus: 400, code: 'invalidParameter.downloadCode' });
});

test('people by mobile: one call per number, unionId looked up, unknown numbers absent', async () => {
  const { dt, client } = setup();
  dt.users.set('13800000001', { userid: 'staff001', unionid: 'union001' });
  dt.users.set('13800000002', { userid: 'staff002' });
  const found = await client.resolveByMobile(['+86 138-0000-0001', '13800000002', '13900000009', '13800000001']);
  expect(found).toEqual(
    new Map([
      ['+86 138-0000-0001', { userId: 'staff001', unionId: 'union001' }],
      ['13800000001', { userId: 'staff001', unionId: 'union001' }],
      ['13800000002', { userId: 'staff002' }],
    ]),
  );
  expect(dt.to('/topapi/v2/user/getbymobile').map((c) => c.body.mobile)).toEqual(['13800000001', '13800000002', '13900000009']);
  expect(dt.tokensIssued.oapi).toBe(1);
  // The oapi's throttling errcode is retried like v1.0 throttling.
  dt.next('/topapi/v2/user/getbymobile', () => HttpResponse.json({ errcode: 90018, errmsg: '频率超限' }));
  expect((await client.resolveByMobile(['13800000002'])).get('13800000002')).toEqual({ userId: 'staff002' });
});
