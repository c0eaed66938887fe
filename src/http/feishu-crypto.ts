/**
 * Feishu event-security primitives: body decryption and request signatures.
 *
 * Protocol: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 * (the same rules apply to callbacks). WebCrypto only, so the same code runs on Node and in workerd
 * without `nodejs_compat`; no Buffer, no node:crypto.
 */

/** Thrown when an `encrypt` field is not valid base64 AES-256-CBC output for the configured key. */
export class DecryptError extends Error {
  override name = 'DecryptError';
}

const encoder = new TextEncoder();
// fatal: a wrong key that happens to leave valid PKCS#7 padding yields garbage, which should fail
// here rather than reach JSON.parse as mojibake.
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * AES keys by encrypt key. A deployment has one key (two during a rotation), so this stays tiny;
 * the cap only guards against a caller that feeds arbitrary keys. The promise is cached so that
 * concurrent first requests derive the key once.
 */
const aesKeys = new Map<string, Promise<CryptoKey>>();
const MAX_CACHED_KEYS = 8;

function aesKeyFor(encryptKey: string): Promise<CryptoKey> {
  let key = aesKeys.get(encryptKey);
  if (!key) {
    if (aesKeys.size >= MAX_CACHED_KEYS) aesKeys.delete(aesKeys.keys().next().value!);
    key = crypto.subtle
      .digest('SHA-256', encoder.encode(encryptKey))
      .then((raw) => crypto.subtle.importKey('raw', raw, { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']));
    // A failed derivation must not poison the cache for later calls.
    key.catch(() => aesKeys.delete(encryptKey));
    aesKeys.set(encryptKey, key);
  }
  return key;
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64); // throws DOMException on characters outside the base64 alphabet
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64(bytes: Uint8Array): string {
  // Chunked so that large bodies do not overflow the argument limit of fromCharCode.
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

/**
 * Decrypt the `encrypt` field of a Feishu body: base64(iv[16] || AES-256-CBC(PKCS#7(json))),
 * key = SHA-256(encryptKey). Returns the plaintext JSON text.
 */
export async function decryptBody(encryptKey: string, encrypt: string): Promise<string> {
  if (typeof encrypt !== 'string' || encrypt.length === 0) throw new DecryptError('empty encrypt field');
  let buf: Uint8Array<ArrayBuffer>;
  try {
    buf = base64ToBytes(encrypt);
  } catch {
    throw new DecryptError('encrypt field is not base64');
  }
  // At least one IV block plus one cipher block, and whole blocks only.
  if (buf.length < 32 || buf.length % 16 !== 0) throw new DecryptError('encrypt field has a bad length');
  const key = await aesKeyFor(encryptKey);
  let plain: ArrayBuffer;
  try {
    // subarray views, not slices: WebCrypto reads them in place.
    plain = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: buf.subarray(0, 16) }, key, buf.subarray(16));
  } catch {
    throw new DecryptError('decryption failed (wrong key or corrupted body)');
  }
  try {
    return decoder.decode(plain);
  } catch {
    throw new DecryptError('decrypted body is not UTF-8');
  }
}

/** The inverse of decryptBody, as Feishu does it; for tests, fixtures and benchmarks. */
export async function encryptBody(encryptKey: string, plaintext: string, iv?: Uint8Array): Promise<string> {
  const ivBytes = new Uint8Array(16);
  if (iv) {
    if (iv.length !== 16) throw new RangeError('iv must be 16 bytes');
    ivBytes.set(iv);
  } else {
    crypto.getRandomValues(ivBytes);
  }
  const key = await aesKeyFor(encryptKey);
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-CBC', iv: ivBytes }, key, encoder.encode(plaintext)),
  );
  const out = new Uint8Array(16 + cipher.length);
  out.set(ivBytes, 0);
  out.set(cipher, 16);
  return bytesToBase64(out);
}

/** hex(SHA-256(timestamp + nonce + encryptKey + rawBody)), over the body exactly as received. */
export async function signatureOf(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string,
): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(timestamp + nonce + encryptKey + rawBody)));
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
export async function verifySignature(
  headers: SignatureHeaders,
  encryptKey: string,
  rawBody: string,
): Promise<boolean> {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || !nonce || !signature || !encryptKey) return false;
  const expected = await signatureOf(timestamp, nonce, encryptKey, rawBody);
  // Feishu sends lowercase hex; tolerate uppercase from proxies or test tools.
  return constantTimeEqual(expected, signature.toLowerCase());
}
