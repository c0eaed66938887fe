/** The prebuilt PGlite directory a first start copies instead of running initdb (issue 12 item 2). */
import { afterAll, expect, test } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb, pgliteDirOf } from '../../src/db/create-db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { buildPgliteTemplate, pgliteOpening } from '../../src/db/pglite-template.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'lx-template-'));
  dirs.push(d);
  return d;
};

test('an empty DATA_DIR is opened from the template, fully migrated with every region, and is its own copy afterwards', async () => {
  await buildPgliteTemplate();
  const config = { databaseUrl: undefined, dataDir: tempDir() };
  expect(pgliteOpening(pgliteDirOf(config))).toBe('template');
  const d = await createDb(config);
  try {
    // Nothing left for migrate to do: the migrations and the region extract came with the copy.
    expect(await migrate(d.db)).toEqual({ regionsLoaded: 0 });
    const rows = await d.db.execute(sql`select count(*)::int as n from regions`);
    expect((rows as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(44_703);
    await d.db.execute(sql`insert into people (name) values ('张三')`);
  } finally {
    await d.close();
  }
  expect(pgliteOpening(pgliteDirOf(config))).toBe('existing');
  // The write went to the copy, not to the template: a second empty DATA_DIR starts clean.
  const other = await createDb({ databaseUrl: undefined, dataDir: tempDir() });
  try {
    const rows = await other.db.execute(sql`select count(*)::int as n from people`);
    expect((rows as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(0);
  } finally {
    await other.close();
  }
}, 120_000);

test('a directory that already holds files is left to PGlite, never overwritten by the template', () => {
  const dir = join(tempDir(), 'pglite');
  mkdirSync(dir);
  writeFileSync(join(dir, 'something'), 'x');
  expect(pgliteOpening(dir)).toBe('existing');
});
