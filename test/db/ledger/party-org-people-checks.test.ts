/**
 * Issue 19 item 10: P1 书记后备 (004 §9, at least people.secretaryReservesMin), P2 轮训 due
 * (004 §12: the secretary every secretaryTrainingEveryYears, party workers every workerTrainingEveryYears)
 * and A1 入党积极分子 short of 004 §11 (people.activistsPerYear) this year.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { orgActivists, orgs, partyOrgs, policyOverrides } from '../../../src/db/schema/index.ts';
import { complianceListFor, complianceOverview } from '../../../src/ledger/compliance-service.ts';
import type { CheckId } from '../../../src/ledger/compliance-checks.ts';
import { row, type Row } from '../../ledger/support/ledger-fixtures.ts';
import { clock, importRows } from './import-kit.ts';
import { inForce } from '../../support/in-force.ts';

let t: TestDatabase;
const LX = '370102001';
const LC = '370112020';
const SZ = '370103002'; // 大观园街道, 市中区: the A1 rows
const standalone = (name: string, region: string, extra: Row = {}) =>
  row({ 组织名称: name, 区划代码: region, 党组织名称: `中共${name}支部`, 组建方式: '单独组建', 党组织类型: '党支部', 正式党员数: 5, ...extra });
const facts = (name: string, v: Partial<typeof partyOrgs.$inferInsert>) => t.db.update(partyOrgs).set(v).where(eq(partyOrgs.name, `中共${name}支部`));

beforeAll(async () => {
  t = await createTestDb();
  const { result } = await importRows(t.db, [
    standalone('齐全', LX),
    standalone('未填', LX),
    standalone('书记过期', LX),
    standalone('党务过期', LX),
    standalone('停业', LX, { 经营状态: '停业' }),
    standalone('历城未填', LC),
    standalone('大企业报1', SZ, { 职工人数: 120 }),
    standalone('中企业报1', SZ, { 职工人数: 60 }),
    standalone('社会组织未报', SZ, { 组织类别: '社会组织', 职工人数: 35 }),
    standalone('社会组织29人', SZ, { 组织类别: '社会组织', 职工人数: 29 }),
    standalone('小企业', SZ, { 职工人数: 20 }),
    standalone('去年报过', SZ, { 职工人数: 60 }),
    row({ 组织名称: '无党组织大企业', 区划代码: SZ, 职工人数: 120 }),
  ]);
  expect(result.rejected).toBe(0);
  // The clock is 2026-11-22.
  await facts('齐全', { reserveSecretaries: 1, secretaryTrainedOn: '2026-03-01', workersTrainedOn: '2025-06-01' });
  await facts('书记过期', { reserveSecretaries: 2, secretaryTrainedOn: '2025-11-22', workersTrainedOn: '2026-01-10' });
  await facts('党务过期', { reserveSecretaries: 0, secretaryTrainedOn: '2026-05-01', workersTrainedOn: '2024-11-01' });
  const id = async (name: string) => (await t.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.name, name)))[0]!.id;
  await t.db.insert(orgActivists).values([
    { orgId: await id('大企业报1'), year: 2026, count: 1 },
    { orgId: await id('中企业报1'), year: 2026, count: 1 },
    { orgId: await id('去年报过'), year: 2025, count: 3 },
  ]);
}, 120_000);
afterAll(async () => {
  await t.drop();
});

const names = async (region: string, id: CheckId) => (await complianceListFor(t.db, await inForce(t.db, clock), region, id, { limit: 50, offset: 0 })).items.map((i) => i.name).sort();

describe('reserve secretaries and training', () => {
  test('P1: fewer reserves than the policy asks, or none reported (004 §9)', async () => {
    expect(await names('370102', 'P1')).toEqual(['中共党务过期支部', '中共未填支部'].sort());
  });
  test('P2: the secretary trained more than a year ago, or the party workers more than two (004 §12); never recorded is due', async () => {
    expect(await names('370102', 'P2')).toEqual(['中共书记过期支部', '中共党务过期支部', '中共未填支部'].sort());
    expect((await complianceOverview(t.db, await inForce(t.db, clock), '370102')).find((c) => c.id === 'P2')).toMatchObject({ count: 3, params: { secretary: 1, workers: 2 } });
  });
  test('each region sees its own party orgs only', async () => {
    expect(await names('370112', 'P1')).toEqual(['中共历城未填支部']);
    expect(await names('370102', 'P1')).not.toContain('中共历城未填支部');
  });
  test('the numbers are the region\'s policy: no reserves asked switches P1 off; a 3-year worker cycle', async () => {
    await t.db.insert(policyOverrides).values({ regionCode: '370102', settings: { people: { secretaryReservesMin: 0, workerTrainingEveryYears: 3 } } });
    try {
      const ids = (await complianceOverview(t.db, await inForce(t.db, clock), '370102')).map((c) => c.id);
      expect(ids).not.toContain('P1');
      expect(await names('370102', 'P2')).toEqual(['中共书记过期支部', '中共未填支部'].sort());
      expect((await complianceOverview(t.db, await inForce(t.db, clock), '370112')).map((c) => c.id)).toContain('P1');
    } finally {
      await t.db.delete(policyOverrides).where(eq(policyOverrides.regionCode, '370102'));
    }
  });
  test('A1: this year\'s 入党积极分子 short of 004 §11 (100 staff → 2, 50 → 1, social orgs of 30 → 1)', async () => {
    expect(await names('370103', 'A1')).toEqual(['大企业报1', '去年报过', '社会组织未报'].sort());
    expect(await names('370102', 'A1')).toEqual([]);
  });
  test('A1 reads the region\'s size steps', async () => {
    await t.db.insert(policyOverrides).values({ regionCode: '370103', settings: { people: { activistsPerYear: { enterprise: [{ fromEmployees: 20, count: 1 }], socialOrg: [] } } } });
    try {
      expect(await names('370103', 'A1')).toEqual(['去年报过', '小企业'].sort());
    } finally {
      await t.db.delete(policyOverrides).where(eq(policyOverrides.regionCode, '370103'));
    }
  });
  test('the overview counts equal the lists', async () => {
    for (const region of ['370102', '370112', '370103']) {
      for (const c of (await complianceOverview(t.db, await inForce(t.db, clock), region)).filter((x) => x.id === 'P1' || x.id === 'P2' || x.id === 'A1')) {
        expect((await complianceListFor(t.db, await inForce(t.db, clock), region, c.id, { limit: 1, offset: 0 })).total, `${region} ${c.id}`).toBe(c.count);
      }
    }
  });
});
