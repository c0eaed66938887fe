/**
 * The Feishu Messenger: outbound calls through @larksuiteoapi/node-sdk's Client, throttled to the
 * platform's limits, retried on throttling and on a revoked tenant token, and idempotent through
 * Feishu's `uuid` (one uuid per logical send, kept across retries, so a retry never shows twice).
 * Endpoints: https://open.feishu.cn/document/server-docs/im-v1/message/create (and reply, patch),
 * delayed card update https://open.feishu.cn/document/server-docs/im-v1/message-card/delay-update-message-card,
 * uploads im/v1/images and im/v1/files, downloads im/v1/messages/:id/resources/:key,
 * contact/v3/users/batch_get_id.
 */
import { Client, defaultHttpInstance, LoggerLevel } from '@larksuiteoapi/node-sdk';
import type { Cache, HttpInstance } from '@larksuiteoapi/node-sdk';
import { systemClock, type Clock } from '../clock.ts';
import { errorFromBody, FeishuApiError, NO_CODE, toFeishuApiError, TOKEN_CODES } from './feishu-api-error.ts';
import { renderFeishu } from '../cards/render-feishu.ts';
import { FEISHU_MAX_FILE_BYTES, type Card, type Messenger, type Recipient, type SendOptions, type SentMessage } from './messenger.ts';
import { normalizeMobile } from './normalize-mobile.ts';
import { backoffDelay, createRateLimiter, type RetryOptions } from './rate-limiter.ts';

export { FeishuApiError } from './feishu-api-error.ts';
export { normalizeMobile } from './normalize-mobile.ts';

export type { MessengerLogger } from './rate-limiter.ts';

export interface FeishuMessengerOptions extends RetryOptions {
  appId: string;
  appSecret: string;
  /** Open API base URL: https://open.feishu.cn, https://open.larksuite.com, or a test double. */
  domain: string;
  /**
   * Send through axios's fetch adapter. Needed under workerd, where axios's Node http adapter
   * does not exist (SDK issues #51, #91). Off by default: Node uses the SDK's default.
   */
  fetchAdapter?: boolean;
  /** A custom SDK HttpInstance (must resolve to the response body); wins over fetchAdapter. */
  httpInstance?: HttpInstance;
  /** The upload bound; defaults to Feishu's (FEISHU_MAX_FILE_BYTES). Tests lower it to split without 30 MB files. */
  maxFileBytes?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The SDK logs whole requests on errors (card content, mobiles), so it gets a silent logger. */
const silentLogger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/**
 * The tenant-token cache, owned here rather than the SDK's module-wide one, so a revoked token
 * can be dropped (the SDK never retries 99991663, issue #143) and two messengers for the same app
 * in one process (tests) do not share tokens. Expiry is stamped by the SDK from the system clock,
 * so it is checked against the same clock.
 */
class TokenCache implements Cache {
  private values = new Map<string, { value: unknown; expiresAt?: number }>();
  async get(key: string | Symbol, options?: { namespace?: string }) {
    const hit = this.values.get(`${options?.namespace ?? ''}/${key.toString()}`);
    if (!hit || (hit.expiresAt !== undefined && hit.expiresAt <= Date.now())) return undefined;
    return hit.value;
  }
  async set(key: string | Symbol, value: unknown, expire?: number, options?: { namespace?: string }) {
    this.values.set(`${options?.namespace ?? ''}/${key.toString()}`, { value, ...(expire ? { expiresAt: expire } : {}) });
    return true;
  }
  clear() {
    this.values.clear();
  }
}

type AxiosConfig = Parameters<typeof defaultHttpInstance.request>[0];

/** The SDK's default instance (interceptors that unwrap bodies included), switched to fetch. */
function fetchHttpInstance(): HttpInstance {
  const f = (o?: object) => ({ ...o, adapter: 'fetch' }) as AxiosConfig;
  const base = defaultHttpInstance;
  return {
    request: (o: object) => base.request(f(o)),
    get: (url: string, o?: object) => base.get(url, f(o)),
    delete: (url: string, o?: object) => base.delete(url, f(o)),
    head: (url: string, o?: object) => base.head(url, f(o)),
    options: (url: string, o?: object) => base.options(url, f(o)),
    post: (url: string, d?: unknown, o?: object) => base.post(url, d, f(o)),
    put: (url: string, d?: unknown, o?: object) => base.put(url, d, f(o)),
    patch: (url: string, d?: unknown, o?: object) => base.patch(url, d, f(o)),
  } as HttpInstance;
}

/** Feishu's uuid is at most 50 characters; longer caller keys are hashed, staying deterministic. */
async function feishuUuid(uuid: string | undefined): Promise<string> {
  if (uuid === undefined || uuid === '') return crypto.randomUUID();
  if (uuid.length <= 50) return uuid;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(uuid)));
  return 'h-' + btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

type Body<D> = { code?: number; msg?: string; data?: D };

const MOBILE_BATCH = 50;

const FILE_TYPES: Record<string, string> = {
  pdf: 'pdf', doc: 'doc', docx: 'doc', xls: 'xls', xlsx: 'xls', ppt: 'ppt', pptx: 'ppt', mp4: 'mp4', opus: 'opus',
};

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return new TextEncoder().encode(data);
  throw new TypeError('unexpected download body');
}

export function createFeishuMessenger(opts: FeishuMessengerOptions): Messenger {
  const clock = opts.clock ?? systemClock;
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  const limiter = opts.limiter ?? createRateLimiter({ now: () => clock.now().getTime(), sleep });
  const maxAttempts = opts.maxAttempts ?? 5;
  const log = opts.logger;
  const tokens = new TokenCache();
  const client = new Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain.replace(/\/+$/, ''),
    disableTokenCache: false,
    cache: tokens,
    logger: silentLogger,
    loggerLevel: LoggerLevel.error,
    ...(opts.httpInstance ? { httpInstance: opts.httpInstance } : opts.fetchAdapter ? { httpInstance: fetchHttpInstance() } : {}),
  });

  /** One logical call: throttled, retried on throttling, refreshed once on a bad token. */
  async function call<T>(operation: string, recipientKey: string | undefined, attempt: () => Promise<T>): Promise<T> {
    let throttled = 0;
    let refreshed = false;
    for (;;) {
      await limiter.acquire(recipientKey);
      let err: FeishuApiError;
      try {
        return await attempt();
      } catch (thrown) {
        err = toFeishuApiError(operation, thrown);
      }
      if (TOKEN_CODES.has(err.code) && !refreshed) {
        refreshed = true;
        tokens.clear();
        log?.info?.('feishu tenant token rejected; fetching a new one', { operation, code: err.code });
        continue;
      }
      if (err.rateLimited && ++throttled < maxAttempts) {
        const delayMs = backoffDelay(throttled, err.retryAfterSeconds, random);
        log?.warn('feishu call throttled; backing off', { operation, code: err.code, httpStatus: err.httpStatus, attempt: throttled, delayMs });
        await sleep(delayMs);
        continue;
      }
      log?.warn('feishu call failed', { operation, code: err.code, httpStatus: err.httpStatus, retryable: err.retryable, logId: err.logId });
      throw err;
    }
  }

  /** The body's data when code is 0; a FeishuApiError otherwise (thrown into call's retry loop). */
  function ok<D>(operation: string, body: Body<D> | null | undefined): D {
    if (!body || typeof body !== 'object' || body.code !== 0) throw errorFromBody(operation, body);
    return (body.data ?? {}) as D;
  }

  function malformed(operation: string, what: string): never {
    throw new FeishuApiError({ code: NO_CODE, httpStatus: 200, retryable: false, operation, feishuMsg: `response without ${what}` });
  }

  async function send(to: Recipient, msgType: string, content: string, o?: SendOptions): Promise<SentMessage> {
    const op = 'im.message.create';
    const uuid = await feishuUuid(o?.uuid);
    const [type, id] = 'openId' in to ? (['open_id', to.openId] as const) : (['chat_id', to.chatId] as const);
    return call(op, id, async () => {
      const body = await client.im.message.create({
        params: { receive_id_type: type },
        data: { receive_id: id, msg_type: msgType, content, uuid },
      });
      const messageId = ok(op, body).message_id;
      return { messageId: messageId ?? malformed(op, 'message_id') };
    });
  }

  async function reply(messageId: string, msgType: string, content: string, o?: SendOptions): Promise<SentMessage> {
    const op = 'im.message.reply';
    const uuid = await feishuUuid(o?.uuid);
    return call(op, undefined, async () => {
      const body = await client.im.message.reply({ path: { message_id: messageId }, data: { msg_type: msgType, content, uuid } });
      const id = ok(op, body).message_id;
      return { messageId: id ?? malformed(op, 'message_id') };
    });
  }

  /** Multipart upload with a native FormData, so the part carries a filename on every runtime. */
  async function upload<D>(operation: string, path: string, form: FormData): Promise<D> {
    return call(operation, undefined, async () => {
      const { headers } = await client.formatPayload();
      // Without a boundary on purpose: axios's Node adapter and fetch both fill in the real one,
      // and without this axios's fetch adapter on Node labels the body urlencoded.
      headers['Content-Type'] = 'multipart/form-data';
      const body = await client.httpInstance.request<Body<D>>({ method: 'POST', url: `${client.domain}${path}`, data: form, headers });
      return ok(operation, body);
    });
  }

  return {
    maxFileBytes: opts.maxFileBytes ?? FEISHU_MAX_FILE_BYTES,
    sendCard: (to, card, o) => send(to, 'interactive', JSON.stringify(renderFeishu(card)), o),
    sendText: (to, text, o) => send(to, 'text', JSON.stringify({ text }), o),
    sendFile: (to, fileKey, o) => send(to, 'file', JSON.stringify({ file_key: fileKey }), o),
    replyCard: (messageId, card, o) => reply(messageId, 'interactive', JSON.stringify(renderFeishu(card)), o),
    replyText: (messageId, text, o) => reply(messageId, 'text', JSON.stringify({ text }), o),

    async updateCard(messageId, card) {
      const op = 'im.message.patch';
      // Keyed by message: PATCH is limited to 5/s per message.
      await call(op, `msg:${messageId}`, async () =>
        ok(op, await client.im.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(renderFeishu(card)) } })),
      );
    },

    async updateCardByToken(token, card: Card, openIds) {
      const op = 'interactive.card.update';
      // open_ids only matters for JSON 1.0 exclusive cards; shared 2.0 cards update for everyone.
      const json = renderFeishu(card);
      const data = { token, card: openIds?.length ? { ...json, open_ids: openIds } : json };
      await call(op, undefined, async () =>
        ok(op, await client.request<Body<unknown>>({ method: 'POST', url: '/open-apis/interactive/v1/card/update', data })),
      );
    },

    async uploadImage(bytes) {
      const form = new FormData();
      form.append('image_type', 'message');
      form.append('image', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'image');
      const data = await upload<{ image_key?: string }>('im.image.create', '/open-apis/im/v1/images', form);
      return { imageKey: data.image_key ?? malformed('im.image.create', 'image_key') };
    },

    async uploadFile(bytes, fileName) {
      const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
      const form = new FormData();
      form.append('file_type', FILE_TYPES[ext] ?? 'stream');
      form.append('file_name', fileName);
      form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), fileName);
      const data = await upload<{ file_key?: string }>('im.file.create', '/open-apis/im/v1/files', form);
      return { fileKey: data.file_key ?? malformed('im.file.create', 'file_key') };
    },

    async downloadResource(messageId, key, type) {
      const op = 'im.messageResource.get';
      const url = `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/resources/${encodeURIComponent(key)}`;
      // arraybuffer, not the generated method's Node stream, so this works under workerd too.
      const req = { method: 'GET', url, params: { type }, responseType: 'arraybuffer', $return_headers: true };
      return call(op, undefined, async () => {
        const res = await client.request<{ data: unknown; headers: unknown }>(req as Parameters<typeof client.request>[0]);
        const h = res.headers as { get?: (n: string) => unknown } & Record<string, unknown>;
        const ct = String((typeof h?.get === 'function' ? h.get('content-type') : h?.['content-type']) ?? '');
        // An error can come back as a 200 JSON body instead of the file.
        if (ct.includes('application/json')) ok(op, JSON.parse(new TextDecoder().decode(toBytes(res.data))) as Body<unknown>);
        return toBytes(res.data);
      });
    },

    async resolveByMobile(mobiles) {
      const op = 'contact.user.batchGetId';
      const byNormal = new Map<string, string[]>();
      for (const m of mobiles) {
        const n = normalizeMobile(m);
        if (n) byNormal.set(n, [...(byNormal.get(n) ?? []), m]);
      }
      const unique = [...byNormal.keys()];
      const found = new Map<string, string>();
      for (let i = 0; i < unique.length; i += MOBILE_BATCH) {
        const batch = unique.slice(i, i + MOBILE_BATCH);
        const data = await call(op, undefined, async () =>
          ok(op, await client.contact.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { mobiles: batch } })),
        );
        for (const u of data.user_list ?? []) {
          if (!u.user_id || !u.mobile) continue; // not found (or not visible to the app)
          for (const original of byNormal.get(normalizeMobile(u.mobile)) ?? []) found.set(original, u.user_id);
        }
      }
      return found;
    },
  };
}
