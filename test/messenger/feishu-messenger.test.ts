import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createFeishuMessenger, FeishuApiError, normalizeMobile } from '../../src/messenger/feishu-messenger.ts';
import type { Messenger } from '../../src/messenger/messenger.ts';
import { createRateLimiter, type RateLimiter } from '../../src/messenger/rate-limiter.ts';
import { steppingTime } from './fake-time.ts';

const BASE = 'https://open.feishu.test';
const APP = { appId: 'cli_a5fb0ae6a4e1d00c', appSecret: 'shh-app-secret' };
import { renderFeishu } from '../../src/cards/render-feishu.ts';
import type { CardDoc } from '../../src/cards/document.ts';

const DOC: CardDoc = { title: '待办', color: 'blue', body: [{ kind: 'text', text: [{ text: '待办', bold: true }] }] };
/** What Feishu receives for DOC. */
const CARD = renderFeishu(DOC);

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  auth: string | null;
  body: unknown;
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Token endpoint handing out t-1, t-2, …; returns the list of token requests. */
function tokenEndpoint() {
  const calls: unknown[] = [];
  server.use(
    http.post(`${BASE}/open-apis/auth/v3/tenant_access_token/internal`, async ({ request }) => {
      calls.push(await request.json());
      return HttpResponse.json({ code: 0, msg: 'ok', tenant_access_token: `t-${calls.length}`, expire: 7200 });
    }),
  );
  return calls;
}

async function seen(request: Request): Promise<Seen> {
  const url = new URL(request.url);
  const type = request.headers.get('content-type') ?? '';
  let body: unknown = undefined;
  if (type.includes('json')) body = await request.json();
  else if (type.includes('multipart/form-data')) body = await request.formData();
  return {
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    auth: request.headers.get('authorization'),
    body,
  };
}

/** The message-create endpoint answering with each response in turn (the last one repeats). */
function messagesEndpoint(responses: (() => Response)[] = [() => HttpResponse.json({ code: 0, msg: 'success', data: { message_id: 'om_new' } })]) {
  const calls: Seen[] = [];
  server.use(
    http.post(`${BASE}/open-apis/im/v1/messages`, async ({ request }) => {
      calls.push(await seen(request));
      return responses[Math.min(calls.length, responses.length) - 1]!();
    }),
  );
  return calls;
}

function setup(extra: Partial<Parameters<typeof createFeishuMessenger>[0]> = {}) {
  const time = steppingTime(1_000_000);
  const logs: { msg: string; fields?: Record<string, unknown> }[] = [];
  const messenger = createFeishuMessenger({
    ...APP,
    domain: BASE,
    limiter: createRateLimiter(time),
    sleep: time.sleep,
    random: () => 0.5,
    logger: { warn: (msg, fields) => logs.push({ msg, fields }), info: (msg, fields) => logs.push({ msg, fields }) },
    ...extra,
  });
  return { messenger, time, logs };
}

const throttled = (reset?: string) => () =>
  HttpResponse.json(
    { code: 99991400, msg: 'request trigger frequency limit' },
    { status: 429, headers: reset ? { 'x-ogw-ratelimit-reset': reset } : {} },
  );
const sent = (id = 'om_new') => () => HttpResponse.json({ code: 0, msg: 'success', data: { message_id: id } });

describe.each([
  ['node http adapter', false],
  ['fetch adapter (workerd)', true],
])('sending through the %s', (_name, fetchAdapter) => {
  test('sendCard posts an interactive message to an open_id with the caller uuid and a Bearer token', async () => {
    const tokens = tokenEndpoint();
    const calls = messagesEndpoint([sent('om_card')]);
    const { messenger } = setup({ fetchAdapter });
    const res = await messenger.sendCard({ openId: 'ou_abc' }, DOC, { uuid: 'rem:42:2026-11-23' });
    expect(res).toEqual({ messageId: 'om_card' });
    expect(tokens).toEqual([{ app_id: APP.appId, app_secret: APP.appSecret }]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/open-apis/im/v1/messages',
      query: { receive_id_type: 'open_id' },
      auth: 'Bearer t-1',
      body: { receive_id: 'ou_abc', msg_type: 'interactive', content: JSON.stringify(CARD), uuid: 'rem:42:2026-11-23' },
    });
  });

  test('uploadFile sends multipart with the file name and type, then sendFile sends the key', async () => {
    tokenEndpoint();
    let form: FormData | undefined;
    server.use(
      http.post(`${BASE}/open-apis/im/v1/files`, async ({ request }) => {
        expect(request.headers.get('authorization')).toBe('Bearer t-1');
        form = await request.formData();
        return HttpResponse.json({ code: 0, msg: 'success', data: { file_key: 'file_v3_xyz' } });
      }),
    );
    const calls = messagesEndpoint([sent('om_file')]);
    const { messenger } = setup({ fetchAdapter });
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 10, 13]);
    expect(await messenger.uploadFile(bytes, '历城区台账.xlsx')).toEqual({ fileKey: 'file_v3_xyz' });
    expect(form!.get('file_type')).toBe('xls');
    expect(form!.get('file_name')).toBe('历城区台账.xlsx');
    const file = form!.get('file') as File;
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    await messenger.sendFile({ chatId: 'oc_1' }, 'file_v3_xyz');
    expect(calls[0]).toMatchObject({
      query: { receive_id_type: 'chat_id' },
      body: { receive_id: 'oc_1', msg_type: 'file', content: '{"file_key":"file_v3_xyz"}' },
    });
  });

  test('downloadResource returns the exact bytes', async () => {
    tokenEndpoint();
    const bytes = new Uint8Array(300).map((_, i) => (i * 7) % 256);
    let query: Record<string, string> = {};
    server.use(
      http.get(`${BASE}/open-apis/im/v1/messages/:mid/resources/:key`, ({ request, params }) => {
        expect(params).toEqual({ mid: 'om_in', key: 'file_v3_in' });
        query = Object.fromEntries(new URL(request.url).searchParams);
        return new HttpResponse(bytes, { headers: { 'content-type': 'application/octet-stream' } });
      }),
    );
    const { messenger } = setup({ fetchAdapter });
    const got = await messenger.downloadResource('om_in', 'file_v3_in', 'file');
    expect(query).toEqual({ type: 'file' });
    expect(got).toBeInstanceOf(Uint8Array);
    expect([...got]).toEqual([...bytes]);
  });
});

describe('sending', () => {
  test('sendText to a chat: chat_id, text content, a generated uuid per send, one token for both', async () => {
    const tokens = tokenEndpoint();
    const calls = messagesEndpoint();
    const { messenger } = setup();
    await messenger.sendText({ chatId: 'oc_grp' }, '你好');
    await messenger.sendText({ chatId: 'oc_grp' }, '再见');
    expect(tokens).toHaveLength(1);
    expect(calls.map((c) => c.query)).toEqual([{ receive_id_type: 'chat_id' }, { receive_id_type: 'chat_id' }]);
    const [a, b] = calls.map((c) => c.body as { uuid: string; content: string; msg_type: string; receive_id: string });
    expect(a).toMatchObject({ receive_id: 'oc_grp', msg_type: 'text', content: '{"text":"你好"}' });
    expect(a!.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(b!.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a!.uuid).not.toBe(b!.uuid);
  });

  test('a caller uuid longer than Feishu allows is hashed, the same way every time', async () => {
    tokenEndpoint();
    const calls = messagesEndpoint();
    const { messenger } = setup();
    const long = 'reminder:' + 'x'.repeat(80);
    await messenger.sendText({ openId: 'ou_1' }, 'a', { uuid: long });
    await messenger.sendText({ openId: 'ou_1' }, 'a', { uuid: long });
    const [a, b] = calls.map((c) => (c.body as { uuid: string }).uuid);
    expect(a!.length).toBeLessThanOrEqual(50);
    expect(a).toBe(b);
    expect(a).not.toBe(long.slice(0, 50));
  });

  test('replyCard and replyText post to the reply endpoint with a uuid', async () => {
    tokenEndpoint();
    const calls: Seen[] = [];
    server.use(
      http.post(`${BASE}/open-apis/im/v1/messages/:id/reply`, async ({ request }) => {
        calls.push(await seen(request));
        return HttpResponse.json({ code: 0, data: { message_id: `om_r${calls.length}` } });
      }),
    );
    const { messenger } = setup();
    expect(await messenger.replyCard('om_user', DOC, { uuid: 'u-1' })).toEqual({ messageId: 'om_r1' });
    expect(await messenger.replyText('om_user', 'ok')).toEqual({ messageId: 'om_r2' });
    expect(calls[0]).toMatchObject({
      path: '/open-apis/im/v1/messages/om_user/reply',
      auth: 'Bearer t-1',
      body: { msg_type: 'interactive', content: JSON.stringify(CARD), uuid: 'u-1' },
    });
    expect(calls[1]!.body).toMatchObject({ msg_type: 'text', content: '{"text":"ok"}' });
    expect((calls[1]!.body as { uuid: string }).uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('updateCard PATCHes the message with the card as a JSON string', async () => {
    tokenEndpoint();
    const calls: Seen[] = [];
    server.use(
      http.patch(`${BASE}/open-apis/im/v1/messages/:id`, async ({ request }) => {
        calls.push(await seen(request));
        return HttpResponse.json({ code: 0, msg: 'success', data: {} });
      }),
    );
    const { messenger } = setup();
    await messenger.updateCard('om_card', DOC);
    expect(calls).toEqual([
      { method: 'PATCH', path: '/open-apis/im/v1/messages/om_card', query: {}, auth: 'Bearer t-1', body: { content: JSON.stringify(CARD) } },
    ]);
  });

  test('updateCardByToken posts token and card object to interactive/v1/card/update', async () => {
    tokenEndpoint();
    const calls: Seen[] = [];
    server.use(
      http.post(`${BASE}/open-apis/interactive/v1/card/update`, async ({ request }) => {
        calls.push(await seen(request));
        return HttpResponse.json({ code: 0, msg: 'success' });
      }),
    );
    const { messenger } = setup();
    await messenger.updateCardByToken('c-abc', DOC);
    await messenger.updateCardByToken('c-abc', DOC, ['ou_1', 'ou_2']);
    expect(calls[0]).toMatchObject({ auth: 'Bearer t-1', body: { token: 'c-abc', card: CARD } });
    expect(calls[1]!.body).toEqual({ token: 'c-abc', card: { ...CARD, open_ids: ['ou_1', 'ou_2'] } });
  });

  test('updateCardByToken surfaces an expired token (300030) as a FeishuApiError', async () => {
    tokenEndpoint();
    server.use(http.post(`${BASE}/open-apis/interactive/v1/card/update`, () => HttpResponse.json({ code: 300030, msg: 'token expired' })));
    const { messenger } = setup();
    await expect(messenger.updateCardByToken('c-old', DOC)).rejects.toMatchObject({ code: 300030, httpStatus: 200, retryable: false });
  });

  test('uploadImage sends image_type=message and the bytes', async () => {
    tokenEndpoint();
    let form: FormData | undefined;
    server.use(
      http.post(`${BASE}/open-apis/im/v1/images`, async ({ request }) => {
        form = await request.formData();
        return HttpResponse.json({ code: 0, data: { image_key: 'img_v3_1' } });
      }),
    );
    const { messenger } = setup();
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0]);
    expect(await messenger.uploadImage(png)).toEqual({ imageKey: 'img_v3_1' });
    expect(form!.get('image_type')).toBe('message');
    expect(new Uint8Array(await (form!.get('image') as File).arrayBuffer())).toEqual(png);
  });

  test('a download error body becomes a FeishuApiError', async () => {
    tokenEndpoint();
    server.use(
      http.get(`${BASE}/open-apis/im/v1/messages/:mid/resources/:key`, () =>
        HttpResponse.json({ code: 234003, msg: 'File not in msg.' }, { status: 400 }),
      ),
    );
    const { messenger } = setup();
    await expect(messenger.downloadResource('om_in', 'file_x', 'image')).rejects.toMatchObject({
      name: 'FeishuApiError',
      code: 234003,
      httpStatus: 400,
    });
  });
});

describe('retries', () => {
  test('HTTP 429 then success: waits the reset, resends with the same uuid', async () => {
    tokenEndpoint();
    const calls = messagesEndpoint([throttled('2'), sent()]);
    const { messenger, time } = setup();
    await expect(messenger.sendCard({ openId: 'ou_1' }, DOC)).resolves.toEqual({ messageId: 'om_new' });
    expect(calls).toHaveLength(2);
    const [a, b] = calls.map((c) => (c.body as { uuid: string }).uuid);
    expect(a).toBe(b);
    expect(time.sleeps).toHaveLength(1);
    expect(time.sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(time.sleeps[0]).toBeLessThan(3000);
  });

  test('code 99991400 over HTTP 400, and 230020 (per-recipient), are retried with back-off', async () => {
    tokenEndpoint();
    const calls = messagesEndpoint([
      () => HttpResponse.json({ code: 99991400, msg: 'frequency limit' }, { status: 400 }),
      () => HttpResponse.json({ code: 230020, msg: 'This operation triggers the frequency limit.' }, { status: 400 }),
      () => HttpResponse.json({ code: 11232, msg: 'create message service trigger rate limit' }, { status: 400 }),
      sent(),
    ]);
    const { messenger, time } = setup();
    await messenger.sendText({ openId: 'ou_1' }, 'x', { uuid: 'same' });
    expect(calls.map((c) => (c.body as { uuid: string }).uuid)).toEqual(['same', 'same', 'same', 'same']);
    // random 0.5: full jitter on 500·2^0, then at least a second for 230020, then 500·2^2.
    expect(time.sleeps).toEqual([250, 1250, 1000]);
  });

  test('gives up after 5 throttled attempts with a retryable FeishuApiError', async () => {
    tokenEndpoint();
    const calls = messagesEndpoint([throttled()]);
    const { messenger, time, logs } = setup();
    const err = await messenger.sendText({ openId: 'ou_1' }, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeishuApiError);
    expect(err).toMatchObject({ code: 99991400, httpStatus: 429, retryable: true, operation: 'im.message.create' });
    expect(calls).toHaveLength(5);
    expect(time.sleeps).toHaveLength(4);
    expect(logs.at(-1)).toMatchObject({ msg: 'feishu call failed', fields: { code: 99991400 } });
  });

  test.each([
    ['HTTP 200', 200],
    ['HTTP 400', 400],
  ])('99991663 (%s) drops the token, fetches a new one and retries once', async (_name, status) => {
    const tokens = tokenEndpoint();
    const calls = messagesEndpoint([
      () => HttpResponse.json({ code: 99991663, msg: 'Invalid access token for authorization.' }, { status }),
      sent(),
    ]);
    const { messenger, time } = setup();
    await expect(messenger.sendCard({ openId: 'ou_1' }, DOC, { uuid: 'k' })).resolves.toEqual({ messageId: 'om_new' });
    expect(tokens).toHaveLength(2);
    expect(calls.map((c) => c.auth)).toEqual(['Bearer t-1', 'Bearer t-2']);
    expect(calls.map((c) => (c.body as { uuid: string }).uuid)).toEqual(['k', 'k']);
    expect(time.sleeps).toEqual([]);
  });

  test('a token that stays invalid is refreshed only once, then the error is thrown', async () => {
    const tokens = tokenEndpoint();
    const calls = messagesEndpoint([() => HttpResponse.json({ code: 99991668, msg: 'token expired' }, { status: 400 })]);
    const { messenger } = setup();
    await expect(messenger.sendText({ openId: 'ou_1' }, 'x')).rejects.toMatchObject({ code: 99991668, retryable: false });
    expect(tokens).toHaveLength(2);
    expect(calls).toHaveLength(2);
  });

  test('a non-retryable error (bot not in chat) throws at once', async () => {
    tokenEndpoint();
    const calls = messagesEndpoint([
      () => HttpResponse.json({ code: 230002, msg: 'Bot is not in the chat.' }, { status: 400, headers: { 'x-tt-logid': 'log-1' } }),
    ]);
    const { messenger, time } = setup();
    const err = await messenger.sendText({ chatId: 'oc_gone' }, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeishuApiError);
    expect(err).toMatchObject({ code: 230002, httpStatus: 400, retryable: false, logId: 'log-1' });
    expect(calls).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  test('a failing token endpoint is a FeishuApiError too, and no message is sent', async () => {
    server.use(
      http.post(`${BASE}/open-apis/auth/v3/tenant_access_token/internal`, () => HttpResponse.json({ code: 10014, msg: 'app secret invalid' })),
    );
    const calls = messagesEndpoint();
    const { messenger } = setup();
    await expect(messenger.sendText({ openId: 'ou_1' }, 'x')).rejects.toMatchObject({ name: 'FeishuApiError', code: 10014 });
    expect(calls).toHaveLength(0);
  });

  test('every attempt goes through the limiter, keyed by recipient', async () => {
    tokenEndpoint();
    messagesEndpoint([throttled('1'), sent()]);
    server.use(http.patch(`${BASE}/open-apis/im/v1/messages/:id`, () => HttpResponse.json({ code: 0, data: {} })));
    const keys: (string | undefined)[] = [];
    const limiter: RateLimiter = { acquire: async (k) => void keys.push(k) };
    const { messenger } = setup({ limiter });
    await messenger.sendCard({ openId: 'ou_p' }, DOC);
    await messenger.sendText({ chatId: 'oc_c' }, 'x');
    await messenger.updateCard('om_9', DOC);
    expect(keys).toEqual(['ou_p', 'ou_p', 'oc_c', 'msg:om_9']);
  });
});

describe('resolveByMobile', () => {
  function directoryEndpoint(known: Record<string, string>) {
    const calls: Seen[] = [];
    server.use(
      http.post(`${BASE}/open-apis/contact/v3/users/batch_get_id`, async ({ request }) => {
        const s = await seen(request);
        calls.push(s);
        const mobiles = (s.body as { mobiles: string[] }).mobiles;
        return HttpResponse.json({
          code: 0,
          msg: 'success',
          data: { user_list: mobiles.map((m) => (known[m] ? { user_id: known[m], mobile: m } : { mobile: m })) },
        });
      }),
    );
    return calls;
  }

  test('asks in batches of 50 for open_ids and leaves unknown numbers out', async () => {
    tokenEndpoint();
    const mobiles = Array.from({ length: 120 }, (_, i) => `138${String(i).padStart(8, '0')}`);
    const known = Object.fromEntries(mobiles.filter((_, i) => i % 3 === 0).map((m) => [m, `ou_${m}`]));
    const calls = directoryEndpoint(known);
    const { messenger } = setup();
    const found = await messenger.resolveByMobile(mobiles);
    expect(calls.map((c) => (c.body as { mobiles: string[] }).mobiles.length)).toEqual([50, 50, 20]);
    expect(calls.every((c) => c.query.user_id_type === 'open_id' && c.auth === 'Bearer t-1')).toBe(true);
    expect(calls.flatMap((c) => (c.body as { mobiles: string[] }).mobiles)).toEqual(mobiles);
    expect(found.size).toBe(40);
    expect(found).toEqual(new Map(Object.entries(known)));
    expect(found.has(mobiles[1]!)).toBe(false);
  });

  test('keys answers by the caller’s spelling, asking once per number', async () => {
    tokenEndpoint();
    const calls = directoryEndpoint({ '13800000001': 'ou_a' });
    const { messenger } = setup();
    const found = await messenger.resolveByMobile(['+86 138-0000-0001', '13800000001', '13900000000', '']);
    expect((calls[0]!.body as { mobiles: string[] }).mobiles).toEqual(['13800000001', '13900000000']);
    expect(found).toEqual(
      new Map([
        ['+86 138-0000-0001', 'ou_a'],
        ['13800000001', 'ou_a'],
      ]),
    );
  });

  test('no numbers, no call', async () => {
    const { messenger } = setup();
    expect(await messenger.resolveByMobile([])).toEqual(new Map());
  });

  test('logs carry no mobiles, tokens or secrets', async () => {
    tokenEndpoint();
    server.use(
      http.post(`${BASE}/open-apis/contact/v3/users/batch_get_id`, () =>
        HttpResponse.json({ code: 99991672, msg: 'Access denied. One of the following scopes is required' }, { status: 400 }),
      ),
    );
    const { messenger, logs } = setup();
    await expect(messenger.resolveByMobile(['13812345678'])).rejects.toMatchObject({ code: 99991672 });
    expect(logs.length).toBeGreaterThan(0);
    const text = JSON.stringify(logs);
    for (const secret of ['13812345678', 't-1', APP.appSecret]) expect(text).not.toContain(secret);
  });

  test('normalizeMobile strips punctuation and the mainland prefix only', () => {
    expect(normalizeMobile(' +86 138-0000-0001 ')).toBe('13800000001');
    expect(normalizeMobile('008613800000001')).toBe('13800000001');
    expect(normalizeMobile('8613800000001')).toBe('13800000001');
    expect(normalizeMobile('+852 6123 4567')).toBe('+85261234567');
  });
});

// The interface is what callers see; keep the factory's return assignable to it.
const _typecheck: (m: ReturnType<typeof createFeishuMessenger>) => Messenger = (m) => m;
void _typecheck;
