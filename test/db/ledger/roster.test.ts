import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { auditLog, instructorAssignments, orgs, people, personRoles } from '../../../src/db/schema/index.ts';
import { csvLine } from '../../../src/ledger/csv.ts';
import { ledgerPrompts } from '../../../src/ledger/ledger-prompts.ts';
import { memorySink } from '../../../src/ledger/line-sinks.ts';
import { importRoster } from '../../../src/ledger/roster-import.ts';
import { ROSTER_COLUMNS } from '../../../src/ledger/roster-row.ts';
import { readTable } from '../../../src/ledger/table-reader.ts';
import { creditCode, row } from '../../ledger/support/ledger-fixtures.ts';
import { clock, importRows } from './import-kit.ts';

let t: TestDatabase;
/** The contact directory: who Feishu knows by mobile. */
const directory = new Map([
  ['13900000001', 'ou_officer'],
  ['13900000002', 'ou_instructor'],
  ['13900000003', 'ou_secretary'],
]);
const messenger = { resolveByMobile: async (ms: string[]) => new Map(ms.filter((m) => directory.has(m)).map((m) => [m, directory.get(m)!])) };

async function roster(lines: string[][]) {
  const text = [csvLine([...ROSTER_COLUMNS]), ...lines.map((l) => csvLine(l))].join('\r\n');
  const rejected = memorySink();
  const r = await importRoster({ db: t.db, fileName: 'roster.csv', rows: readTable({ bytes: new TextEncoder().encode(text) }, 'csv'), messenger, clock, t: ledgerPrompts, actor: { id: null, label: 'test' }, rejected });
  return { ...r, rejectedLines: rejected.lines };
}

beforeAll(async () => {
  t = await createTestDb();
  await importRows(t.db, [
    row({ 组织名称: '名册甲', 统一社会信用代码: creditCode(701) }),
    row({ 组织名称: '名册乙', 统一社会信用代码: creditCode(702), 党建工作指导员手机号: '13900000002' }),
    row({ 组织名称: '名册丙', 统一社会信用代码: creditCode(703), 党组织名称: '中共名册丙支部', 组建方式: '单独组建', 党组织类型: '党支部', 正式党员数: 3 }),
  ]);
}, 60_000);
afterAll(async () => {
  await t.drop();
});

const rolesOf = async (mobile: string) => {
  const [p] = await t.db.select().from(people).where(eq(people.mobile, mobile));
  const rs = await t.db.select().from(personRoles).where(eq(personRoles.personId, p!.id));
  return { person: p!, roles: rs.map((r) => `${r.role}:${r.regionCode ?? ''}:${r.partyOrgId ? 'po' : ''}`).sort() };
};

test('people and roles with their scopes; matched to Feishu by mobile; those not found listed', async () => {
  const r = await roster([
    ['李干部', '139 0000 0001', '组织部干部、管理员', '370112', '', ''],
    ['王指导', '13900000002', '党建工作指导员', '370112020', '', `${creditCode(701)}、${creditCode(799)}`],
    ['张书记', '13900000003', '支部书记、党员', '', '中共名册丙支部', ''],
    ['赵党员', '13900000004', '党员', '', '', ''],
    ['坏行', '12345', '村长', '', '', ''],
    ['钱书记', '13900000005', '支部书记', '', '不存在的支部', ''],
  ]);
  expect(r).toMatchObject({ rows: 6, created: 4, updated: 0, rejected: 2 });
  expect(r.notFound).toEqual([{ name: '赵党员', mobile: '139****0004' }]);
  expect(r.rejections.join('\n')).toContain('第6行：手机号“12345”不是有效的手机号；角色“村长”无法识别');
  expect(r.rejections.join('\n')).toContain('第7行：党组织“不存在的支部”不在台账中');
  expect(r.warnings).toEqual(['第3行：联系单位“' + creditCode(799) + '”不在台账中，未建立联系']);
  const officer = await rolesOf('13900000001');
  expect(officer.person.openId).toBe('ou_officer');
  expect(officer.roles).toEqual(['admin:370112:', 'officer:370112:']);
  expect((await rolesOf('13900000003')).roles).toEqual(['member::po', 'secretary::po']);
});

test('instructors are linked to the orgs listed and to orgs whose ledger row names their mobile', async () => {
  const [p] = await t.db.select().from(people).where(eq(people.mobile, '13900000002'));
  const links = await t.db.select({ name: orgs.name, has: orgs.hasInstructor, mobile: orgs.instructorMobile }).from(instructorAssignments).innerJoin(orgs, eq(orgs.id, instructorAssignments.orgId)).where(eq(instructorAssignments.instructorId, p!.id));
  expect(links.map((l) => l.name).sort()).toEqual(['名册乙', '名册甲']);
  expect(links.every((l) => l.has && l.mobile === '13900000002')).toBe(true);
});

test('re-importing updates, never duplicates; roles follow the roster; changes are audited', async () => {
  const before = (await t.db.select().from(people)).length;
  const r = await roster([
    ['李干部', '13900000001', '组织部干部', '370112020', '', ''],
    ['王指导', '13900000002', '党建工作指导员', '370112020', '', creditCode(701)],
  ]);
  expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
  expect((await t.db.select().from(people)).length).toBe(before);
  const officer = await rolesOf('13900000001');
  expect(officer.roles).toEqual(['officer:370112020:']);
  const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, officer.person.id));
  expect(audits.map((a) => a.action)).toEqual(['create', 'update']);
  expect(audits[1]!.reason).toBe('名册导入（roster.csv）');
});

test('a mobile twice in one file: the second row is rejected', async () => {
  const r = await roster([
    ['甲', '13900000011', '党员', '', '', ''],
    ['乙', '13900000011', '党员', '', '', ''],
  ]);
  expect(r.rejections).toEqual(['第3行：手机号与第2行相同，本行未导入']);
  expect(r.rejectedLines[1]).toMatch(/^3,手机号与第2行相同/);
});
