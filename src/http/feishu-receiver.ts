import { Hono, type Context } from 'hono';
import { renderFeishu } from '../cards/render-feishu.ts';
import type { Card } from '../messenger/messenger.ts';
import type { Bot } from '../bot/bot.ts';
import type { Clock } from '../clock.ts';
import { rateLimitedLog } from '../log/rate-limited-log.ts';
import type { Dedupe } from '../db/stores/dedupe-store.ts';
import type { Logger } from '../log/logger.ts';
import type { Defer } from '../runtime/defer.ts';
import { constantTimeEqual, decryptBodySync, verifySignatureSync } from './feishu-crypto.ts';
import { parseEnvelope, type FeishuEnvelope } from './feishu-envelope.ts';
import { newInboxEvent } from '../jobs/inbox-job.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Loose replay window: Feishu retries for hours, and event_id dedupe catches true replays. */
export const TIMESTAMP_WINDOW_S = 24 * 60 * 60;
export { INBOX_LEASE_MS } from '../jobs/inbox-job.ts';

export interface ReceiverDeps {
  feishu: { verificationToken: string; encryptKey?: string; allowPlaintext: boolean };
  bot: Bot;
  dedupe: Dedupe;
  defer: Defer;
  clock: Clock;
  logger: Logger;
}

/** UTF-8 byte length without encoding: a UTF-16 unit is at most 3 bytes, so short strings need no count. */
function utf8Length(s: string): number {
  if (s.length * 3 <= MAX_BODY_BYTES) return s.length;
  return new TextEncoder().encode(s).length;
}

/**
 * The body as text, or null when it is over the limit. A declared Content-Length is checked
 * before reading (and the runtime holds the body to it); a body without one is read as a stream
 * and cut at the limit. Reading through `req.text()` also keeps @hono/node-server on its fast
 * path (touching `req.body` builds a full WHATWG Request per call: hono's bodyLimit middleware
 * cost ~10% of the receiver's CPU).
 */
export async function readBody(req: Request): Promise<string | null> {
  const declared = req.headers.get('content-length');
  if (declared !== null && !req.headers.has('transfer-encoding')) {
    return Number(declared) > MAX_BODY_BYTES ? null : req.text();
  }
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_BODY_BYTES) {
      void reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

/** Signature over the raw body, and a timestamp within the window; undefined when both hold. */
function checkSignature(deps: Pick<ReceiverDeps, 'clock'>, encryptKey: string, raw: string, headers: Headers): Verdict | undefined {
  const ts = headers.get('x-lark-request-timestamp');
  const ok = verifySignatureSync({ timestamp: ts, nonce: headers.get('x-lark-request-nonce'), signature: headers.get('x-lark-signature') }, encryptKey, raw);
  if (!ok) return { ok: false, status: 401, reason: 'bad signature' };
  const age = Math.abs(deps.clock.now().getTime() / 1000 - Number(ts));
  if (!Number.isFinite(age) || age > TIMESTAMP_WINDOW_S) return { ok: false, status: 401, reason: 'stale timestamp' };
  return undefined;
}

type Verdict = { ok: true; body: FeishuEnvelope } | { ok: false; status: 400 | 401 | 413; reason: string } | { ok: 'challenge'; challenge: string };

/**
 * Verify at the edge, over the raw body (design habit 4). Unlike the SDK's adapters, a forgery
 * never gets a 200: missing or wrong signatures are 401, undecryptable bodies 400 (a signed
 * body with a wrong signature is 401 whatever it holds: the signature is checked first).
 * https://open.feishu.cn/document/event-subscription-guide/callback-subscription/receive-and-handle-callbacks
 */
export async function verifyFeishuRequest(deps: Pick<ReceiverDeps, 'feishu' | 'clock'>, raw: string, headers: Headers): Promise<Verdict> {
  if (utf8Length(raw) > MAX_BODY_BYTES) return { ok: false, status: 413, reason: 'too large' };
  let outer: FeishuEnvelope & { encrypt?: string };
  try {
    outer = JSON.parse(raw);
  } catch {
    return { ok: false, status: 400, reason: 'not json' };
  }
  if (!outer || typeof outer !== 'object') return { ok: false, status: 400, reason: 'not an object' };
  const { encryptKey, verificationToken, allowPlaintext } = deps.feishu;
  // A signed request is authenticated before anything in it is decrypted or believed: a forgery
  // costs one hash and learns nothing about the decryption (no padding oracle).
  let signed = false;
  if (encryptKey && headers.get('x-lark-signature') !== null) {
    const refused = checkSignature(deps, encryptKey, raw, headers);
    if (refused) return refused;
    signed = true;
  }
  let body: FeishuEnvelope = outer;
  if (typeof outer.encrypt === 'string') {
    if (!encryptKey) return { ok: false, status: 400, reason: 'encrypted body without a key' };
    try {
      body = JSON.parse(decryptBodySync(encryptKey, outer.encrypt));
    } catch {
      return { ok: false, status: 400, reason: 'cannot decrypt' };
    }
  } else if (encryptKey && !allowPlaintext) {
    // With a key configured Feishu encrypts everything; a plain body is not from Feishu.
    return { ok: false, status: 401, reason: 'plain body while encryption is on' };
  }
  const token = body.header?.token ?? body.token ?? '';
  // url_verification carries no signature headers; its token (inside the encryption) proves it.
  if (body.type === 'url_verification') {
    if (!constantTimeEqual(String(token), verificationToken)) return { ok: false, status: 401, reason: 'bad token' };
    return { ok: 'challenge', challenge: String(body.challenge ?? '') };
  }
  // Feishu signs every request but url_verification once an encrypt key is set.
  if (encryptKey && !signed) return { ok: false, status: 401, reason: 'bad signature' };
  if (!constantTimeEqual(String(token), verificationToken)) return { ok: false, status: 401, reason: 'bad token' };
  return { ok: true, body };
}

/**
 * After verification (the card in an answer is the card document; the route renders it): card actions are answered inline (Feishu waits ≤ 3 s), other events are
 * deduplicated, acknowledged at once and handled through defer(). The console enters here too.
 */
export async function dispatchFeishuBody(
  deps: Pick<ReceiverDeps, 'bot' | 'dedupe' | 'defer' | 'clock'>,
  body: FeishuEnvelope,
): Promise<Record<string, unknown>> {
  const parsed = parseEnvelope(body, deps.clock.now());
  if (parsed.kind === 'action') {
    // No dedupe here: a retried callback must get the same answer, which the engine guarantees.
    const reply = await deps.bot.action(parsed.action);
    return {
      ...(reply.toast ? { toast: reply.toast } : {}),
      ...(reply.card ? { card: { type: 'raw', data: reply.card } } : {}),
    };
  }
  // The event is stored (the durable inbox) by the statement that dedupes it, before the 200:
  // if this process dies before the handler commits, the job runner replays it after the lease.
  const inbox = parsed.kind === 'inbound' && parsed.dedupeKeys.length > 0 ? newInboxEvent('feishu', body as Record<string, unknown>, deps.clock.now()) : undefined;
  if (parsed.dedupeKeys.length > 0 && !(await deps.dedupe.firstDelivery(parsed.dedupeKeys, inbox))) return {};
  if (parsed.kind === 'inbound') {
    const inbound = parsed.inbound;
    deps.defer(`feishu:${inbound.kind}`, () => deps.bot.handle(inbound, { inboxJobId: inbox?.id }));
  }
  return {};
}

/** POST /feishu/events and /feishu/card: events acknowledged at once, card actions answered inline. */
export function feishuReceiver(deps: ReceiverDeps): Hono {
  const app = new Hono();
  const refusedLog = rateLimitedLog(deps.clock);
  const handler = async (c: Context) => {
    const raw = await readBody(c.req.raw);
    if (raw === null) return c.json({ error: 'too large' }, 413);
    const v = await verifyFeishuRequest(deps, raw, c.req.raw.headers);
    if (v.ok === 'challenge') return c.json({ challenge: v.challenge });
    if (!v.ok) {
      refusedLog((f) => deps.logger.warn('feishu request refused', { status: v.status, reason: v.reason, ...f }));
      return c.json({ error: v.reason }, v.status);
    }
    const out = await dispatchFeishuBody(deps, v.body);
    // Feishu gets its own card JSON; the console (which shares dispatchFeishuBody) keeps the document.
    const card = (out.card as { data?: Card } | undefined)?.data;
    return c.json(card ? { ...out, card: { type: 'raw', data: renderFeishu(card) } } : out);
  };
  app.post('/events', handler);
  app.post('/card', handler);
  return app;
}
