/**
 * The export's pages: a region subtree in (region, name, id) order, page after page from the last
 * key, by the index range the subtree's bounds give — also for a code ending in 9, whose upper
 * bound is the next code by digits.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { exportPage, type ExportKey } from '../../../src/db/ledger/ledger-export-query.ts';
import { orgs } from '../../../src/db/schema/ledger.ts';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDb();
  const rows = [
    ['甸柳甲', '370102009'],
    ['甸柳乙', '370102009'],
    ['甸柳丙', '370102009'],
    ['邻街', '370102010'],
    ['七里山', '370103009'],
    ['历下区直属', '370102'],
  ] as const;
  await d.db.insert(orgs).values(rows.map(([name, regionCode]) => ({ name: `${name}公司`, kind: 'enterprise' as const, regionCode })));
});
afterAll(() => d.drop());

async function all(region: string, pageSize: number): Promise<string[]> {
  const out: string[] = [];
  let after: ExportKey | null = null;
  for (;;) {
    const page = await exportPage(d.db, region, after, pageSize);
    out.push(...page.map((r) => `${r.regionCode} ${r.name}`));
    if (page.length < pageSize) return out;
    after = page[page.length - 1]!;
  }
}

test('a township ending in 9: its own orgs only, in order, the same one page or one row at a time', async () => {
  const one = await all('370102009', 100);
  expect(one).toEqual(['370102009 甸柳丙公司', '370102009 甸柳乙公司', '370102009 甸柳甲公司'].sort());
  expect(await all('370102009', 1)).toEqual(one);
});

test('a district: its townships and its own orgs, not the next district', async () => {
  const district = await all('370102', 2);
  expect(district).toHaveLength(5);
  expect(district.every((r) => r.startsWith('370102'))).toBe(true);
  expect(await all('370103', 2)).toEqual(['370103009 七里山公司']);
  expect(await all('37', 4)).toHaveLength(6);
});
