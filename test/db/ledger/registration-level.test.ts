/**
 * Issue 19 item 7: the 登记机关级别 of a social org as an optional ledger column, and T7 — 社会团体
 * at the region's level or above without a party org (000 一 省级以上; 001 一 市级 in the 武汉 preset).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { auditLog, orgs, policyOverrides } from '../../../src/db/schema/index.ts';
import { WUHAN_4201 } from '../../../src/domain/policy/index.ts';
import { complianceListFor, complianceOverview } from '../../../src/ledger/compliance-service.ts';
import { LEDGER_EXPORT_COLUMNS } from '../../../src/ledger/ledger-template.ts';
import { bytes, ledgerCsv, row, type Row } from '../../ledger/support/ledger-fixtures.ts';
import { clock, importBytes, importRows } from './import-kit.ts';
import { inForce } from '../../support/in-force.ts';

let t: TestDatabase;
const WH = '420102002'; // 大智街道, 江岸区, 武汉市: the 武汉 preset (市级)
const LX = '370102001'; // 解放路街道, 历下区: national defaults (省级以上)

const society = (name: string, region: string, level: string, extra: Row = {}) =>
  row({ 组织名称: name, 组织类别: '社会组织', 细分类型: '社会团体', 区划代码: region, 职工人数: 5, 登记机关级别: level, ...extra });
const withColumns = (rows: Row[]) => importBytes(t.db, bytes(ledgerCsv(rows, { columns: LEDGER_EXPORT_COLUMNS })), 'csv');

const rows: Row[] = [
  society('武汉市级行业协会', WH, '市级', { 细分类型: '行业协会商会', 业务主管单位: '武汉市商务局' }),
  society('武汉省级学会', WH, '省级'),
  society('武汉区级社会团体', WH, '县级'),
  society('武汉市级有党组织', WH, '市级', { 正式党员数: 3, 党组织名称: '中共武汉市级有党组织支部', 组建方式: '单独组建', 党组织类型: '党支部' }),
  society('武汉市级民办学校', WH, '市级', { 细分类型: '民办学校' }),
  society('武汉市级停业', WH, '市级', { 经营状态: '停业' }),
  society('历下市级协会', LX, '市级'),
  society('历下全国性学会', LX, '全国'),
  society('历下省级商会', LX, '省', { 细分类型: '商会' }),
  society('历下无级别社会团体', LX, ''),
];

beforeAll(async () => {
  t = await createTestDb();
  await t.db.insert(policyOverrides).values({ regionCode: WUHAN_4201.regionCode, settings: WUHAN_4201.settings as Record<string, unknown> });
  const { result } = await withColumns(rows);
  expect(result).toMatchObject({ imported: rows.length, rejected: 0 });
}, 120_000);
afterAll(async () => {
  await t.drop();
});

const names = async (region: string) => (await complianceListFor(t.db, await inForce(t.db, clock), region, 'T7', { limit: 50, offset: 0 })).items.map((i) => i.name).sort();
const org = async (name: string) => (await t.db.select().from(orgs).where(eq(orgs.name, name)))[0]!;

describe('登记机关级别 in the ledger', () => {
  test('the import keeps the level and the 业务主管单位', async () => {
    expect(await org('武汉市级行业协会')).toMatchObject({ registrationLevel: 'city', supervisorUnit: '武汉市商务局' });
    expect(await org('历下省级商会')).toMatchObject({ registrationLevel: 'province', supervisorUnit: null });
    expect(await org('历下无级别社会团体')).toMatchObject({ registrationLevel: null });
  });
  test('a file without the columns imports as before and leaves the level alone', async () => {
    const old = rows.filter((r) => String(r.区划代码) === LX).map(({ 登记机关级别: _l, 业务主管单位: _s, ...r }) => r);
    const same = await importRows(t.db, old);
    expect(same.result).toMatchObject({ unchanged: old.length, updated: 0, rejected: 0 });
    const changed = await importRows(t.db, [{ ...old.find((r) => r.组织名称 === '历下全国性学会')!, 职工人数: 40 }]);
    expect(changed.result).toMatchObject({ updated: 1, rejected: 0 });
    expect(await org('历下全国性学会')).toMatchObject({ employees: 40, registrationLevel: 'national' });
  });
  test('a file with the column and an empty cell clears the level, audited', async () => {
    const r = await withColumns([society('历下市级协会', LX, '')]);
    expect(r.result).toMatchObject({ updated: 1 });
    const o = await org('历下市级协会');
    expect(o.registrationLevel).toBeNull();
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, o.id), eq(auditLog.action, 'update')));
    expect(audit?.before).toMatchObject({ registrationLevel: 'city' });
    expect(audit?.after).toMatchObject({ registrationLevel: null });
  });
  test('an unknown level rejects the row and names the column', async () => {
    const r = await withColumns([society('乡级社团', LX, '乡级')]);
    expect(r.result).toMatchObject({ imported: 0, rejected: 1 });
    expect(r.rejected.join('\n')).toContain('登记机关级别“乡级”无法识别');
  });
});

describe('T7 社会团体 by registration level', () => {
  test('武汉 (001 一): 市级 and above, 社会团体 only, without a party org', async () => {
    expect(await names('4201')).toEqual(['武汉市级行业协会', '武汉省级学会']);
    expect((await complianceOverview(t.db, await inForce(t.db, clock), '4201')).find((c) => c.id === 'T7')).toMatchObject({ count: 2, params: { level: '市级' } });
  });
  test('national defaults (000 一): 省级 and above', async () => {
    expect(await names('370102')).toEqual(['历下省级商会', '历下全国性学会'].sort());
    expect((await complianceOverview(t.db, await inForce(t.db, clock), '370102')).find((c) => c.id === 'T7')).toMatchObject({ count: 2, params: { level: '省级' } });
  });
  test('a region sees only its own subtree', async () => {
    expect(await names('420102')).not.toContain('历下全国性学会');
    expect(await names('370102')).not.toContain('武汉省级学会');
    expect(await names('420103')).toEqual([]);
  });
  test('a region can switch the check off or widen it to every social org', async () => {
    await t.db.insert(policyOverrides).values({ regionCode: '370102', settings: { thresholds: { registeredSocialOrgs: { fromLevel: null } } } });
    try {
      expect((await complianceOverview(t.db, await inForce(t.db, clock), '370102')).map((c) => c.id)).not.toContain('T7');
      await t.db.insert(policyOverrides).values({ regionCode: '420102', settings: { thresholds: { registeredSocialOrgs: { fromLevel: 'city', subtypes: [] } } } });
      expect(await names('420102')).toEqual(['武汉市级民办学校', '武汉市级行业协会', '武汉省级学会'].sort());
    } finally {
      await t.db.delete(policyOverrides).where(eq(policyOverrides.regionCode, '370102'));
      await t.db.delete(policyOverrides).where(eq(policyOverrides.regionCode, '420102'));
    }
  });
  test('the overview counts equal the lists', async () => {
    for (const region of ['4201', '370102', '420102']) {
      const c = (await complianceOverview(t.db, await inForce(t.db, clock), region)).find((x) => x.id === 'T7')!;
      expect((await complianceListFor(t.db, await inForce(t.db, clock), region, 'T7', { limit: 1, offset: 0 })).total, region).toBe(c.count);
    }
  });
});
