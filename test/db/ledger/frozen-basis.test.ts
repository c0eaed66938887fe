import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { fixedClock } from '../../../src/clock.ts';
import type { Tx } from '../../../src/db/database.ts';
import { coverageBaseOrgs, coverageBases, orgs, policyOverrides } from '../../../src/db/schema/index.ts';
import { ORG_LISTS, type OrgListKey } from '../../../src/db/ledger/coverage-predicates.ts';
import { DuplicateBaseError, findCoveringBase, freezeBase } from '../../../src/db/ledger/coverage-base-store.ts';
import { computeCoverage, coverageList, NoFrozenBaseError, UnknownRegionError } from '../../../src/ledger/coverage-service.ts';
import type { CoverageReport, Figures } from '../../../src/ledger/coverage-report.ts';
import { apiRoutes } from '../../../src/http/api-routes.ts';
import { creditCode, row, type Row } from '../../ledger/support/ledger-fixtures.ts';
import { clock, importRows } from './import-kit.ts';
import { inForce } from '../../support/in-force.ts';

const TANGWANG = '370112020';
const SHANDALU = '370112001';
const TOKEN = 'frozen-basis-token-0123456789';

const standalone = (name: string, n: number, where: string): Row =>
  row({ 组织名称: name, 统一社会信用代码: creditCode(90000 + n), 区划代码: where, 正式党员数: 5, 党组织名称: `中共${name}支部委员会`, 组建方式: '单独组建', 党组织类型: '党支部' });
const none = (name: string, n: number, where: string, status = '正常'): Row => row({ 组织名称: name, 统一社会信用代码: creditCode(90000 + n), 区划代码: where, 经营状态: status });

/** At freezing: A1 standalone, A2 A3 none, A4 closed (out of scope) in 唐王; B1 none, B2 standalone in 山大路. */
const before: Row[] = [
  standalone('甲一公司', 1, TANGWANG),
  none('甲二公司', 2, TANGWANG),
  none('甲三公司', 3, TANGWANG),
  none('甲四公司', 4, TANGWANG, '停业'),
  none('乙一公司', 5, SHANDALU),
  standalone('乙二公司', 6, SHANDALU),
];
/** Afterwards: A2 builds a party org, B1 is deregistered, C1 and C2 are new. */
const after: Row[] = [standalone('甲二公司', 2, TANGWANG), none('乙一公司', 5, SHANDALU, '注销'), none('丙一公司', 7, TANGWANG), standalone('丙二公司', 8, SHANDALU)];

let t: TestDatabase;
let app: Hono;
const later = fixedClock('2026-12-01T02:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
  expect((await importRows(t.db, before)).result).toMatchObject({ imported: 6, rejected: 0 });
  app = new Hono().route('/api/v1', apiRoutes({ database: t, clock, apiToken: TOKEN }));
}, 120_000);
afterAll(async () => {
  await t.drop();
});

const get = async (q: string) => {
  const res = await app.request(`/api/v1/coverage?${q}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const figures = (inScope: number, partyOrg: number, standalone: number, work: number): Figures => ({ inScope, partyOrg, standalone, work });
const freeze = (name: string, regionCode: string, at = clock.now()) =>
  t.db.transaction((tx: Tx) => freezeBase(tx, { regionCode, name, frozenOn: at.toISOString().slice(0, 10), createdBy: 'test', at }));

/** Each figure's list has as many orgs as the figure says (lists read in pages of 2). */
async function expectListsMatch(r: CoverageReport, regionCode: string, base?: string) {
  const f = r.total;
  const expected: Record<OrgListKey, number> = {
    inScope: f.inScope, partyOrg: f.partyOrg, standalone: f.standalone, joint: f.partyOrg - f.standalone, work: f.work, noPartyOrg: f.inScope - f.partyOrg, noWork: f.inScope - f.work,
  };
  for (const list of ORG_LISTS) {
    const names: string[] = [];
    for (let offset = 0; ; offset += 2) {
      const page = await coverageList(t.db, await inForce(t.db, clock), { regionCode, list, kind: 'all', basis: r.basis, base, limit: 2, offset });
      expect(page.total === expected[list] || page.items.length === 0, list).toBe(true);
      names.push(...page.items.map((o) => o.name));
      if (page.items.length < 2) break;
    }
    expect(names.length, `${list} (${r.basis})`).toBe(expected[list]);
  }
}

describe('the frozen basis', () => {
  test('without a frozen base: a clear error, in the service and the API', async () => {
    await expect(computeCoverage(t.db, await inForce(t.db, clock), '370112', 'frozen')).rejects.toBeInstanceOf(NoFrozenBaseError);
    await expect(computeCoverage(t.db, await inForce(t.db, clock), '370199', 'frozen')).rejects.toBeInstanceOf(UnknownRegionError);
    const { status, body } = await get('region=370112&basis=frozen');
    expect(status).toBe(400);
    expect(body.error).toMatch(/^bad basis: frozen: no frozen base list covers region 370112/);
  });

  test('freezing takes the operating orgs of the subtree, once per name and region', async () => {
    const base = await freeze('2026年党建基数', '370112');
    expect(base).toMatchObject({ name: '2026年党建基数', regionCode: '370112', frozenOn: '2026-11-22', orgs: 5 });
    const members = await t.db.select({ name: orgs.name }).from(coverageBaseOrgs).innerJoin(orgs, eq(orgs.id, coverageBaseOrgs.orgId)).where(eq(coverageBaseOrgs.baseId, base.id));
    expect(members.map((m) => m.name).sort()).toEqual(['乙一公司', '乙二公司', '甲一公司', '甲三公司', '甲二公司'].sort());
    await expect(freeze('2026年党建基数', '370112')).rejects.toBeInstanceOf(DuplicateBaseError);
    expect(await t.db.select().from(coverageBases)).toHaveLength(1);
  });

  test('after the ledger changes, frozen coverage keeps its denominator while operating coverage moves', async () => {
    const frozenBefore = await computeCoverage(t.db, await inForce(t.db, clock), '370112', 'frozen');
    expect(frozenBefore.total).toEqual(figures(5, 2, 2, 2));
    expect((await importRows(t.db, after)).result).toMatchObject({ imported: 2, updated: 2, rejected: 0 });

    const operating = await computeCoverage(t.db, await inForce(t.db, clock), '370112');
    expect(operating.basis).toBe('operating');
    expect(operating).not.toHaveProperty('base');
    expect(operating.total).toEqual(figures(6, 4, 4, 4));

    const frozen = await computeCoverage(t.db, await inForce(t.db, clock), '370112', 'frozen');
    expect(frozen.basis).toBe('frozen');
    expect(frozen.base).toEqual({ name: '2026年党建基数', frozenOn: '2026-11-22' });
    // Same five orgs; numerators on their current state (甲二 now has a party org, 乙一 is deregistered).
    expect(frozen.total).toEqual(figures(5, 3, 3, 3));
    const street = (r: CoverageReport, code: string) => r.children.find((c) => c.region.code === code)!.total;
    expect(street(frozen, TANGWANG)).toEqual(figures(3, 2, 2, 2));
    expect(street(frozen, SHANDALU)).toEqual(figures(2, 1, 1, 1));
    expect(street(operating, TANGWANG)).toEqual(figures(4, 2, 2, 2));
  });

  test('the lists behind frozen figures have the counts the figures say, for the region and a street', async () => {
    const frozen = await computeCoverage(t.db, await inForce(t.db, clock), '370112', 'frozen');
    await expectListsMatch(frozen, '370112');
    const inScope = await coverageList(t.db, await inForce(t.db, clock), { regionCode: '370112', list: 'inScope', kind: 'all', basis: 'frozen', limit: 10, offset: 0 });
    expect(inScope.items.map((o) => o.name).sort()).toEqual(['乙一公司', '乙二公司', '甲一公司', '甲三公司', '甲二公司'].sort());
    const noParty = await coverageList(t.db, await inForce(t.db, clock), { regionCode: '370112', list: 'noPartyOrg', kind: 'all', basis: 'frozen', limit: 10, offset: 0 });
    expect(noParty.items.map((o) => o.name).sort()).toEqual(['乙一公司', '甲三公司'].sort());
    // A street below the base's region: restricted to the street's orgs of the base.
    const tw = await computeCoverage(t.db, await inForce(t.db, clock), TANGWANG, 'frozen');
    expect(tw.total).toEqual(figures(3, 2, 2, 2));
    expect(tw.base?.name).toBe('2026年党建基数');
    await expectListsMatch(tw, TANGWANG);
    await expectListsMatch(await computeCoverage(t.db, await inForce(t.db, clock), '370112'), '370112');
  });

  test('the newest base covering the region by default; an older one by name; none above its region', async () => {
    await freeze('复核后基数', '370112', later.now());
    const newest = await computeCoverage(t.db, await inForce(t.db, clock), '370112', 'frozen');
    expect(newest.base).toEqual({ name: '复核后基数', frozenOn: '2026-12-01' });
    expect(newest.total).toEqual(figures(6, 4, 4, 4));
    const named = await computeCoverage(t.db, await inForce(t.db, clock), '370112', 'frozen', { base: '2026年党建基数' });
    expect(named.total).toEqual(figures(5, 3, 3, 3));
    // Naming a base implies the frozen basis.
    expect((await computeCoverage(t.db, await inForce(t.db, clock), '370112', undefined, { base: '2026年党建基数' })).basis).toBe('frozen');
    await expectListsMatch(named, '370112', '2026年党建基数');
    await expect(computeCoverage(t.db, await inForce(t.db, clock), '370112', 'frozen', { base: '没有这个' })).rejects.toBeInstanceOf(NoFrozenBaseError);
    await expect(computeCoverage(t.db, await inForce(t.db, clock), '3701', 'frozen')).rejects.toBeInstanceOf(NoFrozenBaseError);
    expect(await findCoveringBase(t.db, '370112020', '2026年党建基数')).toMatchObject({ regionCode: '370112' });
    expect(await findCoveringBase(t.db, '370113')).toBeNull();
  });

  test('the API names the basis and the base, and keeps its shape on other bases', async () => {
    const frozen = await get('region=370112&basis=frozen&base=2026年党建基数');
    expect(frozen.status).toBe(200);
    expect(Object.keys(frozen.body)).toEqual(['region', 'basis', 'base', 'asOf', 'total', 'enterprise', 'socialOrg', 'children']);
    expect(frozen.body.basis).toBe('frozen');
    expect(frozen.body.base).toEqual({ name: '2026年党建基数', frozenOn: '2026-11-22' });
    expect(frozen.body.total).toEqual(figures(5, 3, 3, 3));
    expect((await get('region=370112&basis=frozen')).body.base.name).toBe('复核后基数');
    const operating = await get('region=370112');
    expect(Object.keys(operating.body)).toEqual(['region', 'basis', 'asOf', 'total', 'enterprise', 'socialOrg', 'children']);
    expect(operating.body.total).toEqual(figures(6, 4, 4, 4));
    const unknown = await get('region=370112&basis=frozen&base=没有这个');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('no frozen base list named "没有这个" covers region 370112');
    expect((await get('region=370112&basis=qualified&base=复核后基数')).status).toBe(400);
    expect((await get('region=3701&basis=frozen')).status).toBe(400);
  });

  test('a region whose policy names the frozen basis uses its newest base, and says so', async () => {
    await t.db.insert(policyOverrides).values({ regionCode: '370112', settings: { coverage: { basis: 'frozen' } } });
    try {
      const r = await computeCoverage(t.db, await inForce(t.db, clock), '370112');
      expect(r.basis).toBe('frozen');
      expect(r.base?.name).toBe('复核后基数');
      expect((await computeCoverage(t.db, await inForce(t.db, clock), '370112', 'operating')).base).toBeUndefined();
    } finally {
      await t.db.delete(policyOverrides);
    }
  });
});
