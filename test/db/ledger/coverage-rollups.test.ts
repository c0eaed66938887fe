/**
 * Coverage rollups (issue 16 item 1): after every kind of write the rollups equal the row
 * computation, for every variant built (bases, 功能型 counting, 兼合式, a frozen base list);
 * and on PostgreSQL, writers in neighbouring townships at once, and a build racing a writer,
 * keep them exact.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { createPostgresDb } from '../../../src/db/postgres-db.ts';
import { people, policyOverrides } from '../../../src/db/schema/index.ts';
import { freezeBase } from '../../../src/db/ledger/coverage-base-store.ts';
import { coverageRows, type ListCursor } from '../../../src/db/ledger/coverage-query.ts';
import { kindPredicate, listPredicate } from '../../../src/db/ledger/coverage-predicates.ts';
import { ensureVariant, listVariants } from '../../../src/db/ledger/coverage-rollup-store.ts';
import { rowsOf } from '../../../src/db/sql.ts';
import { addAssignment, removeAssignment } from '../../../src/db/visits/assignment-store.ts';
import { computeCoverage, coverageList, coverageRulesFor } from '../../../src/ledger/coverage-service.ts';
import { verifyCoverage } from '../../../src/ledger/coverage-verify.ts';
import type { SupportedBasis } from '../../../src/ledger/ledger-rules.ts';
import { creditCode, DISTRICT_FIGURES, LICHENG, row, syntheticDistrict, type Row } from '../../ledger/support/ledger-fixtures.ts';
import { clock, importRows } from './import-kit.ts';
import { inForce } from '../../support/in-force.ts';

const SHANDALU = '370112001';
const HONGJIALOU = '370112002';
const BASES: SupportedBasis[] = ['operating', 'qualified', 'above_scale', 'frozen'];

let t: TestDatabase;

/** The figures of a region on every basis, from the rollups and from the rows, side by side. */
async function bothWays(code: string) {
  const out: Array<{ basis: SupportedBasis; rollups: unknown; rows: unknown }> = [];
  for (const basis of BASES) {
    // The base list is 历城's: a region above it has no frozen basis.
    if (basis === 'frozen' && code.length < LICHENG.length) continue;
    const rules = await coverageRulesFor(t.db, await inForce(t.db, clock), code, basis);
    out.push({ basis, rollups: await coverageRows(t.db, code, rules, 'rollups'), rows: await coverageRows(t.db, code, rules, 'rows') });
  }
  return out;
}

async function expectExact(codes = ['37', LICHENG, SHANDALU]) {
  for (const code of codes) {
    for (const b of await bothWays(code)) expect(b.rollups, `${code} ${b.basis}`).toEqual(b.rows);
    expect((await verifyCoverage(t.db, await inForce(t.db, clock), code)).differences).toEqual([]);
  }
}

const plain = (name: string, n: number, where: string, extra: Row = {}): Row => row({ 组织名称: name, 统一社会信用代码: creditCode(70000 + n), 区划代码: where, ...extra });
const standalone = (name: string, n: number, where: string, extra: Row = {}): Row =>
  plain(name, n, where, { 正式党员数: 5, 党组织名称: `中共${name}支部委员会`, 组建方式: '单独组建', 党组织类型: '党支部', ...extra });

beforeAll(async () => {
  t = await createTestDb();
  await importRows(t.db, syntheticDistrict());
  // 兼合式 counting in 历城 (F1b) and 功能型 counting in one street: variants of their own.
  await t.db.insert(policyOverrides).values([
    { regionCode: LICHENG, settings: { formation: { countUntransferredMembers: true } } },
    { regionCode: SHANDALU, settings: { coverage: { functionalCounts: true } } },
  ]);
  await t.db.transaction((tx) => freezeBase(tx, { regionCode: LICHENG, name: '2026年基数', frozenOn: '2026-11-22', createdBy: 'test', at: clock.now() }));
  await expectExact();
}, 180_000);
afterAll(async () => {
  await t.drop();
});

describe('rollups equal the rows', () => {
  test('after the import, on every basis and variant; the figures are domain.md’s', async () => {
    expect((await computeCoverage(t.db, await inForce(t.db, clock), LICHENG, 'operating')).total).toEqual(DISTRICT_FIGURES);
    const keys = (await listVariants(t.db)).map((v) => JSON.parse(v.key)[0]);
    expect(new Set(keys)).toEqual(new Set(BASES));
    expect((await listVariants(t.db)).length).toBeGreaterThanOrEqual(8);
  });

  test('after imports that add orgs, change their facts and their status', async () => {
    await importRows(t.db, [
      standalone('卷一公司', 1, SHANDALU),
      plain('卷二公司', 2, SHANDALU, { 正式党员数: 2, 未转组织关系党员数: 1, 职工人数: 150 }),
      plain('卷三公司', 3, HONGJIALOU, { 组织类别: '社会组织', 统一社会信用代码: creditCode(70003, '52370112MJ'), 细分类型: '民办学校', 群团组织: '工会' }),
      plain('卷四公司', 4, SHANDALU, { 党组织名称: '山大路流动党员功能型党支部', 组建方式: '联合组建', 党组织类型: '功能型党支部' }),
    ]);
    await expectExact();
    // The same orgs again: one closes, one loses its party org, one gains a party org.
    await importRows(t.db, [
      standalone('卷一公司', 1, SHANDALU, { 经营状态: '停业' }),
      plain('卷二公司', 2, SHANDALU, { 正式党员数: 3, 未转组织关系党员数: 1, 职工人数: 150, 党组织名称: '中共卷二公司支部', 组建方式: '单独组建', 党组织类型: '党支部' }),
      plain('卷三公司', 3, HONGJIALOU, { 组织类别: '社会组织', 统一社会信用代码: creditCode(70003, '52370112MJ'), 细分类型: '民办学校' }),
    ]);
    await expectExact();
    const street = await computeCoverage(t.db, await inForce(t.db, clock), HONGJIALOU, 'operating');
    expect(street.socialOrg).toEqual({ inScope: 1, partyOrg: 0, standalone: 0, work: 0 });
  });

  test('after instructors are assigned and removed (the visit flow’s path)', async () => {
    const [{ id: orgId }] = (await rowsOf<{ id: string }>(t.db, sql`select id from orgs where name = '历城待覆盖企业0有限公司'`)) as [{ id: string }];
    const [p] = await t.db.insert(people).values({ name: '卷指导员', mobile: '13700000001' }).returning({ id: people.id });
    const work = async () => (await computeCoverage(t.db, await inForce(t.db, clock), LICHENG, 'operating')).total.work;
    const before = await work();
    await addAssignment(t.db, { instructorId: p!.id, orgId, assignedOn: '2026-11-22', exceptionReason: null, at: clock.now() });
    expect(await work()).toBe(before + 1);
    await expectExact();
    await removeAssignment(t.db, p!.id, orgId);
    expect(await work()).toBe(before);
    await expectExact();
  });

  test('after writes from anywhere else: a set-based update, an upsert, deletions', async () => {
    await t.db.execute(sql`update orgs set mass_orgs = '{共青团}', members_untransferred = members_untransferred + 2 where name like '历城待覆盖企业1%'`);
    await expectExact();
    await t.db.execute(sql`insert into orgs (name, kind, region_code, employees, revenue) values ('卷五公司', 'enterprise', ${HONGJIALOU}, 10, 3000), ('卷六公司', 'enterprise', ${HONGJIALOU}, 10, null)`);
    await t.db.execute(sql`update orgs set region_code = ${SHANDALU} where name = '卷五公司'`);
    await expectExact();
    await t.db.execute(sql`delete from orgs where name in ('卷五公司', '卷六公司')`);
    await expectExact();
  });

  test('an emptied ledger counts nothing', async () => {
    const other = await createTestDb();
    try {
      await importRows(other.db, syntheticDistrict().slice(0, 50));
      expect((await computeCoverage(other.db, await inForce(other.db, clock), LICHENG)).total.inScope).toBe(50);
      await other.db.execute(sql`truncate orgs cascade`);
      expect((await computeCoverage(other.db, await inForce(other.db, clock), LICHENG)).total).toEqual({ inScope: 0, partyOrg: 0, standalone: 0, work: 0 });
      expect((await verifyCoverage(other.db, await inForce(other.db, clock), '37')).differences).toEqual([]);
    } finally {
      await other.drop();
    }
  }, 60_000);

  test('verify reports a difference when a rollup is off', async () => {
    await t.db.execute(sql`update coverage_rollups set work = work + 1 where region_code = ${HONGJIALOU} and kind = 'enterprise'`);
    const r = await verifyCoverage(t.db, await inForce(t.db, clock), LICHENG);
    expect(r.differences.length).toBeGreaterThan(0);
    expect(r.differences.every((d) => d.regionCode === HONGJIALOU && d.kind === 'enterprise' && d.figure === 'work' && d.rollup === d.rows + 1)).toBe(true);
    expect((await verifyCoverage(t.db, await inForce(t.db, clock), '370113')).differences).toEqual([]);
    await t.db.execute(sql`update coverage_rollups set work = work - 1 where region_code = ${HONGJIALOU} and kind = 'enterprise'`);
    await expectExact([LICHENG]);
  });
});

describe('the lists behind the figures, a page at a time after a cursor', () => {
  test('walking every page gives each org of the figure once, in order, the total from the rollups', async () => {
    for (const [list, kind] of [['noWork', 'all'], ['joint', 'enterprise'], ['inScope', 'social_org'], ['standalone', 'all']] as const) {
      const seen: Array<[string, string, string]> = [];
      let after: ListCursor | undefined;
      let total = -1;
      for (let pages = 0; pages < 100; pages++) {
        const page = await coverageList(t.db, await inForce(t.db, clock), { regionCode: LICHENG, list, kind, limit: 37, after });
        total = page.total;
        seen.push(...page.items.map((o) => [o.regionCode, o.name, o.id] as [string, string, string]));
        if (!page.next) break;
        after = page.next;
      }
      const rows = await rowsOf<{ n: number }>(t.db, sql`select count(*)::int n from orgs where ${listPredicate(await coverageRulesFor(t.db, await inForce(t.db, clock), LICHENG), list)} and ${kindPredicate(kind)} and region_code like '370112%'`);
      expect(total, list).toBe(rows[0]!.n);
      expect(seen, list).toHaveLength(total);
      expect(new Set(seen.map((k) => k[2])).size).toBe(total);
      // The database's order: region code and name byte-wise (C collation here), then id.
      const precedes = (a: string, b: string) => (Buffer.compare(Buffer.from(a), Buffer.from(b)) as -1 | 0 | 1);
      expect([...seen].sort((a, b) => precedes(a[0], b[0]) || precedes(a[1], b[1]) || precedes(a[2], b[2])), list).toEqual(seen);
      // Page 2 by offset is page 2 by cursor.
      if (total <= 5) continue;
      const first = await coverageList(t.db, await inForce(t.db, clock), { regionCode: LICHENG, list, kind, limit: 5 });
      const byCursor = await coverageList(t.db, await inForce(t.db, clock), { regionCode: LICHENG, list, kind, limit: 5, after: first.next! });
      const byOffset = await coverageList(t.db, await inForce(t.db, clock), { regionCode: LICHENG, list, kind, limit: 5, offset: 5 });
      expect(byCursor.items).toEqual(byOffset.items);
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)('on PostgreSQL, with writers at the same time', () => {
  test('two imports into neighbouring townships at once, each in many small transactions', async () => {
    const second = createPostgresDb(t.url!, { max: 2 });
    try {
      const batch = (where: string, from: number, tag: string) =>
        Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? standalone(`并发${tag}${i}公司`, from + i, where) : plain(`并发${tag}${i}公司`, from + i, where, { 群团组织: i % 2 ? '工会' : '' })));
      const [a, b] = await Promise.all([
        importRows(t.db, batch(SHANDALU, 1000, '甲'), { chunkSize: 20 }),
        importRows(second.db, batch(HONGJIALOU, 2000, '乙'), { chunkSize: 20 }),
      ]);
      expect([a.result.imported, b.result.imported]).toEqual([300, 300]);
      await expectExact();
    } finally {
      await second.close();
    }
  }, 120_000);

  test('a writer in one township does not wait for an open transaction in the next one', async () => {
    const a = postgres(t.url!, { max: 1, onnotice: () => {} });
    const b = postgres(t.url!, { max: 1, onnotice: () => {} });
    try {
      await a.begin(async (ta) => {
        await ta`insert into orgs (name, kind, region_code, formation, party_org_type, members_formal) values ('交错甲', 'enterprise', ${SHANDALU}, 'standalone', 'branch', 4)`;
        // Commits while the first transaction still holds its rollup rows: it would hang if it waited.
        await b.begin(async (tb) => {
          await tb`insert into orgs (name, kind, region_code, has_instructor) values ('交错乙', 'enterprise', ${HONGJIALOU}, true)`;
        });
        await ta`update orgs set status = 'suspended' where name = '历城联建企业0有限公司'`;
      });
      await expectExact();
    } finally {
      await a.end();
      await b.end();
    }
  }, 60_000);

  test('a variant built while a writer is in flight misses none of its rows', async () => {
    const a = postgres(t.url!, { max: 1, onnotice: () => {} });
    const rules = { ...(await coverageRulesFor(t.db, await inForce(t.db, clock), LICHENG, 'qualified')), minFormalMembers: 2 };
    try {
      let building: Promise<boolean> | undefined;
      await a.begin(async (ta) => {
        await ta`insert into orgs (name, kind, region_code, members_formal) values ('构建中甲', 'enterprise', ${SHANDALU}, 2)`;
        building = ensureVariant(t.db, rules);
        // The build queues behind this transaction's lock on orgs before we go on.
        for (;;) {
          const [w] = await ta`select count(*)::int n from pg_locks where relation = 'orgs'::regclass and not granted`;
          if (w!.n > 0) break;
        }
        await ta`insert into orgs (name, kind, region_code, members_formal) values ('构建中乙', 'enterprise', ${SHANDALU}, 3)`;
      });
      expect(await building).toBe(true);
      const fromRollups = await coverageRows(t.db, LICHENG, rules, 'rollups');
      expect(fromRollups).toEqual(await coverageRows(t.db, LICHENG, rules, 'rows'));
      expect((await verifyCoverage(t.db, await inForce(t.db, clock), '37')).differences).toEqual([]);
    } finally {
      await a.end();
    }
  }, 60_000);
});
