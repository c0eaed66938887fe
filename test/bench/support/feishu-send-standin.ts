/**
 * A stand-in for Feishu's im/v1/messages in a process of its own on 127.0.0.1 (the delivery
 * bench's: a real HTTP server, not msw in the sender's process, so the sender's event loop, the
 * loopback and the Lark SDK's HTTP client are all in the figure). Forked by delivery-bench.ts.
 *
 * Every request counts against a 50/s sliding window, as Feishu counts calls, failed ones too:
 * over it, 429 with Feishu's frequency-limit code 99991400 and `x-ogw-ratelimit-reset: 1`. Of the
 * calls under it, 5 % fail at random: half the same 429 code, half a 500. It records which uuids
 * it accepted for which receiver (a uuid sent again is dropped, as Feishu does) and answers
 * GET /stats with the counts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STANDIN_RATE = 50;
export const STANDIN_FAIL_RATE = 0.05;

function standIn() {
  const window: number[] = [];
  const accepted = new Map<string, string>(); // uuid → receive_id
  const byReceiver = new Map<string, Set<string>>();
  const s = { requests: 0, throttled: 0, injected429: 0, injected500: 0, acceptedAttempts: 0, repeatUuid: 0, firstAt: 0, lastAt: 0, firstRequestAt: 0, lastRequestAt: 0 };
  const acceptedAt: number[] = [];
  /** Requests per whole second since the first one: shows where the sender left budget unused. */
  const perSecond: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (url.startsWith('/stats')) {
        return json(200, {
          ...s,
          at99: acceptedAt[Math.floor(acceptedAt.length * 0.99) - 1] ?? 0,
          unique: accepted.size,
          receivers: byReceiver.size,
          receiversWithTwo: [...byReceiver.values()].filter((x) => x.size > 1).length,
          perSecond,
        });
      }
      if (url.startsWith('/open-apis/auth/v3/tenant_access_token/internal')) return json(200, { code: 0, msg: 'ok', tenant_access_token: 't-bench', expire: 7200 });
      if (!url.startsWith('/open-apis/im/v1/messages')) return json(404, { code: 404 });
      s.requests++;
      const now = Date.now();
      if (!s.firstRequestAt) s.firstRequestAt = now;
      s.lastRequestAt = now;
      const sec = Math.floor((now - s.firstRequestAt) / 1000);
      while (perSecond.length <= sec) perSecond.push(0);
      perSecond[sec]!++;
      while (window.length && window[0]! <= now - 1000) window.shift();
      if (window.length >= STANDIN_RATE) {
        s.throttled++;
        return json(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': '1' });
      }
      window.push(now);
      const r = Math.random();
      if (r < STANDIN_FAIL_RATE / 2) {
        s.injected429++;
        return json(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': '1' });
      }
      if (r < STANDIN_FAIL_RATE) {
        s.injected500++;
        return json(500, { code: -1, msg: 'internal error' });
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { receive_id: string; uuid: string };
      s.acceptedAttempts++;
      if (accepted.has(body.uuid)) s.repeatUuid++; // Feishu drops it: same message, nothing new shown
      else {
        accepted.set(body.uuid, body.receive_id);
        acceptedAt.push(now);
        let set = byReceiver.get(body.receive_id);
        if (!set) byReceiver.set(body.receive_id, (set = new Set()));
        set.add(body.uuid);
      }
      if (!s.firstAt) s.firstAt = now;
      s.lastAt = now;
      return json(200, { code: 0, msg: 'success', data: { message_id: `om_${body.uuid}` } });
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m) => {
    if ((m as { stop?: boolean }).stop) server.close(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.env.FEISHU_SEND_STANDIN === '1') standIn();
