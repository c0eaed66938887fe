import { afterAll, beforeAll, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { instructorAssignments, orgs } from '../../../src/db/schema/ledger.ts';
import { assign, auditOf, cardText, driver, field, LICHENG, LICHENG_STREET, seedInstructor, seedOfficer, seedOrg } from './visit-kit.ts';

const NOW = '2026-11-20T02:00:00Z';
let h: BotHarness;
let fullId: string;
let freeId: string;
const org: Record<string, string> = {};
const off = () => driver(h, 'ou_as_off');

const assignmentOf = async (instructorId: string, orgId: string) =>
  (await h.db.select().from(instructorAssignments).where(and(eq(instructorAssignments.instructorId, instructorId), eq(instructorAssignments.orgId, orgId))))[0];

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
  await seedOfficer(h.db, 'ou_as_off', '王干部');
  fullId = await seedInstructor(h.db, 'ou_full', '满员指导员');
  freeId = await seedInstructor(h.db, 'ou_free', '空闲指导员', '310101', '13800138000');
  // 满员 already guides 5 orgs with a party org (I1 = 5).
  for (let i = 1; i <= 5; i++) await assign(h.db, fullId, await seedOrg(h.db, { name: `已联系单位${i}`, formation: 'standalone' }));
  org.party = await seedOrg(h.db, { name: '新建党支部公司', formation: 'standalone' });
  org.plain = await seedOrg(h.db, { name: '尚未建党组织公司', creditCode: '91310101MA1234567X', instructorMobile: '13800138000' });
  org.far = await seedOrg(h.db, { name: '外区公司', regionCode: LICHENG_STREET });
});
afterAll(() => h.close());

async function choose(instructor: string, orgQuery: string, op = 'assign') {
  const form = await off().clickValue({ cmd: 'start', flow: 'visit-assign', args: { fresh: true } });
  const instructorValue = (field(form.card, 'instructor')!.options as Array<{ value: string; text: { content: string } }>).find((o) => o.text.content === instructor)?.value;
  return off().click(form.card, '下一步', { instructor: instructorValue ?? 'x', org: orgQuery, op });
}

test('within the caps: assigned at once, audited, and the instructor is told', async () => {
  const confirm = await choose('空闲指导员', '新建党支部');
  expect(cardText(confirm.card)).toContain('将 **新建党支部公司**（单独组建（新建党支部公司党支部））指派给指导员 **空闲指导员**');
  expect(cardText(confirm.card)).toContain('有党组织的单位 0 个（上限 5）');
  expect(field(confirm.card, 'reason')).toBeUndefined();
  const done = await off().click(confirm.card, '确认指派', {});
  expect(cardText(done.card)).toContain('已将 **新建党支部公司** 指派给指导员 **空闲指导员**');
  expect(await assignmentOf(freeId, org.party!)).toMatchObject({ assignedOn: '2026-11-20', exceptionReason: null });
  const audit = await auditOf(h.db, 'instructor_assignment', `${freeId}:${org.party}`);
  expect(audit.map((a) => a.action)).toEqual(['create']);
  const told = h.lastCard('ou_free');
  expect(cardText(told)).toContain('已将 **新建党支部公司** 设为您的联系单位');
  // The org now appears first thing on the instructor's visit form.
  const pick = await driver(h, 'ou_free').say('记录走访');
  expect(cardText(pick)).toContain('新建党支部公司');
});

test('past a cap it is refused unless the officer confirms an exception with a reason', async () => {
  const confirm = await choose('满员指导员', '新建党支部公司');
  const text = cardText(confirm.card);
  expect(text).toContain('指派后有党组织的联系单位将达 6 个，超过上限 5 个');
  expect(field(confirm.card, 'reason')?.required).toBe(true);
  const noReason = await off().click(confirm.card, '确认例外指派', { reason: '  ' });
  expect(cardText(noReason.card)).toContain('超出上限，请填写例外原因');
  expect(await assignmentOf(fullId, org.party!)).toBeUndefined();
  const done = await off().click(noReason.card, '确认例外指派', { reason: '该片区暂无其他指导员' });
  expect(cardText(done.card)).toContain('例外指派');
  expect(await assignmentOf(fullId, org.party!)).toMatchObject({ exceptionReason: '该片区暂无其他指导员' });
  const [audit] = await auditOf(h.db, 'instructor_assignment', `${fullId}:${org.party}`);
  expect(audit).toMatchObject({ action: 'create', reason: '该片区暂无其他指导员' });
  // A double tap on the confirm, or a click on an older card, writes nothing more.
  const twice = await off().click(noReason.card, '确认例外指派', { reason: '该片区暂无其他指导员' });
  expect(cardText(twice.card)).toBe(cardText(done.card));
  const again = await off().click(confirm.card, '确认例外指派', { reason: '该片区暂无其他指导员' });
  expect(again.toast?.type).toBe('warning');
  expect(await auditOf(h.db, 'instructor_assignment', `${fullId}:${org.party}`)).toHaveLength(1);
  // The officer's view lists the instructor as over the cap, with the exception counted.
  const overview = await off().say('走访情况');
  expect(cardText(overview)).toContain('**满员指导员**');
  expect(cardText(overview)).toContain('有党组织单位 6/5 个；无党组织单位 0/3 个；例外指派 1 个');
});

test('unassign: by credit code; the ledger mobile of that instructor goes too, so the org has no instructor', async () => {
  await assign(h.db, freeId, org.plain!);
  const confirm = await choose('空闲指导员', '91310101MA1234567X', 'unassign');
  expect(cardText(confirm.card)).toContain('解除指导员 **空闲指导员** 与 **尚未建党组织公司** 的联系');
  const done = await off().click(confirm.card, '确认解除', {});
  expect(cardText(done.card)).toContain('已解除');
  expect(await assignmentOf(freeId, org.plain!)).toBeUndefined();
  const [row] = await h.db.select().from(orgs).where(eq(orgs.id, org.plain!));
  expect(row).toMatchObject({ instructorMobile: null, hasInstructor: false });
  expect((await auditOf(h.db, 'instructor_assignment', `${freeId}:${org.plain}`)).map((a) => a.action)).toEqual(['delete']);
});

test('bad choices: an org outside the region, several matches, already assigned, not assigned', async () => {
  const far = await choose('空闲指导员', '外区公司');
  expect(cardText(far.card)).toContain('本区域没有找到“外区公司”');
  expect(field(far.card, 'org')?.default_value).toBe('外区公司');
  const many = await choose('空闲指导员', '已联系单位');
  expect(cardText(many.card)).toContain('找到多个单位：已联系单位1、已联系单位2');
  const already = await choose('空闲指导员', '新建党支部公司');
  expect(cardText(already.card)).toContain('新建党支部公司 已经是 空闲指导员 的联系单位');
  const notAssigned = await choose('空闲指导员', '已联系单位3', 'unassign');
  expect(cardText(notAssigned.card)).toContain('空闲指导员 没有联系 已联系单位3');
  const forged = await choose('不存在的人', '已联系单位3');
  expect(cardText(forged.card)).toContain('请选择本区域的指导员');
});

test('only officers can change assignments', async () => {
  const r = await driver(h, 'ou_free').clickValue({ cmd: 'start', flow: 'visit-assign', args: {} });
  expect(cardText(r.card)).toContain('暂无权限');
});

test('a region with more instructors than a list can hold: the officer types a name or a mobile', async () => {
  await seedOfficer(h.db, 'ou_as_big', '历城干部', LICHENG);
  for (let i = 0; i < 101; i++) await seedInstructor(h.db, `ou_lc_${i}`, `历城指导员${i}`, LICHENG, `1390000${String(i).padStart(4, '0')}`);
  const target = await seedOrg(h.db, { name: '历城新公司', regionCode: LICHENG_STREET });
  const big = driver(h, 'ou_as_big');
  const form = await big.clickValue({ cmd: 'start', flow: 'visit-assign', args: { fresh: true } });
  expect(field(form.card, 'instructor')).toBeUndefined();
  expect(field(form.card, 'instructor_q')?.tag).toBe('input');
  const many = await big.click(form.card, '下一步', { instructor_q: '历城指导员', org: '历城新公司', op: 'assign' });
  expect(cardText(many.card)).toContain('找到多位指导员');
  expect(field(many.card, 'instructor_q')?.default_value).toBe('历城指导员');
  const none = await big.click(many.card, '下一步', { instructor_q: '不存在', org: '历城新公司', op: 'assign' });
  expect(cardText(none.card)).toContain('本区域没有找到指导员“不存在”');
  const byMobile = await big.click(none.card, '下一步', { instructor_q: '139 0000 0042', org: '历城新公司', op: 'assign' });
  expect(cardText(byMobile.card)).toContain('指派给指导员 **历城指导员42**');
  const done = await big.click(byMobile.card, '确认指派', {});
  expect(cardText(done.card)).toContain('已将 **历城新公司** 指派给指导员 **历城指导员42**');
  const byName = await big.clickValue({ cmd: 'start', flow: 'visit-assign', args: { fresh: true } });
  const exact = await big.click(byName.card, '下一步', { instructor_q: '历城指导员42', org: '历城新公司', op: 'unassign' });
  expect(cardText(exact.card)).toContain('解除指导员 **历城指导员42** 与 **历城新公司** 的联系');
  expect(target).toBeTruthy();
});
