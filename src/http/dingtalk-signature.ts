/**
 * DingTalk's HTTP-callback signature for robot messages: the request carries the headers
 * `timestamp` (epoch ms) and `sign` = Base64(HmacSHA256(key = AppSecret, timestamp + "\n" + AppSecret)).
 * The signature does not cover the body (DingTalk's scheme, not ours): a replay of a signed request
 * within the window with a different body would pass, so the msgId dedupe is what stops replays.
 * https://open.dingtalk.com/document/orgapp/receive-message (see src/messenger/dingtalk/README.md).
 *
 * node:crypto, synchronously, as in feishu-crypto.ts: both runtimes have it (workerd through
 * nodejs_compat).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** DingTalk refuses callbacks older than an hour itself; we hold them to the same window. */
export const DINGTALK_TIMESTAMP_WINDOW_MS = 60 * 60 * 1000;

export function dingtalkSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`, 'utf8').digest('base64');
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'missing headers' | 'bad signature' | 'stale timestamp' };

/**
 * Constant-time comparison of the expected and the given signature (their lengths are public: a
 * base64 SHA-256 is always 44 characters), then the timestamp window. A signature is checked
 * before the timestamp so that a forgery learns nothing from the answer about our clock.
 */
export function verifyDingtalkSignature(headers: Headers, appSecret: string, nowMs: number): SignatureVerdict {
  const timestamp = headers.get('timestamp');
  const sign = headers.get('sign');
  if (!timestamp || !sign || !/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'missing headers' };
  const expected = Buffer.from(dingtalkSign(timestamp, appSecret), 'utf8');
  const given = Buffer.from(sign, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
  if (Math.abs(nowMs - Number(timestamp)) > DINGTALK_TIMESTAMP_WINDOW_MS) return { ok: false, reason: 'stale timestamp' };
  return { ok: true };
}
