/** `cli reminders run [--now] [--dry-run]` against the configured database. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../src/clock.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { createDb } from '../../src/db/create-db.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/database.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { setupServer } from 'msw/node';
import { linkIdentities } from '../../src/db/stores/identity-store.ts';
import { DT_APP } from '../fixtures/dingtalk/bodies.ts';
import { DT_BASE, installDingtalkStandIn } from '../support/dingtalk-openapi.ts';
import { seedPerson } from '../support/seed.ts';
import { held, outbox, partyOrg, reminderRows, secretary } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'lx-reminders-cli-'));
let t: TestDatabase | undefined;
let env: Record<string, string>;

/** The database the CLI will open, for seeding and checking (closed again before the CLI runs on PGlite). */
async function open(): Promise<Database> {
  if (t) return t;
  const d = await createDb({ databaseUrl: undefined, dataDir: join(dir, 'data') });
  await migrate(d.db);
  return d;
}
async function done(d: Database) {
  if (!t) await d.close();
}

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    t = await createTestDb();
    env = { DATABASE_URL: t.url!, LOG_LEVEL: 'silent' };
  } else env = { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
  const d = await open();
  const po = await partyOrg(d.db, { name: '唐王科技党支部' });
  await secretary(d.db, po.id, '王书记');
  await held(d.db, po.id, 'committee', ['2026-01-06']);
  await done(d);
}, 120_000);
afterAll(async () => {
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  return cliWith({}, ...argv);
}
async function cliWith(extraEnv: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env: { ...env, ...extraEnv }, out: (l) => out.push(l), err: (l) => err.push(l), clock: fixedClock('2026-03-27T01:05:00Z') });
  return { code, out, err };
}

test('--dry-run prints who would get what, and keeps nothing', async () => {
  const r = await cli('reminders', 'run', '--now', '2026-03-27T09:05:00+08:00', '--dry-run');
  expect(r.code).toBe(0);
  const text = r.out.join('\n');
  expect(text).toContain('2026-03-27 09:05 Asia/Shanghai): working day, inside the send window');
  expect(text).toContain('王书记 (digest');
  expect(text).toContain('唐王科技党支部：2026年2月支委会未按期召开');
  expect(r.out.at(-1)).toMatch(/^would send 1 message \(\d+ new reminders\); dry run: nothing sent, nothing kept$/);
  const d = await open();
  expect(await reminderRows(d.db)).toEqual([]);
  expect(await outbox(d.db)).toEqual([]);
  await done(d);
}, 60_000);

test('a day off and an early hour say so', async () => {
  expect((await cli('reminders', 'run', '--now', '2026-02-17T09:05:00+08:00', '--dry-run')).out.join('\n')).toContain('no reminders are sent on a day off');
  expect((await cli('reminders', 'run', '--now', '2026-03-27T08:00:00+08:00', '--dry-run')).out.join('\n')).toContain('not digest time yet');
  expect((await cli('reminders', 'run', '--now', '2026-02-17T09:05:00+08:00')).out).toEqual(['2026-02-17 is not a working day: nothing planned, nothing sent']);
}, 60_000);

test('run plans and sends (to the console messenger without a Feishu app); a rerun sends nothing more', async () => {
  const r = await cli('reminders', 'run', '--now', '2026-03-27T09:05:00+08:00');
  expect(r.code).toBe(0);
  expect(r.out[0]).toMatch(/^planned \d+ new reminders into 1 new digests for 2026-03-27$/);
  expect(r.out[1]).toBe('sent 1, retrying 0, failed 0, skipped 0');
  const again = await cli('reminders', 'run', '--now', '2026-03-27T09:10:00+08:00');
  expect(again.out[0]).toBe('planned 0 new reminders into 0 new digests for 2026-03-27');
  expect(again.out[1]).toBe('sent 0, retrying 0, failed 0, skipped 0');
  expect(again.out).toContain('  digest sent: 1');
  // --full plans everything again and, nothing having been missed, finds nothing new either.
  const full = await cli('reminders', 'run', '--now', '2026-03-27T09:12:00+08:00', '--full');
  expect(full.code).toBe(0);
  expect(full.out[0]).toBe('planned 0 new reminders into 0 new digests for 2026-03-27');
}, 60_000);

test('bad arguments', async () => {
  expect((await cli('reminders')).code).toBe(2);
  expect((await cli('reminders', 'run', '--now', 'yesterday')).code).toBe(1);
  expect((await cli('reminders', 'run', '--later')).code).toBe(2);
});

test('run with only DingTalk configured sends through DingTalk, to a person who is only on DingTalk', async () => {
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'bypass' });
  const dt = installDingtalkStandIn(server);
  try {
    const d = await open();
    const po = await partyOrg(d.db, { name: '钉钉科技党支部' });
    const id = await seedPerson(d.db, { name: '钉书记', roles: [{ role: 'secretary', partyOrgId: po.id }] });
    await d.db.transaction((tx) => linkIdentities(tx, 'dingtalk', [{ personId: id, externalId: 'u-cli' }], new Date()));
    await held(d.db, po.id, 'committee', ['2026-01-06']);
    await done(d);
    const dingtalk = { DINGTALK_CLIENT_ID: DT_APP.clientId, DINGTALK_CLIENT_SECRET: DT_APP.clientSecret, DINGTALK_API: DT_BASE, DINGTALK_MODE: 'http' };
    const r = await cliWith(dingtalk, 'reminders', 'run', '--now', '2026-03-27T09:20:00+08:00');
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out[1]).toBe('sent 1, retrying 0, failed 0, skipped 0');
    const sent = dt.to('/v1.0/robot/oToMessages/batchSend');
    expect(sent.map((c) => c.body.userIds)).toEqual([['u-cli']]);
    expect(JSON.parse(sent[0]!.body.msgParam).text).toContain('钉钉科技党支部');
  } finally {
    server.close();
  }
}, 60_000);
