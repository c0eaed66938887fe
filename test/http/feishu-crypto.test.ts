import { createCipheriv, createHash } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  constantTimeEqual,
  decryptBody,
  DecryptError,
  encryptBody,
  signatureOf,
  verifySignature,
} from '../../src/http/feishu-crypto.ts';
import { cardAction, FIXTURE_APP, signedRequest, textMessage } from '../fixtures/feishu/bodies.ts';

const KEY = FIXTURE_APP.encryptKey;

describe('decryptBody', () => {
  test('passes the official vector', async () => {
    expect(await decryptBody('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
  });

  test('decrypts what Node crypto encrypts the way Feishu does (independent implementation)', async () => {
    const plain = JSON.stringify(textMessage('你好，记录走访'));
    const iv = Buffer.alloc(16, 7);
    const key = createHash('sha256').update(KEY).digest();
    const c = createCipheriv('aes-256-cbc', key, iv);
    const enc = Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]).toString('base64');
    expect(await decryptBody(KEY, enc)).toBe(plain);
  });

  test('round-trips with encryptBody, including multi-block UTF-8 and a fixed iv', async () => {
    const plain = JSON.stringify(cardAction({ formValue: { 备注: '党支部'.repeat(50) } }));
    const iv = new Uint8Array(16).fill(3);
    const enc = await encryptBody(KEY, plain, iv);
    expect(await decryptBody(KEY, enc)).toBe(plain);
    // The iv travels in the first 16 bytes.
    expect(Buffer.from(enc, 'base64').subarray(0, 16)).toEqual(Buffer.from(iv));
    // Deterministic for a given iv; random otherwise.
    expect(await encryptBody(KEY, plain, iv)).toBe(enc);
    expect(await encryptBody(KEY, plain)).not.toBe(await encryptBody(KEY, plain));
  });

  test('rejects a wrong key', async () => {
    const enc = await encryptBody(KEY, JSON.stringify({ a: 1 }), new Uint8Array(16).fill(9));
    await expect(decryptBody('another key', enc)).rejects.toBeInstanceOf(DecryptError);
  });

  test.each([
    ['empty', ''],
    ['not base64', '!!!not base64!!!'],
    ['too short (iv only)', btoa('0123456789abcdef')],
    ['not whole blocks', btoa('0123456789abcdef0123456789abcdef0')],
  ])('throws DecryptError on %s input', async (_name, input) => {
    await expect(decryptBody(KEY, input)).rejects.toBeInstanceOf(DecryptError);
  });

  test('throws DecryptError on a flipped ciphertext byte (padding breaks)', async () => {
    const enc = Buffer.from(await encryptBody(KEY, 'x'.repeat(40)), 'base64');
    enc[enc.length - 1]! ^= 0x01;
    await expect(decryptBody(KEY, enc.toString('base64'))).rejects.toBeInstanceOf(DecryptError);
  });

  test('encryptBody refuses an iv of the wrong size', async () => {
    await expect(encryptBody(KEY, 'x', new Uint8Array(8))).rejects.toBeInstanceOf(RangeError);
  });
});

describe('signatures', () => {
  test('signatureOf is hex sha256(timestamp + nonce + key + raw body)', async () => {
    const raw = '{"encrypt":"abc"}';
    const expected = createHash('sha256').update('1700000000' + 'n0nce' + KEY + raw).digest('hex');
    expect(await signatureOf('1700000000', 'n0nce', KEY, raw)).toBe(expected);
  });

  test('a signed fixture verifies, and its body decrypts to the event', async () => {
    const body = textMessage('帮助');
    const req = await signedRequest({ body, encryptKey: KEY });
    const headers = {
      timestamp: req.headers['x-lark-request-timestamp'],
      nonce: req.headers['x-lark-request-nonce'],
      signature: req.headers['x-lark-signature'],
    };
    expect(await verifySignature(headers, KEY, req.rawBody)).toBe(true);
    expect(JSON.parse(await decryptBody(KEY, JSON.parse(req.rawBody).encrypt))).toEqual(body);
  });

  test('the signature covers the raw bytes: a re-serialized body fails', async () => {
    const req = await signedRequest({ body: textMessage('hi'), encryptKey: KEY });
    const headers = {
      timestamp: req.headers['x-lark-request-timestamp'],
      nonce: req.headers['x-lark-request-nonce'],
      signature: req.headers['x-lark-signature'],
    };
    const pretty = JSON.stringify(JSON.parse(req.rawBody), null, 1);
    expect(await verifySignature(headers, KEY, pretty)).toBe(false);
  });

  describe('tampering', () => {
    type H = { timestamp: string; nonce: string; signature: string };
    let req: { rawBody: string; headers: Record<string, string> };
    let good: H;
    beforeAll(async () => {
      req = await signedRequest({ body: cardAction(), encryptKey: KEY, timestamp: '1795219200', nonce: 'abc' });
      good = {
        timestamp: req.headers['x-lark-request-timestamp']!,
        nonce: req.headers['x-lark-request-nonce']!,
        signature: req.headers['x-lark-signature']!,
      };
    });

    test('the untouched request verifies (also with an uppercase signature)', async () => {
      expect(await verifySignature(good, KEY, req.rawBody)).toBe(true);
      expect(await verifySignature({ ...good, signature: good.signature.toUpperCase() }, KEY, req.rawBody)).toBe(true);
    });

    test.each([
      ['body', (h: H) => ({ h, body: req.rawBody.replace('"}', 'A"}') })],
      ['signature', (h: H) => ({ h: { ...h, signature: h.signature.slice(0, -1) + (h.signature.endsWith('0') ? '1' : '0') }, body: req.rawBody })],
      ['timestamp', (h: H) => ({ h: { ...h, timestamp: String(Number(h.timestamp) + 1) }, body: req.rawBody })],
      ['nonce', (h: H) => ({ h: { ...h, nonce: h.nonce + 'x' }, body: req.rawBody })],
      ['truncated signature', (h: H) => ({ h: { ...h, signature: h.signature.slice(0, 32) }, body: req.rawBody })],
    ])('a changed %s fails', async (_name, change) => {
      const { h, body } = change(good);
      expect(await verifySignature(h, KEY, body)).toBe(false);
    });

    test('a request signed with another key fails', async () => {
      const forged = await signedRequest({ body: cardAction(), encryptKey: KEY, signingKey: 'guess' });
      const h = {
        timestamp: forged.headers['x-lark-request-timestamp'],
        nonce: forged.headers['x-lark-request-nonce'],
        signature: forged.headers['x-lark-signature'],
      };
      expect(await verifySignature(h, KEY, forged.rawBody)).toBe(false);
    });

    test.each(['timestamp', 'nonce', 'signature'] as const)('a missing %s header fails', async (name) => {
      expect(await verifySignature({ ...good, [name]: undefined }, KEY, req.rawBody)).toBe(false);
      expect(await verifySignature({ ...good, [name]: null }, KEY, req.rawBody)).toBe(false);
      expect(await verifySignature({ ...good, [name]: '' }, KEY, req.rawBody)).toBe(false);
    });

    test('no headers at all fails, and so does an empty key', async () => {
      expect(await verifySignature({}, KEY, req.rawBody)).toBe(false);
      expect(await verifySignature(good, '', req.rawBody)).toBe(false);
    });
  });
});

describe('constantTimeEqual', () => {
  test.each([
    ['', '', true],
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'xbc', false],
    ['abc', 'ab', false],
    ['ab', 'abc', false],
    ['', 'a', false],
    ['a', '', false],
    // A prefix padded with code 0 must not compare equal to the shorter string.
    ['ab\u0000', 'ab', false],
    ['é', 'e\u0301', false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
  });

  test('agrees with === on random hex strings', () => {
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
    for (let i = 0; i < 200; i++) {
      const a = hex(64);
      const b = i % 3 === 0 ? a : i % 3 === 1 ? hex(64) : a.slice(0, 63) + (a[63] === 'f' ? 'e' : 'f');
      expect(constantTimeEqual(a, b)).toBe(a === b);
    }
  });
});
