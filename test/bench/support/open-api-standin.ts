/**
 * A stand-in of the Feishu Open API on 127.0.0.1 for the fault bench: what the service sends is
 * kept (by receive_id and uuid) so the bench can count answers per event, and it can be told to
 * answer every message call with 429 or 500 for a while. Like Feishu, a second create with a
 * uuid it accepted within the hour is not shown again: it answers with the first message's id.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandIn {
  url: string;
  /** Accepted (shown) messages: uuid → receive_id. */
  shown: Map<string, string>;
  /** receive_id → uuids shown to them. */
  byReceiver: Map<string, Set<string>>;
  stats: { requests: number; injected429: number; injected500: number; sameUuidAgain: number; patches: number; downloads: number };
  /** While on, message calls answer 429 and 500 in turn (never shown). */
  failing(on: boolean): void;
  /** Serves this file for any resource download. */
  file(bytes: Uint8Array): void;
  close(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  const shown = new Map<string, string>();
  const byReceiver = new Map<string, Set<string>>();
  const stats = { requests: 0, injected429: 0, injected500: 0, sameUuidAgain: 0, patches: 0, downloads: 0 };
  let failing = false;
  let flip = 0;
  let fileBytes: Uint8Array = new Uint8Array();
  let nextId = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.requests++;
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (url.startsWith('/open-apis/auth/v3/tenant_access_token/internal')) return json(200, { code: 0, msg: 'ok', tenant_access_token: 't-fault', expire: 7200 });
      if (req.method === 'GET' && /\/open-apis\/im\/v1\/messages\/[^/]+\/resources\//.test(url)) {
        stats.downloads++;
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(Buffer.from(fileBytes));
      }
      if (url.startsWith('/open-apis/im/v1/files')) return json(200, { code: 0, data: { file_key: `file_fault_${++nextId}` } });
      if (url.startsWith('/open-apis/im/v1/messages') || url.startsWith('/open-apis/interactive/')) {
        if (failing) {
          if (flip++ % 2 === 0) {
            stats.injected429++;
            return json(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': '1' });
          }
          stats.injected500++;
          return json(500, { code: -1, msg: 'internal error' });
        }
        if (req.method === 'PATCH' || url.startsWith('/open-apis/interactive/')) {
          stats.patches++;
          return json(200, { code: 0, data: {} });
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { receive_id?: string; uuid?: string };
        const reply = /\/open-apis\/im\/v1\/messages\/([^/?]+)\/reply/.exec(url);
        const to = body.receive_id ?? `reply:${reply?.[1] ?? '?'}`;
        const uuid = body.uuid ?? `none-${++nextId}`;
        if (shown.has(uuid)) stats.sameUuidAgain++;
        else {
          shown.set(uuid, to);
          if (!byReceiver.has(to)) byReceiver.set(to, new Set());
          byReceiver.get(to)!.add(uuid);
        }
        return json(200, { code: 0, data: { message_id: `om_out_${uuid}` } });
      }
      return json(200, { code: 0, data: {} });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    shown,
    byReceiver,
    stats,
    failing: (on) => void (failing = on),
    file: (b) => void (fileBytes = b),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
