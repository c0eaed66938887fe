import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { root } from '../support/db-template.ts';
import { encrypted } from '../fixtures/feishu/bodies.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'lx-worker-'));
// The worker always talks to PostgreSQL (PGlite does not run in workerd); use the suite's server.
// Hyperdrive's local proxy insists on a password in the URL; the trust-auth server ignores it.
const pgUrl = (() => {
  const u = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!u.password) u.password = 'unused';
  return u.toString();
})();
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
