/** Addresses as people write them, read by every region look-up on the real database (issue 20 item 2). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { readAddress, regionIndexFor, searchRegionsByName } from '../../../src/db/regions/region-store.ts';
import { searchRegions } from '../../../src/db/leads/workplace-search.ts';
import { matchRegionInText } from '../../../src/db/regions/region-matcher.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

const TABLE: Array<[string, string]> = [
  ['唐王街道', '370112020'],
  ['历城区唐王街道', '370112020'],
  ['济南市历城区唐王街道', '370112020'],
  ['山东省济南市历城区唐王街道', '370112020'],
  ['中国山东省济南市历城区唐王街道', '370112020'],
  ['中国 山东省 济南市 历城区 唐王街道', '370112020'],
  ['山东省历城区唐王街道', '370112020'],
  ['济南市唐王街道', '370112020'],
  ['历城区唐王', '370112020'],
  ['济南市历城区', '370112'],
  ['山东省济南市历城区', '370112'],
  ['中国济南市历城区', '370112'],
  ['历城区', '370112'],
  ['济南市市中区', '370103'],
  ['枣庄市市中区', '370402'],
];

describe('the 我是党员 region step (searchRegions)', () => {
  test.each(TABLE)('%s => %s', async (text, code) => {
    expect((await searchRegions(t.db, text, null)).map((r) => r.code)).toEqual([code]);
  });
  test('a name that repeats stays a choice', async () => {
    expect((await searchRegions(t.db, '市中区', null)).map((r) => r.code)).toEqual(['370103', '370402', '511002', '511102']);
  });
});

describe('the ledger look-up by name (searchRegionsByName)', () => {
  test.each(TABLE)('%s => %s', async (text, code) => {
    expect((await searchRegionsByName(t.db, text)).map((r) => r.code)).toEqual([code]);
  });
});

describe('readAddress: the most specific region, each inside the one before it', () => {
  test('the rest is left for a loose search', async () => {
    expect(await readAddress(t.db, '济南市历城区唐王')).toEqual({ code: '370112', rest: '唐王' });
    expect(await readAddress(t.db, '中国山东省')).toEqual({ code: '37', rest: '' });
  });
  test('nothing is guessed between same-named places', async () => {
    expect(await readAddress(t.db, '市中区')).toEqual({ code: undefined, rest: '市中区' });
  });
});

describe('the coverage words and the ledger resolver (matchRegionInText), scoped to 济南市', () => {
  test.each(TABLE.filter(([, code]) => code.startsWith('3701')))('%s覆盖率 => %s', async (text, code) => {
    const m = matchRegionInText(`${text}覆盖率`, await regionIndexFor(t.db, '3701'));
    expect(m.kind === 'one' ? m.region.code : m).toBe(code);
  });
});
