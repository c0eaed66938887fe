/**
 * A local stand-in for DingTalk's Stream gateway. dingtalk-stream 2.1.5 hard-codes
 * `POST https://api.dingtalk.com/v1.0/gateway/connections/open` (through axios, which msw
 * intercepts) and then opens whatever WebSocket endpoint that call returns: msw answers the call
 * with a loopback ws:// endpoint served here by the `ws` package (the SDK's own dependency).
 * Like DingTalk, the gateway re-pushes frames that were not acknowledged when a client connects.
 */
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { WebSocketServer, type WebSocket } from 'ws';

export const GATEWAY_URL = 'https://api.dingtalk.com/v1.0/gateway/connections/open';

export interface Frame {
  type: 'CALLBACK' | 'SYSTEM' | 'EVENT';
  headers: Record<string, string>;
  data: string;
}

export interface StreamGateway {
  /** Bodies of the gateway calls (clientId, subscriptions…). */
  opens: any[];
  /** Sockets in the order clients connected. */
  sockets: WebSocket[];
  /** Acks received: messageId → parsed `data` of the ack. */
  acks: Map<string, unknown>;
  /** Push a robot message (or card callback) to the newest socket; stays pending until acked. */
  push(topic: string, body: unknown, messageId?: string): string;
  system(topic: string): void;
  /** Resolves when `n` clients have connected in all. */
  connected(n: number): Promise<WebSocket>;
  /** Resolves when messageId has been acked. */
  acked(messageId: string): Promise<unknown>;
  /** Queue gateway answers (e.g. a 503) used before the normal one. */
  failNext(status: number): void;
  close(): Promise<void>;
}

/** `autoPong: false` makes a half-open connection: frames could flow, but pings go unanswered. */
export async function startStreamGateway(server: SetupServer, opts: { autoPong?: boolean } = {}): Promise<StreamGateway> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: opts.autoPong ?? true });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as { port: number }).port;
  const opens: any[] = [];
  const sockets: WebSocket[] = [];
  const acks = new Map<string, unknown>();
  const pending = new Map<string, Frame>();
  const failures: number[] = [];
  const connWaiters: Array<{ n: number; resolve: (s: WebSocket) => void }> = [];
  const ackWaiters = new Map<string, Array<(v: unknown) => void>>();
  let seq = 0;

  server.use(
    http.post(GATEWAY_URL, async ({ request }) => {
      opens.push(await request.json());
      const status = failures.shift();
      if (status) return HttpResponse.json({ code: 'ServiceUnavailable' }, { status });
      return HttpResponse.json({ endpoint: `ws://127.0.0.1:${port}/connect`, ticket: `ticket-${opens.length}` });
    }),
  );

  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { code?: number; headers?: { messageId?: string }; data?: string };
      const id = msg.headers?.messageId;
      if (!id || msg.code !== 200 || !pending.has(id)) return;
      pending.delete(id);
      const data = msg.data ? JSON.parse(msg.data) : undefined;
      acks.set(id, data);
      for (const w of ackWaiters.get(id) ?? []) w(data);
      ackWaiters.delete(id);
    });
    // What was pushed and never acknowledged comes again on the new connection.
    for (const frame of pending.values()) socket.send(JSON.stringify(frame));
    for (const w of connWaiters.filter((w) => sockets.length >= w.n)) w.resolve(socket);
  });

  const newest = () => sockets[sockets.length - 1]!;
  return {
    opens,
    sockets,
    acks,
    push(topic, body, messageId = `frame-${++seq}`) {
      const frame: Frame = { type: 'CALLBACK', headers: { topic, messageId, contentType: 'application/json', time: '0' }, data: JSON.stringify(body) };
      pending.set(messageId, frame);
      const s = newest();
      if (s.readyState === s.OPEN) s.send(JSON.stringify(frame));
      return messageId;
    },
    system(topic) {
      newest().send(JSON.stringify({ type: 'SYSTEM', headers: { topic, messageId: `sys-${++seq}` }, data: '' }));
    },
    connected(n) {
      if (sockets.length >= n) return Promise.resolve(sockets[n - 1]!);
      return new Promise((resolve) => connWaiters.push({ n, resolve }));
    },
    acked(messageId) {
      if (acks.has(messageId)) return Promise.resolve(acks.get(messageId));
      return new Promise((resolve) => ackWaiters.set(messageId, [...(ackWaiters.get(messageId) ?? []), resolve]));
    },
    failNext(status) {
      failures.push(status);
    },
    async close() {
      for (const s of wss.clients) s.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
