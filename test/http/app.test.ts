import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, type BotHarness } from '../support/bot-harness.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness();
});
afterAll(() => h.close());

test('/healthz names the database', async () => {
  const res = await h.app.request('/healthz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, db: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
});

test('the coverage API is served at /api/v1 behind the bearer token', async () => {
  expect((await h.app.request('/api/v1/coverage?region=370112')).status).toBe(401);
  const bad = await h.app.request('/api/v1/coverage?region=370112', { headers: { authorization: 'Bearer wrong-token-0123456789' } });
  expect(bad.status).toBe(401);
  const ok = await h.app.request('/api/v1/coverage?region=370112', { headers: { authorization: `Bearer ${h.config.apiToken}` } });
  expect(ok.status).toBe(200);
  const json = (await ok.json()) as { region: { code: string; name: string }; basis: string; total: { inScope: number } };
  expect(json.region).toEqual({ code: '370112', name: '历城区' });
  expect(json.basis).toBe('operating');
  expect(json.total.inScope).toBe(0);
});

test('unknown routes are a JSON 404', async () => {
  const res = await h.app.request('/nope');
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({ error: 'not found' });
});

test('GET / without the console names the service and /healthz', async () => {
  const res = await h.app.request('/');
  expect(res.status).toBe(200);
  const body = await res.text();
  expect(body).toContain('liangxin-bot');
  expect(body).toContain('/healthz');
});

test('GET / redirects to /console when the console is mounted', async () => {
  const { Hono } = await import('hono');
  const { createApp } = await import('../../src/http/app.ts');
  const app = createApp({ database: h.database, config: { ...h.config, feishu: undefined }, mount: [{ path: '/console', app: new Hono() }] } as unknown as Parameters<typeof createApp>[0]);
  const res = await app.request('/');
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe('/console');
});
