import { afterEach, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import { fixedClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import { createManualDefer } from '../../src/runtime/defer.ts';
import { nodeStartupTasks, type NodeParts } from '../../src/runtime/node-extras.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.drop();
  database = undefined;
});

async function startWith(env: Record<string, string>): Promise<number> {
  database = await createTestDb();
  const clock = fixedClock('2026-11-20T02:00:00Z');
  const parts = {
    config: parseConfig({ LOG_LEVEL: 'silent', ...env }),
    database,
    messenger: createConsoleMessenger({ clock }),
    clock,
    logger: silentLogger,
    defer: createManualDefer(),
    bot: {} as NodeParts['bot'],
    dedupe: {} as NodeParts['dedupe'],
    app: {} as Hono,
  };
  await nodeStartupTasks(parts);
  const r = (await database.db.execute(sql`select count(*)::int n from orgs`)) as unknown as { rows?: Array<{ n: number }> } | Array<{ n: number }>;
  return (Array.isArray(r) ? r : r.rows!)[0]!.n;
}

test('npm start with no environment seeds the demo on the empty embedded database', async () => {
  expect(await startWith({})).toBe(300);
}, 60_000);

test('npm start never seeds a DATABASE_URL database, nor a deployment with a Feishu app', async () => {
  // The database given is empty either way; only the configuration differs.
  expect(await startWith({ DATABASE_URL: 'postgres://u@127.0.0.1:1/elsewhere' })).toBe(0);
  await database!.drop();
  database = undefined;
  expect(
    await startWith({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 'v', FEISHU_ENCRYPT_KEY: 'k' }),
  ).toBe(0);
}, 60_000);
