import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { people, personIdentities } from '../../../src/db/schema/index.ts';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
}, 60_000);
afterAll(() => t.drop());

const migration = readFileSync(new URL('../../../migrations/0003_person_identities.sql', import.meta.url), 'utf8').split('--> statement-breakpoint');

test("migration 0003's backfill gives every person with an open_id their Feishu identity, and only them", async () => {
  await t.db.insert(people).values([
    { name: '甲', mobile: '13500000001', openId: 'ou_backfill_a' },
    { name: '乙', mobile: '13500000002', openId: null },
  ]);
  // As the table was when the migration ran: empty.
  await t.db.delete(personIdentities);
  await t.db.execute(sql.raw(migration.at(-1)!));
  const rows = await t.db.select({ channel: personIdentities.channel, externalId: personIdentities.externalId }).from(personIdentities);
  expect(rows).toEqual([{ channel: 'feishu', externalId: 'ou_backfill_a' }]);
});

test('one identity per person and messenger; an unknown channel is refused', async () => {
  const [p] = await t.db.select({ id: people.id }).from(people).where(sql`${people.openId} = 'ou_backfill_a'`);
  await expect(t.db.insert(personIdentities).values({ personId: p!.id, channel: 'feishu', externalId: 'ou_other' })).rejects.toThrow();
  await expect(t.db.insert(personIdentities).values({ personId: p!.id, channel: 'wecom' as 'feishu', externalId: 'x' })).rejects.toThrow();
  await t.db.insert(personIdentities).values({ personId: p!.id, channel: 'dingtalk', externalId: 'staff-a' });
  await t.db.delete(people).where(sql`${people.id} = ${p!.id}`);
  expect(await t.db.select().from(personIdentities)).toEqual([]);
});
