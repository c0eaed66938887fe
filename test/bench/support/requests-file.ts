import { createWriteStream, readFileSync } from 'node:fs';
import type { SignedRequest } from '../../fixtures/feishu/bodies.ts';

/**
 * Pre-signed requests for one signing scheme. The first line names the headers that carry the
 * signature (`#headers TAB name TAB name…`); every other line is one request: those headers'
 * values, TAB-separated, then TAB body (bodies are compact JSON, so they hold no tab or newline).
 * Read by replay.lua (wrk) and by load-client.ts. Written in chunks: a few hundred thousand
 * bodies do not fit in one string.
 */
export const FEISHU_HEADERS = ['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature'] as const;
/** DingTalk signs the timestamp only (src/http/dingtalk-signature.ts). */
export const DINGTALK_HEADERS = ['timestamp', 'sign'] as const;

export async function writeRequests(
  file: string,
  n: number,
  make: (i: number) => Promise<SignedRequest> | SignedRequest,
  headers: readonly string[] = FEISHU_HEADERS,
): Promise<void> {
  const out = createWriteStream(file);
  out.write(`#headers\t${headers.join('\t')}\n`);
  for (let i = 0; i < n; i += 2000) {
    const chunk = await Promise.all(Array.from({ length: Math.min(2000, n - i) }, (_, j) => make(i + j)));
    const text = chunk.map(({ headers: h, rawBody }) => `${headers.map((name) => h[name] ?? '').join('\t')}\t${rawBody}\n`).join('');
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

export interface RequestLine {
  headers: Record<string, string>;
  body: string;
}

/** Requests first … first+count-1 (count 0: to the end). */
export function readRequests(file: string, first = 0, count = 0): RequestLine[] {
  const [head, ...lines] = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const names = head!.split('\t').slice(1);
  return lines.slice(first, count ? first + count : undefined).map((line) => {
    const fields = line.split('\t');
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    names.forEach((name, k) => (headers[name] = fields[k]!));
    return { headers, body: fields.slice(names.length).join('\t') };
  });
}
