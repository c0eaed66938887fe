/**
 * Feishu event-security primitives: body decryption and request signatures.
 *
 * Protocol: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 * (the same rules apply to callbacks).
 *
 * node:crypto, synchronously: on the receiver's hot path WebCrypto cost far more (each
 * crypto.subtle call is a job on the thread pool plus copies and promises; it was ~20% of the
 * receiver's CPU in the benchmark). Both runtimes have node:crypto: Node, and workerd with
 * `nodejs_compat`, which wrangler.toml sets (the Lark SDK and postgres.js need it anyway).
 * The async wrappers keep the original API for callers and fixtures.
 */
import * as nodeCrypto from 'node:crypto';
import { createCipheriv, createDecipheriv, createHash, randomFillSync } from 'node:crypto';

/** Thrown when an `encrypt` field is not valid base64 AES-256-CBC output for the configured key. */
export class DecryptError extends Error {
  override name = 'DecryptError';
}

// fatal: a wrong key that happens to leave valid PKCS#7 padding yields garbage, which should fail
// here rather than reach JSON.parse as mojibake.
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * AES keys (SHA-256 of the encrypt key) by encrypt key. A deployment has one key (two during a
 * rotation), so this stays tiny; the cap only guards against a caller that feeds arbitrary keys.
 */
const aesKeys = new Map<string, Buffer>();
const MAX_CACHED_KEYS = 8;

function aesKeyFor(encryptKey: string): Buffer {
  let key = aesKeys.get(encryptKey);
  if (!key) {
    if (aesKeys.size >= MAX_CACHED_KEYS) aesKeys.delete(aesKeys.keys().next().value!);
    key = createHash('sha256').update(encryptKey, 'utf8').digest();
    aesKeys.set(encryptKey, key);
  }
  return key;
}

// Buffer's base64 decoder skips characters outside the alphabet; refuse them first, as atob()
// would (a misplaced '=' still fails below: on the length, the padding or the JSON).
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

/**
 * Decrypt the `encrypt` field of a Feishu body: base64(iv[16] || AES-256-CBC(PKCS#7(json))),
 * key = SHA-256(encryptKey). Returns the plaintext JSON text. Throws DecryptError.
 */
export function decryptBodySync(encryptKey: string, encrypt: string): string {
  if (typeof encrypt !== 'string' || encrypt.length === 0) throw new DecryptError('empty encrypt field');
  if (NOT_BASE64.test(encrypt)) throw new DecryptError('encrypt field is not base64');
  const buf = Buffer.from(encrypt, 'base64');
  // At least one IV block plus one cipher block, and whole blocks only.
  if (buf.length < 32 || buf.length % 16 !== 0) throw new DecryptError('encrypt field has a bad length');
  let plain: Buffer;
  try {
    const d = createDecipheriv('aes-256-cbc', aesKeyFor(encryptKey), buf.subarray(0, 16));
    plain = Buffer.concat([d.update(buf.subarray(16)), d.final()]);
  } catch {
    throw new DecryptError('decryption failed (wrong key or corrupted body)');
  }
  try {
    return decoder.decode(plain);
  } catch {
    throw new DecryptError('decrypted body is not UTF-8');
  }
}

export async function decryptBody(encryptKey: string, encrypt: string): Promise<string> {
  return decryptBodySync(encryptKey, encrypt);
}

/** The inverse of decryptBody, as Feishu does it; for tests, fixtures and benchmarks. */
export async function encryptBody(encryptKey: string, plaintext: string, iv?: Uint8Array): Promise<string> {
  if (iv && iv.length !== 16) throw new RangeError('iv must be 16 bytes');
  const ivBytes = iv ? Buffer.from(iv) : randomFillSync(Buffer.alloc(16));
  const c = createCipheriv('aes-256-cbc', aesKeyFor(encryptKey), ivBytes);
  return Buffer.concat([ivBytes, c.update(plaintext, 'utf8'), c.final()]).toString('base64');
}

// One-shot hashing (Node ≥ 20.12) skips building a Hash stream object per request; workerd's
// node:crypto may not have it.
const oneShotHash = (nodeCrypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

/** hex(SHA-256(timestamp + nonce + encryptKey + rawBody)), over the body exactly as received. */
export function signatureOfSync(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  const content = timestamp + nonce + encryptKey + rawBody;
  return oneShotHash ? oneShotHash('sha256', content, 'hex') : createHash('sha256').update(content, 'utf8').digest('hex');
}

export async function signatureOf(timestamp: string, nonce: string, encryptKey: string, rawBody: string): Promise<string> {
  return signatureOfSync(timestamp, nonce, encryptKey, rawBody);
}

/**
 * String equality whose running time depends only on the lengths, never on where the strings
 * differ: every position is compared and the differences are OR-ed together.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < n; i++) {
    // charCodeAt past the end is NaN, which `| 0` turns into 0; the length term above already
    // records the mismatch.
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return diff === 0;
}

export interface SignatureHeaders {
  timestamp?: string | null;
  nonce?: string | null;
  signature?: string | null;
}

/**
 * Check X-Lark-Signature over the raw body. Missing headers fail: Feishu signs every event and
 * callback once an encrypt key is set (only url_verification is unsigned, and the receiver answers
 * that before calling this). Freshness of the timestamp is the caller's policy.
 */
export function verifySignatureSync(headers: SignatureHeaders, encryptKey: string, rawBody: string): boolean {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || !nonce || !signature || !encryptKey) return false;
  const expected = signatureOfSync(timestamp, nonce, encryptKey, rawBody);
  // Feishu sends lowercase hex; tolerate uppercase from proxies or test tools.
  return constantTimeEqual(expected, signature.toLowerCase());
}

export async function verifySignature(headers: SignatureHeaders, encryptKey: string, rawBody: string): Promise<boolean> {
  return verifySignatureSync(headers, encryptKey, rawBody);
}
