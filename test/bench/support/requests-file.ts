import { createWriteStream, readFileSync } from 'node:fs';
import type { SignedRequest } from '../../fixtures/feishu/bodies.ts';

/**
 * Pre-signed requests, one a line: timestamp TAB nonce TAB signature TAB body (bodies are compact
 * JSON, so they hold no tab or newline). Read by replay.lua (wrk) and by load-client.ts.
 * Written in chunks: a few hundred thousand bodies do not fit in one string.
 */
export async function writeRequests(file: string, n: number, make: (i: number) => Promise<SignedRequest>): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < n; i += 2000) {
    const chunk = await Promise.all(Array.from({ length: Math.min(2000, n - i) }, (_, j) => make(i + j)));
    const text = chunk
      .map(({ headers: h, rawBody }) => `${h['x-lark-request-timestamp']}\t${h['x-lark-request-nonce']}\t${h['x-lark-signature']}\t${rawBody}\n`)
      .join('');
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

export interface RequestLine {
  headers: Record<string, string>;
  body: string;
}

/** Lines first … first+count-1 (count 0: to the end). */
export function readRequests(file: string, first = 0, count = 0): RequestLine[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return lines.slice(first, count ? first + count : undefined).map((line) => {
    const [timestamp, nonce, signature, body] = line.split('\t') as [string, string, string, string];
    return {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-lark-request-timestamp': timestamp,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': signature,
      },
      body,
    };
  });
}
