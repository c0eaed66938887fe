import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import {
  ancestorCodesOf,
  ancestorsOf,
  childrenOf,
  getRegion,
  getRegions,
  isWithin,
  levelOfCode,
  regionIndexFor,
  searchRegionsByName,
  subtreeOf,
} from '../../../src/db/regions/region-store.ts';
import { matchRegionInText } from '../../../src/db/regions/region-matcher.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

const codes = (rows: { code: string }[]) => rows.map((r) => r.code);

test('codes: level, ancestors and scope by prefix', () => {
  expect(levelOfCode('37')).toBe(1);
  expect(levelOfCode('3701')).toBe(2);
  expect(levelOfCode('370112')).toBe(3);
  expect(levelOfCode('370112020')).toBe(4);
  expect(levelOfCode('37011')).toBeUndefined();
  expect(levelOfCode('37a1')).toBeUndefined();
  expect(ancestorCodesOf('370112020')).toEqual(['37', '3701', '370112']);
  expect(ancestorCodesOf('37')).toEqual([]);
  for (const a of ['370112', '3701', '37', '370112020']) expect(isWithin('370112020', a)).toBe(true);
  expect(isWithin('370112020', '370113')).toBe(false);
  expect(isWithin('370112', '370112020')).toBe(false);
  expect(isWithin('370112', '')).toBe(false);
  expect(isWithin('370112', '3701%')).toBe(false);
});

test('getRegion and getRegions', async () => {
  expect(await getRegion(t.db, '370112020')).toEqual({ code: '370112020', name: '唐王街道', level: 4, parentCode: '370112' });
  expect(await getRegion(t.db, '999999')).toBeUndefined();
  expect(codes(await getRegions(t.db, ['370112', '999999', '37']))).toEqual(['370112', '37']);
  expect(await getRegions(t.db, [])).toEqual([]);
});

test('childrenOf, ancestorsOf and subtreeOf', async () => {
  const counties = await childrenOf(t.db, '3713');
  expect(counties.map((r) => r.name)).toContain('临沭县');
  expect(counties.at(-1)).toMatchObject({ code: '371371', name: '临沂高新技术产业开发区' });
  expect((await ancestorsOf(t.db, '370112020')).map((r) => r.name)).toEqual(['山东省', '济南市', '历城区']);
  expect(await ancestorsOf(t.db, '37')).toEqual([]);
  const sub = await subtreeOf(t.db, '370112');
  expect(sub).toHaveLength(18);
  expect(sub[0]!.code).toBe('370112');
  expect(await subtreeOf(t.db, '3701', 3)).toHaveLength(14);
});

test('searchRegionsByName: exact, then without suffix, then contains; scoped', async () => {
  expect(codes(await searchRegionsByName(t.db, '唐王街道'))).toEqual(['370112020']);
  expect(codes(await searchRegionsByName(t.db, '市中区'))).toEqual(['370103', '370402', '511002', '511102']);
  expect(codes(await searchRegionsByName(t.db, '市中区', '37'))).toEqual(['370103', '370402']);
  expect(codes(await searchRegionsByName(t.db, ' 市中区 ', '3701'))).toEqual(['370103']);
  // suffix left off, or the wrong suffix
  expect(codes(await searchRegionsByName(t.db, '唐王', '3701'))).toEqual(['370112020']);
  expect(codes(await searchRegionsByName(t.db, '唐王镇', '3701'))).toEqual(['370112020']);
  expect(codes(await searchRegionsByName(t.db, '历城', '37'))).toEqual(['370112']);
  // contained
  const zones = await searchRegionsByName(t.db, '高新技术', '37');
  expect(zones[0]).toMatchObject({ code: '370176', name: '济南高新技术产业开发区' });
  expect(zones.length).toBeGreaterThan(5);
  expect(zones.every((z) => z.code.startsWith('37') && z.name.includes('高新技术'))).toBe(true);
  expect(await searchRegionsByName(t.db, '朝阳区', '3701')).toEqual([]);
  expect(await searchRegionsByName(t.db, '%')).toEqual([]);
  expect(await searchRegionsByName(t.db, '')).toEqual([]);
  expect(await searchRegionsByName(t.db, '唐王', '37%')).toEqual([]);
  expect(await searchRegionsByName(t.db, '城关镇', undefined, 5)).toHaveLength(5);
});

test('regionIndexFor builds a scope index once and matches within it', async () => {
  const a = regionIndexFor(t.db, '3701');
  expect(regionIndexFor(t.db, '3701')).toBe(a);
  const index = await a;
  expect(matchRegionInText('唐旺街道的覆盖率', index)).toMatchObject({ kind: 'one', how: 'pinyin', region: { code: '370112020' } });
  expect(matchRegionInText('济南市覆盖率', index)).toMatchObject({ kind: 'one', region: { code: '3701' }, parentName: '山东省' });
  expect(matchRegionInText('朝阳区覆盖率', index)).toEqual({ kind: 'none' });
});
