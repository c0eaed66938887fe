/**
 * The formation checks of issue 19: T6 空壳党组织 (002 三(二)1, 004 §8), F7 two formal members
 * (003 §三1, 004 §6), I3 new party orgs without an instructor (000 二6, 001 二(六), 002 二(二)) and
 * the instructor caps I1/I2 (002 二(二)) or I1b (004 §10), chosen by the region's policy.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { meetings, partyOrgs, people, personRoles, policyOverrides } from '../../../src/db/schema/index.ts';
import { LINSHU_371329, namedPreset } from '../../../src/domain/policy/index.ts';
import { complianceListFor, complianceOverview } from '../../../src/ledger/compliance-service.ts';
import type { CheckId } from '../../../src/ledger/compliance-checks.ts';
import { row, type Row } from '../../ledger/support/ledger-fixtures.ts';
import { clock, importRows } from './import-kit.ts';
import { inForce } from '../../support/in-force.ts';

let t: TestDatabase;
const LX = '370102001'; // 解放路街道, 历下区: national defaults
const LS = '371329001'; // 临沭街道: 临沭's preset (every party org gets an instructor)
const NX = '640104001'; // 凤凰北街街道, 兴庆区: the 宁夏2018 preset (5 units in all)

const standalone = (name: string, region: string, extra: Row = {}) =>
  row({ 组织名称: name, 区划代码: region, 党组织名称: `中共${name}支部`, 组建方式: '单独组建', 党组织类型: '党支部', 正式党员数: 5, ...extra });

beforeAll(async () => {
  t = await createTestDb();
  const ningxia = namedPreset('宁夏2018')!;
  await t.db.insert(policyOverrides).values([
    { regionCode: LINSHU_371329.regionCode, settings: LINSHU_371329.settings as Record<string, unknown> },
    { regionCode: '640104', settings: ningxia.settings as Record<string, unknown> },
  ]);
  await t.db.insert(people).values([
    { name: '孙指导', mobile: '13700000001' },
    { name: '李指导', mobile: '13700000002' },
    { name: '周指导', mobile: '13700000003' },
  ]);
  const rows: Row[] = [
    // T6: the unit went bankrupt; a branch left with 2 formal members; a healthy branch is not listed
    standalone('T6破产企业', LX, { 经营状态: '破产' }),
    standalone('T6两名党员', LX, { 正式党员数: 2 }),
    standalone('健康支部', LX, { 党建工作指导员手机号: '13700000003' }),
    // F7: exactly 2 formal members without a standalone party org, one with an instructor
    row({ 组织名称: 'F7有指导员', 区划代码: LX, 正式党员数: 2, 党建工作指导员手机号: '13700000003' }),
    row({ 组织名称: 'F7无指导员', 区划代码: LX, 正式党员数: 2 }),
    row({ 组织名称: '一名党员不属F7', 区划代码: LX, 正式党员数: 1 }),
    row({ 组织名称: '停业两名党员不计', 区划代码: LX, 正式党员数: 2, 经营状态: '停业' }),
    // I3: founded this year without an instructor (listed), long ago (not listed in 历下, listed in 临沭)
    standalone('I3新建无指导员', LX),
    standalone('I3老支部', LX),
    standalone('I3临沭老支部', LS),
    // I1 + I2 in 历下: 孙 guides 5 with and 3 without (at the caps, not over)
    ...Array.from({ length: 5 }, (_, i) => standalone(`孙单建${i}`, LX, { 党建工作指导员手机号: '13700000001' })),
    ...Array.from({ length: 3 }, (_, i) => row({ 组织名称: `孙未建${i}`, 区划代码: LX, 党建工作指导员手机号: '13700000001' })),
    // I1b in 宁夏: 李 guides 2 with and 4 without: within I1/I2 elsewhere but 6 units in all
    ...Array.from({ length: 2 }, (_, i) => standalone(`李单建${i}`, NX, { 党建工作指导员手机号: '13700000002' })),
    ...Array.from({ length: 3 }, (_, i) => row({ 组织名称: `李未建${i}`, 区划代码: NX, 党建工作指导员手机号: '13700000002' })),
    row({ 组织名称: '李未建3', 区划代码: NX, 党建工作指导员手机号: '13700000002' }),
  ];
  const { result } = await importRows(t.db, rows);
  expect(result.rejected).toBe(0);
  // The ledger import carries no founding date; the secretary's party-org facts do.
  const founded = async (names: string[], on: string) => t.db.update(partyOrgs).set({ foundedOn: on }).where(inArray(partyOrgs.name, names));
  await founded(['中共I3新建无指导员支部'], '2026-03-01'); // the clock is 2026-11-22
  await founded(['中共I3老支部支部', '中共I3临沭老支部支部', '中共健康支部支部'], '2015-07-01');
  const [two] = await t.db.select().from(partyOrgs).where(eq(partyOrgs.name, '中共T6两名党员支部'));
  expect(two?.membersFormal).toBe(2);
}, 120_000);
afterAll(async () => {
  await t.drop();
});

const names = async (region: string, id: CheckId) => (await complianceListFor(t.db, await inForce(t.db, clock), region, id, { limit: 50, offset: 0 })).items.map((i) => i.name).sort();

describe('formation checks', () => {
  test('M1 under 宁夏2018: party orgs whose secretary gave no 党课 in the last ended year (004 §14)', async () => {
    const [po0] = await t.db.select().from(partyOrgs).where(eq(partyOrgs.name, '中共李单建0支部'));
    const [po1] = await t.db.select().from(partyOrgs).where(eq(partyOrgs.name, '中共李单建1支部'));
    const [sec0] = await t.db.insert(people).values({ name: '李书记' }).returning();
    const [sec1] = await t.db.insert(people).values({ name: '王书记' }).returning();
    await t.db.insert(personRoles).values([
      { personId: sec0!.id, role: 'secretary', partyOrgId: po0!.id },
      { personId: sec1!.id, role: 'secretary', partyOrgId: po1!.id },
    ]);
    const lecture = (partyOrgId: string, heldOn: string, lecturer: string) => ({ partyOrgId, kind: 'lecture' as const, heldOn, heldAt: new Date(`${heldOn}T07:00:00Z`), lecturer });
    await t.db.insert(meetings).values([
      lecture(po0!.id, '2025-06-10', '李书记'), // the secretary, last year: done
      lecture(po1!.id, '2025-06-10', '外请专家'), // not the secretary
      lecture(po1!.id, '2026-03-10', '王书记'), // this year: judged next year
    ]);
    expect(await names('640104', 'M1')).toEqual(['中共李单建1支部']);
    expect((await complianceOverview(t.db, await inForce(t.db, clock), '370102')).map((c) => c.id)).not.toContain('M1');
  });
  test('T6 空壳党组织: the unit stopped operating, or fewer than 3 formal members', async () => {
    expect(await names('370102', 'T6')).toEqual(['中共T6两名党员支部', '中共T6破产企业支部']);
  });
  test('T6 follows the region\'s minimum of formal members', async () => {
    await t.db.insert(policyOverrides).values({ regionCode: '370102', settings: { formation: { minFormalMembers: 6 } } });
    try {
      expect(await names('370102', 'T6')).toContain('中共健康支部支部');
    } finally {
      await t.db.delete(policyOverrides).where(eq(policyOverrides.regionCode, '370102'));
    }
  });
  test('F7 two formal members, listed with the instructor assigned or missing', async () => {
    const page = await complianceListFor(t.db, await inForce(t.db, clock), '370102', 'F7', { limit: 50, offset: 0 });
    expect(page.items.map((i) => [i.name, i.entity === 'org' && i.hasInstructor])).toEqual([
      ['F7无指导员', false],
      ['F7有指导员', true],
    ]);
  });
  test('I3 new party orgs with no instructor; in 临沭 every party org needs one', async () => {
    const lx = await names('370102', 'I3');
    expect(lx).toContain('中共I3新建无指导员支部');
    expect(lx).not.toContain('中共I3老支部支部');
    expect(lx).not.toContain('中共健康支部支部');
    expect(await names('371329', 'I3')).toEqual(['中共I3临沭老支部支部']);
    const [i3] = (await complianceOverview(t.db, await inForce(t.db, clock), '370102')).filter((c) => c.id === 'I3');
    expect(i3).toMatchObject({ params: { months: 12 } });
  });
  test('instructor caps: I1 + I2 under the national defaults, I1b (5 in all) under 宁夏2018', async () => {
    const lx = await complianceOverview(t.db, await inForce(t.db, clock), '370102');
    expect(lx.map((c) => c.id)).toEqual(expect.arrayContaining(['I1', 'I2']));
    expect(lx.map((c) => c.id)).not.toContain('I1b');
    expect(lx.filter((c) => c.id === 'I1' || c.id === 'I2').map((c) => c.count)).toEqual([0, 0]);
    const nx = await complianceOverview(t.db, await inForce(t.db, clock), '640104');
    expect(nx.map((c) => c.id)).not.toContain('I1');
    expect(nx.find((c) => c.id === 'I1b')).toMatchObject({ count: 1, params: { n: 5 } });
    const list = await complianceListFor(t.db, await inForce(t.db, clock), '640104', 'I1b', { limit: 10, offset: 0 });
    expect(list.items).toMatchObject([{ entity: 'instructor', name: '李指导', withPartyOrg: 2, withoutPartyOrg: 4 }]);
  });
  test('the overview counts equal the lists', async () => {
    for (const region of ['370102', '371329', '640104']) {
      for (const c of await complianceOverview(t.db, await inForce(t.db, clock), region)) {
        const page = await complianceListFor(t.db, await inForce(t.db, clock), region, c.id, { limit: 1, offset: 0 });
        expect(page.total, `${region} ${c.id}`).toBe(c.count);
      }
    }
  });
});
