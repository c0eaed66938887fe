import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { people, policyOverrides } from '../../../src/db/schema/index.ts';
import { LICHENG_370112, LINSHU_371329 } from '../../../src/domain/policy/index.ts';
import { complianceListFor, complianceOverview } from '../../../src/ledger/compliance-service.ts';
import type { CheckId } from '../../../src/ledger/compliance-checks.ts';
import { row, type Row } from '../../ledger/support/ledger-fixtures.ts';
import { clock, importRows } from './import-kit.ts';
import { inForce } from '../../support/in-force.ts';

let t: TestDatabase;
const LC = '370112020'; // 唐王街道, 历城区
const LS = '371329001'; // 临沭街道, 临沭县

const joint = (name: string, po: string, extra: Row = {}) => row({ 组织名称: name, 区划代码: LC, 党组织名称: po, 组建方式: '联合组建', 党组织类型: '联合党支部', ...extra });
const standalone = (name: string, extra: Row = {}) => row({ 组织名称: name, 区划代码: LC, 党组织名称: `中共${name}支部`, 组建方式: '单独组建', 党组织类型: '党支部', ...extra });

beforeAll(async () => {
  t = await createTestDb();
  await t.db.insert(policyOverrides).values([LICHENG_370112, LINSHU_371329].map((o) => ({ regionCode: o.regionCode, settings: o.settings as Record<string, unknown> })));
  await t.db.insert(people).values([
    { name: '赵指导', mobile: '13600000001' },
    { name: '钱指导', mobile: '13600000002' },
  ]);
  const rows: Row[] = [
    // F1: 3 formal members and no party org; F1b: 2 + 1 untransferred counts in 历城 (兼合式)
    row({ 组织名称: 'F1三名党员', 区划代码: LC, 正式党员数: 3 }),
    row({ 组织名称: 'F1b兼合式', 区划代码: LC, 正式党员数: 2, 未转组织关系党员数: 1 }),
    row({ 组织名称: '临沭两名党员一名未转', 区划代码: LS, 职工人数: 5, 正式党员数: 2, 未转组织关系党员数: 1 }),
    row({ 组织名称: '停业不计', 区划代码: LC, 经营状态: '停业', 正式党员数: 9 }),
    // F5: inside a joint org with enough members to stand alone
    joint('F5联建三名党员', '唐王联合一支部', { 正式党员数: 3 }),
    // F4: a joint party org over 5 orgs
    ...Array.from({ length: 6 }, (_, i) => joint(`F4联建${i}`, '唐王超大联合支部')),
    // F6: 60 members in a 党支部, 120 in a 党总支; 60 in a 党总支 is right
    standalone('F6六十人支部', { 正式党员数: 55, 预备党员数: 5 }),
    standalone('F6一百二十人总支', { 正式党员数: 120, 党组织类型: '党总支' }),
    standalone('F6六十人总支', { 正式党员数: 60, 党组织类型: '党总支' }),
    // T1 / T2
    row({ 组织名称: 'T1五十人无党员', 区划代码: LC, 职工人数: 50 }),
    row({ 组织名称: 'T2百人未建', 区划代码: LC, 职工人数: 100, 正式党员数: 1 }),
    // T3: key social orgs
    row({ 组织名称: 'T3民办学校', 区划代码: LC, 组织类别: '社会组织', 细分类型: '民办学校', 职工人数: 30 }),
    row({ 组织名称: 'T3民办医院', 区划代码: LC, 组织类别: '社会组织', 细分类型: '民办医院（医疗机构）', 职工人数: 35 }),
    row({ 组织名称: '社团不属T3', 区划代码: LC, 组织类别: '社会组织', 细分类型: '行业协会商会', 职工人数: 40 }),
    // T4 (临沭 only): 规模以上 without a standalone party org
    joint('T4临沭规上联建', '临沭联合支部', { 区划代码: LS, '年营业收入（万元）': 2500 }),
    joint('历城规上联建不查T4', '唐王联合二支部', { '年营业收入（万元）': 2500 }),
    // T5 (临沭 only): ≥10 employees without a party org; social orgs ≥15 staff without members
    row({ 组织名称: 'T5临沭十人企业', 区划代码: LS, 职工人数: 10 }),
    row({ 组织名称: 'T5临沭社会组织', 区划代码: LS, 组织类别: '社会组织', 职工人数: 15 }),
    row({ 组织名称: '历城十人企业不查T5', 区划代码: LC, 职工人数: 10 }),
    // I1: 赵 guides 6 orgs with party orgs; I2: 钱 guides 4 without
    ...Array.from({ length: 6 }, (_, i) => standalone(`I1单建${i}`, { 党建工作指导员手机号: '13600000001' })),
    ...Array.from({ length: 4 }, (_, i) => row({ 组织名称: `I2未建${i}`, 区划代码: LC, 党建工作指导员手机号: '13600000002' })),
  ];
  const { result } = await importRows(t.db, rows);
  expect(result.rejected).toBe(0);
}, 120_000);
afterAll(async () => {
  await t.drop();
});

const names = async (region: string, id: CheckId) => (await complianceListFor(t.db, await inForce(t.db, clock), region, id, { limit: 50, offset: 0 })).items.map((i) => i.name).sort();

describe('each compliance list, with each org judged by its own region\'s policy', () => {
  test('F1 应建未建 (F1b: untransferred members count in 历城, not in 临沭)', async () => {
    expect(await names('37', 'F1')).toEqual(['F1b兼合式', 'F1三名党员']);
  });
  test('F5 members of a joint org that now qualify to stand alone', async () => {
    expect(await names('370112', 'F5')).toEqual(['F5联建三名党员']);
  });
  test('F4 joint party orgs over their cap of 5', async () => {
    const page = await complianceListFor(t.db, await inForce(t.db, clock), '370112', 'F4', { limit: 10, offset: 0 });
    expect(page.items).toMatchObject([{ entity: 'party_org', name: '唐王超大联合支部', orgCount: 6 }]);
  });
  test('F6 party orgs that should be a 党总支 or 党委', async () => {
    expect(await names('370112', 'F6')).toEqual(['中共F6一百二十人总支支部', '中共F6六十人支部支部']);
  });
  test('T1, T2, T3', async () => {
    expect(await names('370112', 'T1')).toEqual(['T1五十人无党员']);
    expect(await names('370112', 'T2')).toEqual(['T2百人未建']);
    expect(await names('370112', 'T3')).toEqual(['T3民办医院', 'T3民办学校']);
  });
  test('T4 and T5 apply only where 临沭\'s override turns them on', async () => {
    expect(await names('37', 'T4')).toEqual(['T4临沭规上联建']);
    expect(await names('37', 'T5')).toEqual(['T5临沭十人企业', 'T5临沭社会组织']);
    const lc = (await complianceOverview(t.db, await inForce(t.db, clock), '370112')).map((c) => c.id);
    expect(lc).not.toContain('T4');
    expect(lc).not.toContain('T5');
    const ls = await complianceOverview(t.db, await inForce(t.db, clock), '371329');
    expect(ls.find((c) => c.id === 'T4')).toMatchObject({ count: 1, params: { revenue: 2000, n: 100 } });
  });
  test('I1 and I2 instructors over their caps', async () => {
    const i1 = await complianceListFor(t.db, await inForce(t.db, clock), '370112', 'I1', { limit: 10, offset: 0 });
    expect(i1.items).toMatchObject([{ entity: 'instructor', name: '赵指导', withPartyOrg: 6, withoutPartyOrg: 0 }]);
    const i2 = await complianceListFor(t.db, await inForce(t.db, clock), '370112', 'I2', { limit: 10, offset: 0 });
    expect(i2.items).toMatchObject([{ entity: 'instructor', name: '钱指导', withoutPartyOrg: 4 }]);
  });
  test('the overview counts equal the lists', async () => {
    for (const c of await complianceOverview(t.db, await inForce(t.db, clock), '37')) {
      const page = await complianceListFor(t.db, await inForce(t.db, clock), '37', c.id, { limit: 1, offset: 0 });
      expect(page.total, c.id).toBe(c.count);
    }
  });
});
