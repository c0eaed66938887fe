import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { root } from '../support/db-template.ts';
import { encrypted } from '../fixtures/feishu/bodies.ts';
import { DT_APP, robotText, signedHeaders } from '../fixtures/dingtalk/bodies.ts';
import { installDingtalkStandIn } from '../support/dingtalk-openapi.ts';
import { startLoopbackMsw } from '../support/loopback-msw.ts';
import { createTestDb } from '../support/test-db.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'lx-worker-'));
// The worker always talks to PostgreSQL (PGlite does not run in workerd); use the suite's server.
// Hyperdrive's local proxy insists on a password in the URL; the trust-auth server ignores it.
const withPassword = (url: string) => {
  const u = new URL(url);
  if (!u.password) u.password = 'unused';
  return u.toString();
};
const pgUrl = withPassword(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
let mf: Miniflare;

beforeAll(async () => {
  // The production bundle, built offline by wrangler itself (no login, no network).
  await run(join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', out], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_TELEMETRY_DISABLED: '1', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_LOG: 'error' },
  });
  mf = new Miniflare({
    modules: true,
    scriptPath: join(out, 'worker.js'),
    // Module names are relative to this root; a path outside it ("..") makes workerd refuse to start.
    modulesRoot: out,
    compatibilityDate: '2026-04-20',
    compatibilityFlags: ['nodejs_compat'],
    hyperdrives: { HYPERDRIVE: pgUrl },
    bindings: { LOG_LEVEL: 'silent' },
  });
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  rmSync(out, { recursive: true, force: true });
});

test('the bundled worker answers /healthz under workerd through Hyperdrive', async () => {
  const res = await mf.dispatchFetch('http://localhost/healthz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, db: 'postgres' });
});

test('the worker refuses a forged Feishu event when an app is configured', async () => {
  const mf2 = new Miniflare({
    modules: true,
    scriptPath: join(out, 'worker.js'),
    // Module names are relative to this root; a path outside it ("..") makes workerd refuse to start.
    modulesRoot: out,
    compatibilityDate: '2026-04-20',
    compatibilityFlags: ['nodejs_compat'],
    hyperdrives: { HYPERDRIVE: pgUrl },
    bindings: {
      LOG_LEVEL: 'silent',
      FEISHU_APP_ID: 'cli_test',
      FEISHU_APP_SECRET: 'secret',
      FEISHU_VERIFICATION_TOKEN: 'vtoken',
      FEISHU_ENCRYPT_KEY: 'ekey',
    },
  });
  try {
    const res = await mf2.dispatchFetch('http://localhost/feishu/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lark-signature': 'forged', 'x-lark-request-timestamp': '1', 'x-lark-request-nonce': 'n' },
      body: JSON.stringify({ encrypt: 'AAAA' }),
    });
    expect([400, 401]).toContain(res.status);
    // The real protocol works in workerd too: an encrypted challenge is decrypted and answered.
    const challenge = await mf2.dispatchFetch('http://localhost/feishu/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(await encrypted({ type: 'url_verification', token: 'vtoken', challenge: 'ch-worker' }, 'ekey')),
    });
    expect(challenge.status).toBe(200);
    expect(await challenge.json()).toEqual({ challenge: 'ch-worker' });
  } finally {
    await mf2.dispose();
  }
});

test('the Cron Trigger runs the tick under workerd', async () => {
  const worker = (await mf.getWorker()) as unknown as { scheduled(o: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }> };
  const r = await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: new Date('2026-11-23T01:00:00Z') });
  expect(r.outcome).toBe('ok');
});

// The answer needs the schema (dedupe, decks): a migrated database of its own, which the suite
// clones from its PostgreSQL template on PostgreSQL runs only (workerd cannot reach PGlite).
test.skipIf(!process.env.DATABASE_URL)('the worker answers a signed DingTalk HTTP callback under workerd and refuses a forged one', async () => {
  const database = await createTestDb();
  // workerd's fetch leaves this process: the OpenAPI stand-in listens on a loopback port.
  const loopback = await startLoopbackMsw();
  const dt = installDingtalkStandIn(loopback.server, loopback.base);
  const mf2 = new Miniflare({
    modules: true,
    scriptPath: join(out, 'worker.js'),
    modulesRoot: out,
    compatibilityDate: '2026-04-20',
    compatibilityFlags: ['nodejs_compat'],
    hyperdrives: { HYPERDRIVE: withPassword(database.url!) },
    // No DINGTALK_MODE: on Workers it is http by default.
    bindings: { LOG_LEVEL: 'silent', DINGTALK_CLIENT_ID: DT_APP.clientId, DINGTALK_CLIENT_SECRET: DT_APP.clientSecret, DINGTALK_API: loopback.base },
  });
  try {
    // A staff id no roster holds: the guest card.
    const body = JSON.stringify(robotText('你好', { staffId: 'staffworker', msgId: 'msgworker1' }));
    const post = (headers: Record<string, string>) => mf2.dispatchFetch('http://localhost/dingtalk/events', { method: 'POST', headers, body });

    const forged = await post(signedHeaders(Date.now(), 'not-the-app-secret'));
    expect(forged.status).toBe(401);
    const stale = await post(signedHeaders(Date.now() - 2 * 60 * 60 * 1000));
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    // The forgeries reached nothing: no answer, no token fetched.
    expect(dt.calls).toHaveLength(0);

    const signed = await post(signedHeaders(Date.now()));
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({});
    // The answer goes out in waitUntil, after the acknowledgement: one message to the sender.
    const sends = () => dt.to('/v1.0/robot/oToMessages/batchSend');
    for (let i = 0; i < 300 && sends().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(sends()).toHaveLength(1);
    expect(sends()[0]!.body.userIds).toEqual(['staffworker']);

    // DingTalk retries the same msgId: acknowledged, not answered twice.
    const again = await post(signedHeaders(Date.now()));
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(sends()).toHaveLength(1);
  } finally {
    await mf2.dispose();
    await loopback.close();
    await database.drop();
  }
}, 120_000);
