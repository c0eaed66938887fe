import { afterAll, beforeAll, expect, test } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { regions } from '../../../src/db/schema/index.ts';
import { ensureRegions, readRegionExtract } from '../../../src/db/regions/ensure-regions.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

const count = async (where?: ReturnType<typeof eq>) => {
  const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(regions).where(where);
  return Number(row!.n);
};

test('the extract is the whole country down to townships', () => {
  const { rows, sha256 } = readRegionExtract();
  expect(rows).toHaveLength(44_703);
  expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(rows.filter((r) => r.level === 4)).toHaveLength(41_352);
  expect(rows.every((r) => r.level === 1 || r.parentCode !== null)).toBe(true);
});

test('after migrate every province, city, county and township is in the table', async () => {
  expect(await count()).toBe(44_703);
  expect(await count(eq(regions.level, 1))).toBe(31);
  expect(await count(eq(regions.level, 2))).toBe(342);
  expect(await count(eq(regions.level, 3))).toBe(2_978);
  expect(await count(eq(regions.level, 4))).toBe(41_352);
  const [sd] = await t.db.select().from(regions).where(eq(regions.code, '37'));
  expect(sd).toEqual({ code: '37', name: '山东省', level: 1, parentCode: null });
});

test('历城区 370112 has its 17 streets, 唐王街道 among them', async () => {
  const [licheng] = await t.db.select().from(regions).where(eq(regions.code, '370112'));
  expect(licheng).toEqual({ code: '370112', name: '历城区', level: 3, parentCode: '3701' });
  const streets = await t.db.select().from(regions).where(eq(regions.parentCode, '370112')).orderBy(asc(regions.code));
  expect(streets.map((s) => s.code.slice(6))).toEqual(
    ['001', '002', '003', '004', '007', '008', '009', '010', '011', '012', '013', '016', '017', '018', '019', '020', '021'],
  );
  expect(streets.find((s) => s.code === '370112020')).toEqual({ code: '370112020', name: '唐王街道', level: 4, parentCode: '370112' });
  expect(streets.map((s) => s.name)).toContain('山大路街道');
});

test('临沭县 371329 has its 9 townships, and the city links up to the province', async () => {
  const towns = await t.db.select().from(regions).where(eq(regions.parentCode, '371329')).orderBy(asc(regions.code));
  expect(towns.map((r) => r.name)).toEqual(['临沭街道', '郑山街道', '蛟龙镇', '大兴镇', '石门镇', '曹庄镇', '青云镇', '玉山镇', '店头镇']);
  const [linyi] = await t.db.select().from(regions).where(eq(regions.code, '3713'));
  expect(linyi).toEqual({ code: '3713', name: '临沂市', level: 2, parentCode: '37' });
  // statistical-only units and municipalities' placeholder cities are kept as in the source
  const [zone] = await t.db.select().from(regions).where(eq(regions.code, '370176'));
  expect(zone?.name).toBe('济南高新技术产业开发区');
  const [beijing] = await t.db.select().from(regions).where(eq(regions.code, '110105'));
  expect(beijing).toEqual({ code: '110105', name: '朝阳区', level: 3, parentCode: '1101' });
});

test('a second run writes nothing; a changed row is repaired', async () => {
  expect(await ensureRegions(t.db)).toBe(0);
  // simulate a hand edit plus a stale fingerprint: only the edited row is written back
  await t.db.update(regions).set({ name: '唐王镇' }).where(eq(regions.code, '370112020'));
  await t.db.execute(sql`comment on table regions is null`);
  expect(await ensureRegions(t.db)).toBe(1);
  const [row] = await t.db.select().from(regions).where(eq(regions.code, '370112020'));
  expect(row?.name).toBe('唐王街道');
  expect(await ensureRegions(t.db)).toBe(0);
});
