import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { auditLog, instructorAssignments, ledgerImports, orgs, partyOrgs, people } from '../../../src/db/schema/index.ts';
import { creditCode, row } from '../../ledger/support/ledger-fixtures.ts';
import { importRows } from './import-kit.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

const orgByName = async (name: string) => (await t.db.select().from(orgs).where(eq(orgs.name, name)))[0];

describe('a first import and a re-import', () => {
  const rows = [
    row({ 组织名称: '济南甲科技有限公司', 统一社会信用代码: creditCode(11), 职工人数: 120, 正式党员数: 5, 预备党员数: 1, 党组织名称: '中共济南甲科技有限公司支部委员会', 组建方式: '单独组建', 党组织类型: '党支部', 群团组织: '工会、共青团' }),
    row({ 组织名称: '济南乙商贸有限公司', 区划代码: '370112020', 正式党员数: 1, 党组织名称: '唐王街道第一联合党支部', 组建方式: '联合组建', 党组织类型: '联合党支部' }),
    row({ 组织名称: '济南丙物流有限公司', 统一社会信用代码: '91350211M00013FA1N', 区划代码: '370112011', 正式党员数: 2, 党组织名称: '唐王街道第一联合党支部', 组建方式: '联合组建', 党组织类型: '联合党支部' }),
    row({ 组织名称: '坏行', 区划代码: '999999999', 职工人数: -3 }),
  ];

  test('imports valid rows, rejects bad ones with row number and reason, warns on a failing check character', async () => {
    const { result, rejected, warned } = await importRows(t.db, rows, { reason: '首次建账' });
    expect(result).toMatchObject({ rows: 4, imported: 3, updated: 0, unchanged: 0, rejected: 1, warnings: 1 });
    expect(rejected[0]).toBe('行号,原因,' + rejected[0]!.split(',').slice(2).join(','));
    expect(rejected[1]).toMatch(/^5,区划代码“999999999”不存在；职工人数“-3”应为不小于0的整数,坏行,/);
    expect(warned[1]).toMatch(/^4,统一社会信用代码“91350211M00013FA1N”校验位不符/);
    const bing = await orgByName('济南丙物流有限公司');
    expect(bing?.creditCode).toBe('91350211M00013FA1N');
  });

  test('orgs sharing a 党组织名称 with 联合组建 share one joint party org, placed at their common region', async () => {
    const [yi, bing] = [await orgByName('济南乙商贸有限公司'), await orgByName('济南丙物流有限公司')];
    expect(yi!.partyOrgId).toBeTruthy();
    expect(yi!.partyOrgId).toBe(bing!.partyOrgId);
    const [po] = await t.db.select().from(partyOrgs).where(eq(partyOrgs.id, yi!.partyOrgId!));
    expect(po).toMatchObject({ name: '唐王街道第一联合党支部', formation: 'joint', type: 'joint_branch', regionCode: '370112', membersFormal: 3 });
    expect(yi!.partyOrgType).toBe('joint_branch');
  });

  test('each addition keeps its reason in the audit log', async () => {
    const jia = await orgByName('济南甲科技有限公司');
    const [a] = await t.db.select().from(auditLog).where(and(eq(auditLog.entity, 'org'), eq(auditLog.entityId, jia!.id)));
    expect(a).toMatchObject({ action: 'create', reason: '首次建账', actorLabel: 'test' });
    expect(a!.after).toMatchObject({ name: '济南甲科技有限公司', employees: 120, partyOrgName: '中共济南甲科技有限公司支部委员会' });
  });

  test('the same file again changes nothing and duplicates nothing', async () => {
    const before = (await t.db.select().from(orgs)).length;
    const { result } = await importRows(t.db, rows);
    expect(result).toMatchObject({ imported: 0, updated: 0, unchanged: 3, rejected: 1 });
    expect((await t.db.select().from(orgs)).length).toBe(before);
    expect((await t.db.select().from(partyOrgs)).length).toBe(2);
  });

  test('a changed row updates the org (by credit code, else name + region) with before/after and the reason', async () => {
    const changed = [
      { ...rows[0]!, 职工人数: 130, 组织名称: '济南甲科技股份有限公司' },
      { ...rows[1]!, 正式党员数: 3 },
    ];
    const { result } = await importRows(t.db, changed, { reason: '年度核查' });
    expect(result).toMatchObject({ imported: 0, updated: 2 });
    const jia = await orgByName('济南甲科技股份有限公司');
    expect(jia?.employees).toBe(130);
    expect(await orgByName('济南甲科技有限公司')).toBeUndefined();
    const [a] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, jia!.id), eq(auditLog.action, 'update')));
    expect(a!.reason).toBe('年度核查');
    expect(a!.before).toEqual({ name: '济南甲科技有限公司', employees: 120 });
    expect(a!.after).toMatchObject({ name: '济南甲科技股份有限公司', employees: 130 });
    const [po] = await t.db.select().from(partyOrgs).where(eq(partyOrgs.name, '唐王街道第一联合党支部'));
    expect(po!.membersFormal).toBe(5);
  });

  test('the import batch is recorded with its counts', async () => {
    const batches = await t.db.select().from(ledgerImports).orderBy(asc(ledgerImports.startedAt));
    expect(batches.at(-1)).toMatchObject({ status: 'done', updated: 2 });
  });
});

describe('rows that contradict other rows', () => {
  test('the same org twice in one file: the second row is rejected', async () => {
    const { result, rejected } = await importRows(t.db, [
      row({ 组织名称: '重复公司', 统一社会信用代码: creditCode(21) }),
      row({ 组织名称: '重复公司（别名）', 统一社会信用代码: creditCode(21) }),
      row({ 组织名称: '无码公司' }),
      row({ 组织名称: '无码公司' }),
    ]);
    expect(result).toMatchObject({ imported: 2, rejected: 2 });
    expect(rejected.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['3,与第2行是同一组织，本行未导入', '5,与第4行是同一组织，本行未导入']);
  });

  test('a 单独组建 party org cannot belong to two orgs; a joint name cannot be used as standalone', async () => {
    const { result, rejected } = await importRows(t.db, [
      row({ 组织名称: '单建甲', 党组织名称: '中共单建支部', 组建方式: '单独组建', 党组织类型: '党支部' }),
      row({ 组织名称: '单建乙', 党组织名称: '中共单建支部', 组建方式: '单独组建', 党组织类型: '党支部' }),
      row({ 组织名称: '联建丁', 党组织名称: '唐王街道第一联合党支部', 组建方式: '单独组建', 党组织类型: '党支部' }),
    ]);
    expect(result).toMatchObject({ imported: 1, rejected: 2 });
    expect(rejected[1]).toContain('单独组建的党组织“中共单建支部”已属于“单建甲”');
    expect(rejected[2]).toContain('党组织“唐王街道第一联合党支部”');
  });

  test('chunks are independent transactions: a joint org spanning chunks is still one party org', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => row({ 组织名称: `跨批联建${i}`, 正式党员数: 1, 党组织名称: '跨批联合党支部', 组建方式: '联合组建', 党组织类型: '联合党支部' }));
    const { result } = await importRows(t.db, rows, { chunkSize: 3 });
    expect(result.imported).toBe(7);
    const linked = await t.db.select({ po: orgs.partyOrgId }).from(orgs).innerJoin(partyOrgs, eq(partyOrgs.id, orgs.partyOrgId)).where(eq(partyOrgs.name, '跨批联合党支部'));
    expect(new Set(linked.map((l) => l.po)).size).toBe(1);
    const [po] = await t.db.select().from(partyOrgs).where(eq(partyOrgs.name, '跨批联合党支部'));
    expect(po!.membersFormal).toBe(7);
  });

  test('an officer importing in chat cannot touch orgs outside their regions', async () => {
    const { result, rejected } = await importRows(
      t.db,
      [row({ 组织名称: '外区公司', 区划代码: '370102001' }), { ...row({ 组织名称: '济南丙物流有限公司', 统一社会信用代码: '91350211M00013FA1N', 区划代码: '370112020' }) }],
      { regionAllowed: (c) => c.startsWith('370112020') },
    );
    expect(result).toMatchObject({ imported: 0, updated: 0, rejected: 2 });
    expect(rejected[1]).toContain('不在您的管辖范围内');
    expect(rejected[2]).toContain('属于区划370112011');
  });
});

describe('instructors named in the ledger', () => {
  test('a mobile the roster knows becomes an assignment; an unknown one still gives work coverage', async () => {
    const [p] = await t.db.insert(people).values({ name: '王指导', mobile: '13700000001' }).returning();
    await importRows(t.db, [
      row({ 组织名称: '有指导员甲', 党建工作指导员手机号: '13700000001' }),
      row({ 组织名称: '有指导员乙', 党建工作指导员手机号: '13700000002' }),
    ]);
    const jia = await orgByName('有指导员甲');
    const yi = await orgByName('有指导员乙');
    expect(jia!.hasInstructor && yi!.hasInstructor).toBe(true);
    const links = await t.db.select().from(instructorAssignments).where(eq(instructorAssignments.instructorId, p!.id));
    expect(links.map((l) => l.orgId)).toEqual([jia!.id]);
    // moved to another instructor: the old ledger-made link goes
    await importRows(t.db, [row({ 组织名称: '有指导员甲', 党建工作指导员手机号: '13700000003' })]);
    expect(await t.db.select().from(instructorAssignments).where(eq(instructorAssignments.instructorId, p!.id))).toEqual([]);
    await importRows(t.db, [row({ 组织名称: '有指导员甲' })]);
    expect((await orgByName('有指导员甲'))!.hasInstructor).toBe(false);
  });
});
