import { afterAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.ts';
import { fixedClock } from '../../src/clock.ts';
import { createDb } from '../../src/db/create-db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { seedPerson } from '../support/seed.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function cli(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env: { LOG_LEVEL: 'silent', ...env }, out: (l) => out.push(l), err: (l) => err.push(l), clock: fixedClock('2026-11-20T02:00:00Z') });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** An empty database of its own: a fresh PostgreSQL database when DATABASE_URL is set, else a PGlite DATA_DIR. */
async function emptyTarget(): Promise<{ env: Record<string, string>; addPerson(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const d: TestDatabase = await createTestDb();
    cleanups.push(() => d.drop());
    return { env: { DATABASE_URL: d.url! }, addPerson: async () => void (await seedPerson(d.db, { name: '真实用户', openId: 'ou_real', roles: [] })) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'lx-seed-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return {
    env: { DATA_DIR: dir },
    async addPerson() {
      const d = await createDb({ dataDir: dir });
      await migrate(d.db);
      await seedPerson(d.db, { name: '真实用户', openId: 'ou_real', roles: [] });
      await d.close();
    },
  };
}

test('cli seed-demo fills an empty database once; a second run does nothing', async () => {
  const t = await emptyTarget();
  const first = await cli(['seed-demo'], t.env);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/^demo data seeded in [\d.]+ s: 300 orgs on 17 streets, \d+ party orgs, 37 people, \d+ meetings, \d+ visits, \d+ leads$/);
  const second = await cli(['seed-demo'], t.env);
  expect(second).toEqual({ code: 0, out: 'the demo data is already there; nothing to do', err: '' });
}, 90_000);

test('cli seed-demo refuses a database that holds data, and takes no arguments', async () => {
  const t = await emptyTarget();
  await t.addPerson();
  const r = await cli(['seed-demo'], t.env);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/^the database already holds data; seed-demo only fills an empty database/);
  expect((await cli(['seed-demo', '--force'], t.env)).code).toBe(2);
  expect((await cli(['help'], {})).out).toContain('seed-demo');
}, 90_000);
