import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { people } from '../../src/db/schema/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

test('the test database is migrated and answers', async () => {
  expect(await t.ping()).toBe(true);
  expect(t.kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  const [row] = await t.db.insert(people).values({ name: '张三', mobile: '13800000000' }).returning();
  expect(row!.id).toMatch(/[0-9a-f-]{36}/);
  const r = await t.db.execute(sql`select current_setting('TimeZone') as tz`);
  expect((r as unknown as { rows?: unknown[] }).rows ?? r).toBeTruthy();
});
