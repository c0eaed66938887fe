import { expect, test } from 'vitest';
import { serve } from '@hono/node-server';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { serverLimits } from '../../src/runtime/server-limits.ts';

test('a client that never finishes its headers is disconnected by the server', async () => {
  const app = new Hono().get('/', (c) => c.text('ok'));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: serverLimits({ headersMs: 200, requestMs: 400, checkEveryMs: 50 }) });
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const sock = connect(port, '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  sock.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
  const started = Date.now();
  const reply = await new Promise<string>((resolve) => {
    let got = '';
    sock.on('data', (d) => (got += d.toString()));
    sock.once('close', () => resolve(got));
  });
  // Without the limits Node would keep this socket for 300 s (the test would time out).
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(reply).toMatch(/^HTTP\/1.1 408/);
  await new Promise((r) => server.close(r));
}, 5_000);

test('the production defaults are bounded', () => {
  const o = serverLimits();
  expect(o.headersTimeout).toBeLessThanOrEqual(10_000);
  expect(o.requestTimeout).toBeLessThanOrEqual(30_000);
  expect(o.connectionsCheckingInterval).toBeLessThanOrEqual(1_000);
});
