import { afterAll, beforeAll, expect, test } from 'vitest';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHash } from 'node:crypto';
import { consoleRoutes, type ConsoleDeps } from '../../src/console/console-routes.ts';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import type { CardDoc } from '../../src/cards/document.ts';

/**
 * Issue 18 item 10: the console refuses cross-site and DNS-rebinding requests, bodies that are not
 * declared JSON, and oversized uploads before reading them; its page carries a CSP.
 * A real loopback server, because the guards read the socket address and the raw headers.
 */
const reminders: string[] = [];
const deps = {
  clock: { now: () => new Date('2026-03-02T02:00:00Z') },
  logger: { info() {}, warn() {}, error() {}, debug() {} },
  messenger: { message: () => undefined, upload: () => undefined },
  runReminders: async (at: Date) => {
    reminders.push(at.toISOString());
    return { sent: [], planned: 0 };
  },
} as unknown as ConsoleDeps;

const servers: Server[] = [];
async function start(open: boolean): Promise<number> {
  const app = new Hono().route('/console', consoleRoutes({ ...deps, open }));
  return new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port)) as Server;
    servers.push(s);
  });
}
let port = 0;
let openPort = 0;
beforeAll(async () => {
  port = await start(false);
  openPort = await start(true);
});
afterAll(() => servers.forEach((s) => s.close()));

/** node:http, because fetch will not let a test set Host. */
function send(p: number, method: string, path: string, headers: Record<string, string | number>, body?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: p, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}
const json = JSON.stringify({ openId: 'ou_x', text: '帮助' });

test('the reported attack — text/plain from evil.example with Host evil.example — is refused', async () => {
  const r = await send(port, 'POST', '/console/api/message', { 'content-type': 'text/plain', origin: 'http://evil.example', host: 'evil.example' }, json);
  expect(r.status).toBe(403);
});

test('a rebound host name is refused on every route, even without Origin', async () => {
  for (const [method, path] of [['GET', '/console'], ['GET', '/console/api/people'], ['GET', '/console/api/stream?openId=ou_x'], ['GET', '/console/api/file/x']]) {
    expect((await send(port, method!, path!, { host: `evil.example:${port}` })).status).toBe(403);
  }
  const r = await send(port, 'POST', '/console/api/reminders', { 'content-type': 'application/json', host: 'evil.example' }, '{}');
  expect(r.status).toBe(403);
  expect(reminders).toEqual([]);
});

test('loopback host names with any port pass; a foreign Origin is refused even on a loopback host', async () => {
  for (const host of ['localhost', `localhost:${port}`, `127.0.0.1:${port}`, '[::1]:8080']) {
    expect((await send(port, 'GET', '/console/api/file/x', { host })).status).toBe(404);
  }
  const ok = await send(port, 'POST', '/console/api/reminders', { 'content-type': 'application/json', host: `localhost:${port}`, origin: `http://localhost:${port}` }, '{}');
  expect(ok.status).toBe(200);
  for (const origin of ['http://evil.example', `http://127.0.0.1:${port}`, 'null', `http://localhost:${port + 1}`]) {
    const r = await send(port, 'POST', '/console/api/reminders', { 'content-type': 'application/json', host: `localhost:${port}`, origin }, '{}');
    expect(r.status, origin).toBe(403);
  }
  expect(reminders).toHaveLength(1);
});

test('CONSOLE=on set explicitly accepts other host names, but still only their own origin', async () => {
  const host = `bot.example:${openPort}`;
  expect((await send(openPort, 'GET', '/console/api/file/x', { host })).status).toBe(404);
  expect((await send(openPort, 'GET', '/console/api/file/x', { host, origin: `http://${host}` })).status).toBe(404);
  expect((await send(openPort, 'GET', '/console/api/file/x', { host, origin: 'http://evil.example' })).status).toBe(403);
});

test('a JSON route refuses a body not declared application/json with 415', async () => {
  const host = `127.0.0.1:${port}`;
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    for (const path of ['/console/api/message', '/console/api/action', '/console/api/reminders']) {
      expect((await send(port, 'POST', path, { 'content-type': type, host }, json)).status, `${path} ${type}`).toBe(415);
    }
  }
  const r = await send(port, 'POST', '/console/api/reminders', { 'content-type': 'application/json; charset=utf-8', host }, '{}');
  expect(r.status).toBe(200);
});

test('an upload declaring more than the limit is refused by Content-Length with 413 before its body is read', async () => {
  // Headers only: the server must answer without waiting for the 300 MB it was promised.
  const r = await new Promise<number>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/console/api/upload', headers: { host: `127.0.0.1:${port}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': 300 * 1024 * 1024 } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.write('--x\r\n');
  });
  expect(r).toBe(413);
});

test('the page carries a CSP with frame-ancestors none whose script hash matches its inline script', async () => {
  const r = await send(port, 'GET', '/console', { host: `localhost:${port}` });
  expect(r.status).toBe(200);
  const csp = String(r.headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("'unsafe-inline' 'unsafe-eval'");
  const scripts = [...r.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  expect(scripts).toHaveLength(1);
  const hash = createHash('sha256').update(scripts[0]!, 'utf8').digest('base64');
  expect(csp).toContain(`script-src 'sha256-${hash}'`);
});

test('the stream hands the page the card document itself, which the page draws', async () => {
  const messenger = createConsoleMessenger({ clock: deps.clock });
  const doc: CardDoc = { title: '待办', color: 'orange', body: [{ kind: 'text', text: [{ text: '3号楼(东)会议室', bold: true }] }] };
  await messenger.sendCard({ openId: 'ou_doc' }, doc);
  const app = new Hono().route('/console', consoleRoutes({ ...deps, messenger, open: false }));
  const p = await new Promise<number>((resolve) => {
    servers.push(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port)) as Server);
  });
  const first = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: p, path: '/console/api/stream?openId=ou_doc', headers: { host: `localhost:${p}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        text += d;
        const line = text.split('\n').find((l) => l.startsWith('data:'));
        if (line) {
          resolve(line.slice(5).trim());
          req.destroy();
        }
      });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
  });
  expect(JSON.parse(first)).toMatchObject({ type: 'message', message: { to: 'ou_doc', kind: 'card', card: doc } });
});
