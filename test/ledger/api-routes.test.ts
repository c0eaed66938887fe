import { afterAll, beforeAll, expect, test } from 'vitest';
import { Hono } from 'hono';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { apiRoutes } from '../../src/http/api-routes.ts';
import { DISTRICT_FIGURES, syntheticDistrict } from './support/ledger-fixtures.ts';
import { clock, importRows } from '../db/ledger/import-kit.ts';

const TOKEN = 'test-api-token-0123456789';
let t: TestDatabase;
let app: Hono;

beforeAll(async () => {
  t = await createTestDb();
  await importRows(t.db, syntheticDistrict());
  app = new Hono().route('/api/v1', apiRoutes({ database: t, clock, apiToken: TOKEN }));
}, 120_000);
afterAll(async () => {
  await t.drop();
});

const get = (path: string, token: string | null = TOKEN) => app.request(path, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });

test('the synthetic district through the API: the JSON of interfaces.md with the same figures', async () => {
  const res = await get('/api/v1/coverage?region=370112');
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, any>;
  expect(Object.keys(body)).toEqual(['region', 'basis', 'asOf', 'total', 'enterprise', 'socialOrg', 'children']);
  expect(body.region).toEqual({ code: '370112', name: '历城区' });
  expect(body.basis).toBe('operating');
  expect(body.asOf).toBe('2026-11-22');
  expect(body.total).toEqual(DISTRICT_FIGURES);
  expect(body.children).toHaveLength(17);
  expect(Object.keys(body.children[0])).toEqual(['region', 'total', 'enterprise', 'socialOrg']);
});

test('basis can be chosen and is named in the answer', async () => {
  const body = (await (await get('/api/v1/coverage?region=370112&basis=qualified')).json()) as Record<string, any>;
  expect(body.basis).toBe('qualified');
  expect(body.total.inScope).toBe(230);
});

test('401 without the token or with a wrong one', async () => {
  expect((await get('/api/v1/coverage?region=370112', null)).status).toBe(401);
  expect((await get('/api/v1/coverage?region=370112', 'wrong-token-0123456789')).status).toBe(401);
  expect((await get('/api/v1/coverage?region=370112', TOKEN.slice(0, -1))).status).toBe(401);
  const basic = await app.request('/api/v1/coverage?region=370112', { headers: { authorization: `Basic ${TOKEN}` } });
  expect(basic.status).toBe(401);
  expect(basic.headers.get('www-authenticate')).toMatch(/^Bearer/);
});

test('400 for a bad or unknown region code or basis', async () => {
  for (const q of ['', 'region=', 'region=abc', 'region=3701121', 'region=370199', 'region=370112&basis=frozen', 'region=370112&basis=x']) {
    const res = await get(`/api/v1/coverage?${q}`);
    expect(res.status, q).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^bad /);
  }
});

test('the API is off (404) when no token is configured', async () => {
  const off = new Hono().route('/api/v1', apiRoutes({ database: t, clock }));
  expect((await off.request('/api/v1/coverage?region=370112', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
});
