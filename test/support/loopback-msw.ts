/**
 * msw handlers served on a real loopback port, for callers msw cannot intercept in-process (a
 * workerd isolate, another Node process). Hands out a SetupServer-shaped `server` so the suite's
 * stand-ins (installDingtalkStandIn…) install their handlers here unchanged, with `base` as their
 * base URL. Later handlers win, as with server.use(). Unmatched requests get 404.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import type { SetupServer } from 'msw/node';

export interface LoopbackMsw {
  base: string;
  server: SetupServer;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url!, base), { method: req.method, headers, ...(hasBody ? { body: Buffer.concat(chunks) } : {}) });
}

export async function startLoopbackMsw(): Promise<LoopbackMsw> {
  const handlers: RequestHandler[] = [];
  let base = '';
  const http = createServer(async (req, res) => {
    try {
      const response = await getResponse(handlers, await toRequest(req, base));
      if (!response) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const server = { use: (...h: RequestHandler[]) => void handlers.unshift(...h) } as unknown as SetupServer;
  return { base, server, close: () => new Promise<void>((r) => http.close(() => r())) };
}
