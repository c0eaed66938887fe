import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consoleRoutes, type ConsoleDeps } from '../../src/console/console-routes.ts';

/** The console routes on a real loopback server (their guards read the socket and the Host header). */
export async function serveConsole(deps: Partial<ConsoleDeps>): Promise<{ port: number; get(path: string): Promise<Reply>; post(path: string, body: unknown): Promise<Reply>; close(): void }> {
  const full = {
    clock: { now: () => new Date('2026-03-02T02:00:00Z') },
    logger: { info() {}, warn() {}, error() {}, debug() {} },
    open: false,
    ...deps,
  } as ConsoleDeps;
  const app = new Hono().route('/console', consoleRoutes(full));
  let server: Server | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port)) as Server;
  });
  const send = (method: string, path: string, body?: unknown) =>
    new Promise<Reply>((resolve, reject) => {
      const headers: Record<string, string> = { host: `localhost:${port}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const data = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, data, text: data.toString('utf8') });
        });
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  return { port, get: (p) => send('GET', p), post: (p, b) => send('POST', p, b), close: () => server?.close() };
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  data: Buffer;
  text: string;
}
