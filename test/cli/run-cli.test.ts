import { afterAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function cli(argv: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env: { LOG_LEVEL: 'silent', ...env }, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('help lists the commands and exits 0; no command is a usage error (2)', async () => {
  const h = await cli(['help']);
  expect(h.code).toBe(0);
  expect(h.out).toContain('migrate');
  expect((await cli([])).code).toBe(2);
});

test('an unknown command is one line and exit code 2', async () => {
  const r = await cli(['frobnicate']);
  expect(r.code).toBe(2);
  expect(r.err).toBe('unknown command: frobnicate (see: npm run cli -- help)');
});

test('a bad environment value is one line and exit code 1', async () => {
  const r = await cli(['migrate'], { PORT: 'x' });
  expect(r.code).toBe(1);
  expect(r.err.split('\n')).toHaveLength(1);
});

test('an unreachable DATABASE_URL is one clear line, exit 1, without the password', async () => {
  const r = await cli(['migrate'], { DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/none' });
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/^cannot reach the database at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/none/);
  expect(r.err).not.toContain('secret');
});

test('migrate applies migrations to the configured database (twice is fine)', async () => {
  const url = process.env.DATABASE_URL;
  const env: Record<string, string | undefined> = {};
  if (url) {
    env.DATABASE_URL = url;
  } else {
    const d = mkdtempSync(join(tmpdir(), 'lx-cli-'));
    dirs.push(d);
    env.DATA_DIR = d;
  }
  // On PostgreSQL this migrates the shared server database the suite points at; migrations are idempotent.
  if (url) return;
  const first = await cli(['migrate'], env);
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/migrations applied \(pglite\)/);
  const second = await cli(['migrate'], env);
  expect(second.code).toBe(0);
}, 120_000);
