import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { seedPerson } from '../support/seed.ts';
import { cardAction, encrypted, FIXTURE_APP, signedRequest, textMessage, urlVerification } from '../fixtures/feishu/bodies.ts';
import { processedEvents } from '../../src/db/schema/core.ts';
import { sql } from 'drizzle-orm';

let h: BotHarness;
const OPEN_ID = 'ou_receiver_officer';
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-21T01:00:00Z' });
  await seedPerson(h.db, { name: '王干部', openId: OPEN_ID, roles: [{ role: 'officer', regionCode: null as unknown as undefined }] });
});
afterAll(() => h.close());
beforeEach(() => h.messenger.clear());

const post = (raw: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  h.app.request('/feishu/events', { method: 'POST', headers, body: raw });

test('plain url_verification with the right token echoes the challenge', async () => {
  const res = await post(JSON.stringify(urlVerification({ challenge: 'ch-1', token: FIXTURE_APP.verificationToken })));
  // Encryption is on, so even a challenge must come encrypted.
  expect(res.status).toBe(401);
});

test('encrypted url_verification is decrypted, its token checked, the challenge echoed', async () => {
  const ok = await post(JSON.stringify(await encrypted(urlVerification({ challenge: 'ch-2', token: FIXTURE_APP.verificationToken }))));
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ challenge: 'ch-2' });
  const bad = await post(JSON.stringify(await encrypted(urlVerification({ challenge: 'ch-3', token: 'wrong' }))));
  expect(bad.status).toBe(401);
});

test('a signed, encrypted message is acknowledged and answered through the bot', async () => {
  const cards = await h.say(OPEN_ID, '帮助');
  expect(cards).toHaveLength(1);
  expect(JSON.stringify(cards[0])).toContain('两新党建助手');
});

test('forgeries never get a 200 and cause nothing', async () => {
  const body = textMessage('帮助', { openId: OPEN_ID });
  const now = String(Math.floor(h.clock.now().getTime() / 1000));
  const forged = await signedRequest({ body, encryptKey: FIXTURE_APP.encryptKey, signingKey: 'not-the-key', timestamp: now });
  expect((await post(forged.rawBody, forged.headers)).status).toBe(401);
  const good = await signedRequest({ body, encryptKey: FIXTURE_APP.encryptKey, timestamp: now });
  const { 'x-lark-signature': _s, ...unsigned } = good.headers;
  expect((await post(good.rawBody, unsigned)).status).toBe(401);
  // The signature covers the raw bytes: re-serialising (even identically parsed JSON) breaks it.
  const spaced = JSON.stringify(JSON.parse(good.rawBody), null, 1);
  expect((await post(spaced, good.headers)).status).toBe(401);
  // A correct signature from long ago is a replay.
  const old = await signedRequest({ body, encryptKey: FIXTURE_APP.encryptKey, timestamp: String(Number(now) - 3 * 86400) });
  expect((await post(old.rawBody, old.headers)).status).toBe(401);
  // A plain body while encryption is on is not from Feishu.
  expect((await post(JSON.stringify(body))).status).toBe(401);
  await h.defer.flush();
  expect(h.messenger.messages(OPEN_ID)).toHaveLength(0);
});

test('bodies that are not JSON or cannot be decrypted are 400; over 1 MB is 413', async () => {
  expect((await post('{not json')).status).toBe(400);
  const ts = String(Math.floor(h.clock.now().getTime() / 1000));
  const garbage = await signedRequest({ body: 'x', encryptKey: FIXTURE_APP.encryptKey, timestamp: ts });
  const tampered = JSON.stringify({ encrypt: 'AAAA' + JSON.parse(garbage.rawBody).encrypt.slice(4, 20) });
  expect((await post(tampered)).status).toBe(400);
  const big = JSON.stringify({ encrypt: 'A'.repeat(1024 * 1024 + 10) });
  expect((await post(big)).status).toBe(413);
});

test('a duplicate delivery (same event_id, or same message_id under a new event) is acknowledged and ignored', async () => {
  const body = textMessage('帮助', { openId: OPEN_ID, eventId: 'evt-dup-1', messageId: 'om_dup_1' } as never);
  expect((await h.post(body)).status).toBe(200);
  expect((await h.post(body)).status).toBe(200);
  const again = textMessage('帮助', { openId: OPEN_ID, eventId: 'evt-dup-2', messageId: 'om_dup_1' } as never);
  expect((await h.post(again)).status).toBe(200);
  await h.defer.flush();
  expect(h.messenger.messages(OPEN_ID)).toHaveLength(1);
});

test('dedupe keys are pruned after their retention', async () => {
  await h.db.execute(sql`update processed_events set received_at = now() - interval '30 hours'`);
  const removed = await h.service.dedupe.prune(new Date(Date.now() - 25 * 3600 * 1000));
  expect(removed).toBeGreaterThan(0);
  expect(await h.db.select().from(processedEvents)).toHaveLength(0);
});

test('a card action is answered synchronously with at least {}', async () => {
  const res = await h.post(cardAction({ openId: OPEN_ID, value: { nonsense: true } }));
  expect(res.status).toBe(200);
  const json = await res.json();
  expect(json.toast.type).toBe('error');
});

test('/feishu/card is the same handler', async () => {
  // A card answered inline (restoring a draft that is not there answers with a card in place).
  const res = await h.post(cardAction({ openId: OPEN_ID, value: { cmd: 'restore', flow: 'feedback' } }), '/feishu/card');
  const json = (await res.json()) as { card: { type: string; data: { schema?: string } } };
  expect(json.card.type).toBe('raw');
  expect(json.card.data.schema).toBe('2.0');
});

test('with FEISHU_ALLOW_PLAINTEXT and no encrypt key, the token in the body is checked instead', async () => {
  const { verifyFeishuRequest } = await import('../../src/http/feishu-receiver.ts');
  const deps = { feishu: { verificationToken: 'vt-plain', allowPlaintext: true }, clock: h.clock };
  const body = textMessage('帮助', { openId: OPEN_ID });
  const good = JSON.stringify({ ...body, header: { ...(body as { header: object }).header, token: 'vt-plain' } });
  expect((await verifyFeishuRequest(deps, good, new Headers())).ok).toBe(true);
  const forged = JSON.stringify({ ...body, header: { ...(body as { header: object }).header, token: 'guess' } });
  expect(await verifyFeishuRequest(deps, forged, new Headers())).toMatchObject({ ok: false, status: 401 });
  // An encrypted body cannot be read without a key: 400, never 200.
  expect(await verifyFeishuRequest(deps, JSON.stringify({ encrypt: 'abc' }), new Headers())).toMatchObject({ ok: false, status: 400 });
});
