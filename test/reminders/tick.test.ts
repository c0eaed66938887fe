/** The same idempotent tick on both runtimes: runTick with the reminders hook, run twice. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { runTick } from '../../src/runtime/tick.ts';
import { createDedupe } from '../../src/db/stores/dedupe-store.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { remindersTick } from '../../src/reminders/runner.ts';
import { held, partyOrg, remindersDeps, secretary } from './support.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database.drop();
});

test('node-cron’s 09:00 Shanghai and the Worker’s 01:00 UTC trigger run the same tick; twice sends once', async () => {
  const po = await partyOrg(database.db);
  const sec = await secretary(database.db, po.id);
  await held(database.db, po.id, 'committee', ['2026-01-06']);
  const { deps, messenger } = remindersDeps(database.db, '2026-03-27T01:00:00Z');
  const hook = remindersTick(deps);
  const parts = { dedupe: createDedupe(database.db), logger: silentLogger };
  // The Worker's scheduledTime (UTC) and node-cron's firing (Asia/Shanghai) are the same instant.
  await runTick(parts, new Date('2026-03-27T01:00:00Z'), [hook]);
  await runTick(parts, new Date('2026-03-27T09:00:00+08:00'), [hook]);
  expect(messenger.messages(sec.openId)).toHaveLength(1);
});
