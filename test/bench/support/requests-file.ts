import { readFileSync, writeFileSync } from 'node:fs';
import type { SignedRequest } from '../../fixtures/feishu/bodies.ts';

/**
 * Pre-signed requests, one a line: timestamp TAB nonce TAB signature TAB body (bodies are compact
 * JSON, so they hold no tab or newline). Read by replay.lua (wrk) and by load-client.ts.
 */
export function writeRequests(file: string, reqs: SignedRequest[]): void {
  const lines = reqs.map((r) => {
    const h = r.headers;
    return `${h['x-lark-request-timestamp']}\t${h['x-lark-request-nonce']}\t${h['x-lark-signature']}\t${r.rawBody}`;
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
}

export interface RequestLine {
  headers: Record<string, string>;
  body: string;
}

export function readRequests(file: string): RequestLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
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
