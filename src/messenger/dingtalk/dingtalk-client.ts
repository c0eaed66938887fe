/**
 * The DingTalk OpenAPI client: robot messages to people and groups, robot files in and out, and
 * people by mobile. Throttled to the platform's limits, retried (with the Feishu messenger's
 * back-off) only when DingTalk says it did nothing because of throttling, and refreshed once on a
 * refused token. fetch only, so it runs on Node and under workerd alike. Endpoints and limits:
 * src/messenger/dingtalk/README.md.
 */
import { systemClock } from '../../clock.ts';
import { normalizeMobile } from '../normalize-mobile.ts';
import { backoffDelay, createRateLimiter, type RateLimits, type RetryOptions } from '../rate-limiter.ts';
import { DingtalkApiError, networkError, oapiError, v1Error } from './dingtalk-api-error.ts';
import { fileTypeOf, messageTemplate, type DingtalkMessage } from './dingtalk-messages.ts';
import { createTokenCache, type TokenCache } from './dingtalk-tokens.ts';

export { DingtalkApiError } from './dingtalk-api-error.ts';
export type { DingtalkMessage } from './dingtalk-messages.ts';

/**
 * 20 calls a second is the documented floor for an org on 标准版 (专业版 40, 专属版 60); oapi
 * refuses past 1500 a minute per app and API (90006), so the minute stays well under. DingTalk
 * publishes no per-recipient limit; 5 a second keeps one person's chat readable.
 */
export const DINGTALK_LIMITS: RateLimits = { perSecond: 20, perMinute: 1200, perRecipientPerSecond: 5 };

/** batchSend takes at most 20 userids a call. */
export const BATCH_SEND_MAX = 20;

export interface DingtalkClientOptions extends RetryOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** One base URL for both hosts' paths (a local test double); unset: DingTalk's own hosts. */
  api?: string;
  fetch?: typeof fetch;
}

export interface SendResult {
  /** DingTalk's handle for recall and read status. */
  processQueryKey: string;
  /** Userids DingTalk does not know (permanent; not retried). */
  invalidUserIds: string[];
}

export interface DingtalkUser {
  userId: string;
  unionId?: string;
}

export interface DingtalkClient {
  sendToUsers(userIds: string[], message: DingtalkMessage): Promise<SendResult[]>;
  sendToGroup(openConversationId: string, message: DingtalkMessage): Promise<{ processQueryKey: string }>;
  /** media/upload → media_id: `file` for a file message, `image` for a picture. */
  uploadMedia(data: Uint8Array, fileName: string, type: 'file' | 'image'): Promise<{ mediaId: string }>;
  sendFile(to: { userId: string } | { openConversationId: string }, mediaId: string, fileName: string): Promise<{ processQueryKey: string }>;
  /** A file or picture a person sent the robot, by the downloadCode of their message. */
  downloadMessageFile(downloadCode: string): Promise<Uint8Array>;
  /** Mobile numbers → DingTalk users (userid, and unionId); numbers not found are absent. One number per call. */
  resolveByMobile(mobiles: string[]): Promise<Map<string, DingtalkUser>>;
  /** An interactive card from a template, created and delivered in one call (创建并投放卡片). */
  createAndDeliverCard(card: CardDelivery): Promise<{ outTrackId: string }>;
  /** The variables of a delivered card, by its outTrackId; only the keys given change (更新卡片). */
  updateCard(outTrackId: string, cardParamMap: Record<string, string>): Promise<void>;
}

export interface CardDelivery {
  cardTemplateId: string;
  /** Ours, unique per card: the card's id for updates and callbacks; the same on every retry. */
  outTrackId: string;
  /** Card variables: strings only (objects JSON-encoded by the caller). */
  cardParamMap: Record<string, string>;
  to: { userId: string } | { openConversationId: string };
  /** Stream: callbacks on the card topic; HTTP: to the URL registered under the route key. */
  callback: { type: 'STREAM' } | { type: 'HTTP'; routeKey: string };
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const V1 = 'https://api.dingtalk.com';
const OAPI = 'https://oapi.dingtalk.com';
/** getbymobile's "no such user" (and the oapi's generic not-found). */
const NOT_FOUND = '60121';

type Json = Record<string, any>;

export function createDingtalkClient(opts: DingtalkClientOptions): DingtalkClient {
  const clock = opts.clock ?? systemClock;
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const limiter = opts.limiter ?? createRateLimiter({ now: () => clock.now().getTime(), sleep }, DINGTALK_LIMITS);
  const maxAttempts = opts.maxAttempts ?? 5;
  const log = opts.logger;
  const base = opts.api?.replace(/\/+$/, '');
  const v1Base = base ?? V1;
  const oapiBase = base ?? OAPI;

  async function request(operation: string, url: string, init: RequestInit): Promise<{ status: number; body: unknown; requestId: string | null }> {
    let res: Response;
    try {
      res = await doFetch(url, init);
    } catch (e) {
      throw networkError(operation, e);
    }
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, body, requestId: res.headers.get('x-acs-request-id') };
  }

  const v1Token = createTokenCache(clock, async () => {
    const op = 'oauth2.accessToken';
    const r = await request(op, `${v1Base}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: opts.clientId, appSecret: opts.clientSecret }),
    });
    const b = r.body as Json | undefined;
    if (r.status !== 200 || typeof b?.accessToken !== 'string') throw v1Error(op, r.status, b, r.requestId);
    return { token: b.accessToken, expiresInS: Number(b.expireIn) || 7200 };
  });
  const oapiToken = createTokenCache(clock, async () => {
    const op = 'gettoken';
    const q = new URLSearchParams({ appkey: opts.clientId, appsecret: opts.clientSecret });
    const r = await request(op, `${oapiBase}/gettoken?${q}`, { method: 'GET' });
    const b = r.body as Json | undefined;
    if (r.status !== 200 || b?.errcode !== 0 || typeof b.access_token !== 'string') throw oapiError(op, r.status, b);
    return { token: b.access_token, expiresInS: Number(b.expires_in) || 7200 };
  });

  /** One logical call: throttled, retried on throttling, refreshed once on a refused token. */
  async function call<T>(operation: string, recipientKey: string | undefined, tokens: TokenCache, attempt: (token: string) => Promise<T>): Promise<T> {
    let throttled = 0;
    let refreshed = false;
    for (;;) {
      await limiter.acquire(recipientKey);
      let err: DingtalkApiError;
      let token: string | undefined;
      try {
        token = await tokens.get();
        return await attempt(token);
      } catch (thrown) {
        err = thrown instanceof DingtalkApiError ? thrown : networkError(operation, thrown);
      }
      if (err.tokenRejected && !refreshed && token !== undefined) {
        refreshed = true;
        tokens.drop(token);
        log?.info?.('dingtalk access token refused; fetching a new one', { operation, code: err.code });
        continue;
      }
      if (err.rateLimited && ++throttled < maxAttempts) {
        const delayMs = backoffDelay(throttled, err.retryAfterSeconds, random);
        log?.warn('dingtalk call throttled; backing off', { operation, code: err.code, httpStatus: err.httpStatus, attempt: throttled, delayMs });
        await sleep(delayMs);
        continue;
      }
      log?.warn('dingtalk call failed', { operation, code: err.code, httpStatus: err.httpStatus, retryable: err.retryable, requestId: err.requestId });
      throw err;
    }
  }

  /** POST (or PUT) to a v1.0 path with the v1.0 token; the body on 2xx. */
  function v1Post(operation: string, path: string, payload: unknown, recipientKey?: string, method: 'POST' | 'PUT' = 'POST'): Promise<Json> {
    return call(operation, recipientKey, v1Token, async (token) => {
      const r = await request(operation, `${v1Base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
        body: JSON.stringify(payload),
      });
      if (r.status < 200 || r.status >= 300) throw v1Error(operation, r.status, r.body, r.requestId);
      return (r.body ?? {}) as Json;
    });
  }

  /** POST to an oapi path with the oapi token; the body when errcode is 0. */
  function oapiPost(operation: string, path: string, payload: BodyInit | Json, query: Record<string, string> = {}): Promise<Json> {
    return call(operation, undefined, oapiToken, async (token) => {
      const q = new URLSearchParams({ access_token: token, ...query });
      const form = payload instanceof FormData;
      const r = await request(operation, `${oapiBase}${path}?${q}`, {
        method: 'POST',
        ...(form ? {} : { headers: { 'content-type': 'application/json' } }),
        body: form ? payload : JSON.stringify(payload),
      });
      const b = r.body as Json | undefined;
      if (r.status !== 200 || b?.errcode !== 0) throw oapiError(operation, r.status, b);
      return b;
    });
  }

  /**
   * One batch to ≤20 people. DingTalk names the people it did not send to because of flow control
   * (flowControlledStaffIdList): those, and only those, are sent again after a back-off, so nobody
   * gets the message twice.
   */
  async function sendBatch(userIds: string[], message: DingtalkMessage): Promise<SendResult> {
    const op = 'robot.oToMessages.batchSend';
    const tpl = messageTemplate(message);
    let pending = userIds;
    const invalid: string[] = [];
    let processQueryKey = '';
    for (let round = 1; ; round++) {
      const recipientKey = pending.length === 1 ? pending[0] : undefined;
      const b = await v1Post(op, '/v1.0/robot/oToMessages/batchSend', { robotCode: opts.robotCode, userIds: pending, ...tpl }, recipientKey);
      processQueryKey ||= String(b.processQueryKey ?? '');
      invalid.push(...((b.invalidStaffIdList as string[] | undefined) ?? []));
      const limited = ((b.flowControlledStaffIdList as string[] | undefined) ?? []).filter((u) => pending.includes(u));
      if (limited.length === 0) return { processQueryKey, invalidUserIds: invalid };
      if (round >= maxAttempts) {
        throw new DingtalkApiError({ code: 'flowControlled', httpStatus: 200, operation: op, rateLimited: true, dingtalkMsg: `${limited.length} recipients flow-controlled` });
      }
      const delayMs = backoffDelay(round, undefined, random);
      log?.warn('dingtalk recipients flow-controlled; backing off', { operation: op, count: limited.length, attempt: round, delayMs });
      await sleep(delayMs);
      pending = limited;
    }
  }

  async function sendToGroup(openConversationId: string, message: DingtalkMessage) {
    const op = 'robot.groupMessages.send';
    const b = await v1Post(op, '/v1.0/robot/groupMessages/send', { robotCode: opts.robotCode, openConversationId, ...messageTemplate(message) }, `group:${openConversationId}`);
    return { processQueryKey: String(b.processQueryKey ?? '') };
  }

  async function sendToUsers(userIds: string[], message: DingtalkMessage): Promise<SendResult[]> {
    const unique = [...new Set(userIds)];
    const results: SendResult[] = [];
    for (let i = 0; i < unique.length; i += BATCH_SEND_MAX) results.push(await sendBatch(unique.slice(i, i + BATCH_SEND_MAX), message));
    return results;
  }

  const recipientOf = (to: CardDelivery['to']) => ('userId' in to ? to.userId : `group:${to.openConversationId}`);

  return {
    sendToUsers,

    sendToGroup,

    async createAndDeliverCard(card) {
      const op = 'card.instances.createAndDeliver';
      const to = card.to;
      // The space and delivery models of a robot's 1:1 chat or of a group (README "Interactive cards").
      const space =
        'userId' in to
          ? { openSpaceId: `dtv1.card//IM_ROBOT.${to.userId}`, imRobotOpenSpaceModel: { supportForward: false }, imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: opts.robotCode } }
          : { openSpaceId: `dtv1.card//IM_GROUP.${to.openConversationId}`, imGroupOpenSpaceModel: { supportForward: false }, imGroupOpenDeliverModel: { robotCode: opts.robotCode } };
      const b = await v1Post(
        op,
        '/v1.0/card/instances/createAndDeliver',
        {
          cardTemplateId: card.cardTemplateId,
          outTrackId: card.outTrackId,
          callbackType: card.callback.type,
          ...(card.callback.type === 'HTTP' ? { callbackRouteKey: card.callback.routeKey } : {}),
          cardData: { cardParamMap: card.cardParamMap },
          userIdType: 1,
          ...space,
        },
        recipientOf(to),
      );
      // A 200 may still say the card reached nobody (deliverResults[].success false): permanent.
      const failed = ((b.result?.deliverResults as Json[] | undefined) ?? []).find((d) => d.success === false);
      if (b.success === false || failed) {
        throw new DingtalkApiError({ code: 'deliverFailed', httpStatus: 200, operation: op, dingtalkMsg: String(failed?.errorMsg ?? 'card not delivered') });
      }
      return { outTrackId: String(b.result?.outTrackId ?? card.outTrackId) };
    },

    async updateCard(outTrackId, cardParamMap) {
      const op = 'card.instances.update';
      const b = await v1Post(op, '/v1.0/card/instances', { outTrackId, cardData: { cardParamMap }, cardUpdateOptions: { updateCardDataByKey: true } }, undefined, 'PUT');
      if (b.success === false) throw new DingtalkApiError({ code: 'updateFailed', httpStatus: 200, operation: op, dingtalkMsg: 'card not updated' });
    },

    async uploadMedia(data, fileName, type) {
      const op = 'media.upload';
      const b = await oapiPost(
        op,
        '/media/upload',
        (() => {
          const form = new FormData();
          form.append('media', new Blob([data as Uint8Array<ArrayBuffer>]), fileName);
          return form;
        })(),
        { type },
      );
      if (typeof b.media_id !== 'string') throw oapiError(op, 200, { errmsg: 'response without media_id' });
      return { mediaId: b.media_id };
    },

    async sendFile(to, mediaId, fileName) {
      const message: DingtalkMessage = { kind: 'file', mediaId, fileName, fileType: fileTypeOf(fileName) };
      if ('openConversationId' in to) return sendToGroup(to.openConversationId, message);
      const [r] = await sendToUsers([to.userId], message);
      return { processQueryKey: r?.processQueryKey ?? '' };
    },

    async downloadMessageFile(downloadCode) {
      const op = 'robot.messageFiles.download';
      const b = await v1Post(op, '/v1.0/robot/messageFiles/download', { downloadCode, robotCode: opts.robotCode });
      if (typeof b.downloadUrl !== 'string') throw v1Error(op, 200, { message: 'response without downloadUrl' });
      // The URL is pre-signed and short-lived: no token, and not counted against the API limits.
      let res: Response;
      try {
        res = await doFetch(b.downloadUrl, { method: 'GET' });
      } catch (e) {
        throw networkError(op, e);
      }
      if (!res.ok) throw v1Error(op, res.status, undefined);
      return new Uint8Array(await res.arrayBuffer());
    },

    async resolveByMobile(mobiles) {
      const byNormal = new Map<string, string[]>();
      for (const m of mobiles) {
        const n = normalizeMobile(m);
        if (n) byNormal.set(n, [...(byNormal.get(n) ?? []), m]);
      }
      const found = new Map<string, DingtalkUser>();
      for (const [mobile, originals] of byNormal) {
        let userId: string | undefined;
        try {
          const b = await oapiPost('topapi.v2.user.getbymobile', '/topapi/v2/user/getbymobile', { mobile });
          userId = typeof b.result?.userid === 'string' ? b.result.userid : undefined;
        } catch (e) {
          if (e instanceof DingtalkApiError && e.code === NOT_FOUND) continue;
          throw e;
        }
        if (!userId) continue;
        const u = await oapiPost('topapi.v2.user.get', '/topapi/v2/user/get', { userid: userId });
        const unionId = typeof u.result?.unionid === 'string' && u.result.unionid !== '' ? u.result.unionid : undefined;
        for (const o of originals) found.set(o, { userId, ...(unionId ? { unionId } : {}) });
      }
      return found;
    },
  };
}
