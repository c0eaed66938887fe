import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { policyOverrides } from '../../../src/db/schema/index.ts';
import { ORG_LISTS } from '../../../src/db/ledger/coverage-predicates.ts';
import { computeCoverage, coverageList, UnknownRegionError } from '../../../src/ledger/coverage-service.ts';
import { formatRate } from '../../../src/ledger/coverage-report.ts';
import { DISTRICT_FIGURES, LICHENG, row, syntheticDistrict } from '../../ledger/support/ledger-fixtures.ts';
import { clock, importRows } from './import-kit.ts';
import { inForce } from '../../support/in-force.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
  const { result } = await importRows(t.db, syntheticDistrict());
  expect(result).toMatchObject({ imported: 2440, rejected: 0 });
}, 120_000);
afterAll(async () => {
  await t.drop();
});

describe('the synthetic district of domain.md', () => {
  test('gives exactly 71.3%, 9.6% and 92.9% on the default basis, and says which basis', async () => {
    const r = await computeCoverage(t.db, await inForce(t.db, clock), LICHENG);
    expect(r.region).toEqual({ code: '370112', name: '历城区' });
    expect(r.basis).toBe('operating');
    expect(r.asOf).toBe('2026-11-22');
    expect(r.total).toEqual(DISTRICT_FIGURES);
    expect(r.enterprise).toEqual(DISTRICT_FIGURES);
    expect(r.socialOrg).toEqual({ inScope: 0, partyOrg: 0, standalone: 0, work: 0 });
    expect([formatRate(r.total.partyOrg, r.total.inScope), formatRate(r.total.standalone, r.total.inScope), formatRate(r.total.work, r.total.inScope)]).toEqual(['71.3%', '9.6%', '92.9%']);
  });

  test('children are the 17 streets and add up to the total', async () => {
    const r = await computeCoverage(t.db, await inForce(t.db, clock), LICHENG);
    expect(r.children).toHaveLength(17);
    expect(r.children[0]!.region).toEqual({ code: '370112001', name: '山大路街道' });
    for (const k of ['inScope', 'partyOrg', 'standalone', 'work'] as const) expect(r.children.reduce((s, c) => s + c.total[k], 0)).toBe(r.total[k]);
  });

  test('a street, the city and the province see the same orgs from above', async () => {
    const street = await computeCoverage(t.db, await inForce(t.db, clock), '370112020');
    expect(street.children).toEqual([]);
    const city = await computeCoverage(t.db, await inForce(t.db, clock), '3701');
    expect(city.total).toEqual(DISTRICT_FIGURES);
    expect(city.children.find((c) => c.region.code === '370112')!.total).toEqual(DISTRICT_FIGURES);
    const province = await computeCoverage(t.db, await inForce(t.db, clock), '37');
    expect(province.total).toEqual(DISTRICT_FIGURES);
    expect((await computeCoverage(t.db, await inForce(t.db, clock), '370113')).total.inScope).toBe(0);
  });

  test('every figure opens as the list of orgs behind it, with the same count', async () => {
    const r = await computeCoverage(t.db, await inForce(t.db, clock), LICHENG);
    const expected = { inScope: 2400, partyOrg: 1710, standalone: 230, joint: 1480, work: 2230, noPartyOrg: 690, noWork: 170 };
    for (const list of ORG_LISTS) {
      const page = await coverageList(t.db, await inForce(t.db, clock), { regionCode: LICHENG, list, kind: 'all', limit: 10, offset: 0 });
      expect(page.total, list).toBe(expected[list]);
    }
    const last = await coverageList(t.db, await inForce(t.db, clock), { regionCode: LICHENG, list: 'noWork', kind: 'enterprise', limit: 10, offset: 160 });
    expect(last.items).toHaveLength(10);
    expect(last.items.every((o) => o.name.startsWith('历城待覆盖企业'))).toBe(true);
    expect(r.total.inScope - r.total.work).toBe(170);
  });

  test('bad codes are refused', async () => {
    await expect(computeCoverage(t.db, await inForce(t.db, clock), '370199')).rejects.toBeInstanceOf(UnknownRegionError);
    await expect(computeCoverage(t.db, await inForce(t.db, clock), 'abc')).rejects.toBeInstanceOf(UnknownRegionError);
  });
});

describe('bases and policy', () => {
  test('qualified: orgs with ≥ 3 formal members; above_scale: 规模以上 enterprises', async () => {
    const q = await computeCoverage(t.db, await inForce(t.db, clock), LICHENG, 'qualified');
    expect(q.basis).toBe('qualified');
    expect(q.total).toEqual({ inScope: 230, partyOrg: 230, standalone: 230, work: 230 });
    await importRows(t.db, [row({ 组织名称: '规上甲', 区划代码: '370112001', 职工人数: 120 }), row({ 组织名称: '规上乙', 区划代码: '370112001', '年营业收入（万元）': 2500, 正式党员数: 3, 党组织名称: '中共规上乙支部', 组建方式: '单独组建', 党组织类型: '党支部' })]);
    const a = await computeCoverage(t.db, await inForce(t.db, clock), LICHENG, 'above_scale');
    expect(a.total).toEqual({ inScope: 2, partyOrg: 1, standalone: 1, work: 1 });
  });

  test('功能型 party orgs count only where the policy says so; the region override decides the basis', async () => {
    await importRows(t.db, [row({ 组织名称: '功能型覆盖企业', 区划代码: '370112001', 党组织名称: '历城区流动党员功能型党支部', 组建方式: '联合组建', 党组织类型: '功能型党支部' })]);
    const before = await computeCoverage(t.db, await inForce(t.db, clock), LICHENG);
    expect(before.total.inScope).toBe(2403);
    expect(before.total.partyOrg).toBe(1711);
    await t.db.insert(policyOverrides).values({ regionCode: '370112', settings: { coverage: { functionalCounts: true, basis: 'qualified' } } });
    const after = await computeCoverage(t.db, await inForce(t.db, clock), LICHENG);
    expect(after.basis).toBe('qualified');
    const operating = await computeCoverage(t.db, await inForce(t.db, clock), LICHENG, 'operating');
    expect(operating.total.partyOrg).toBe(1712);
    await t.db.delete(policyOverrides);
  });
});
