import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { buttonValue, cardText, createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import { auditLog, people, personRoles, registrationRequests } from '../../../src/db/schema/index.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness();
  await seedPerson(h.db, { name: '历城管理员', openId: 'ou_admin', roles: [{ role: 'admin', regionCode: '370112' }] });
  await seedPerson(h.db, { name: '临沭管理员', openId: 'ou_admin_ls', roles: [{ role: 'admin', regionCode: '371329' }] });
}, 60_000);
afterAll(() => h.close());

async function apply(openId: string, form: Record<string, string>) {
  const [guest] = await h.say(openId, '你好');
  const start = await h.click(openId, buttonValue(guest, '申请登记'));
  expect(cardProblems(start.card!)).toEqual([]);
  return h.click(openId, buttonValue(start.card, '提交申请'), form);
}

test('a guest applies; the admin of that region approves with a role and scope; the applicant is told', async () => {
  const bad = await apply('ou_guest', { name: '周新', mobile: '123', region: '火星' });
  expect(cardText(bad.card)).toContain('请填写11位手机号');
  const done = await h.click('ou_guest', buttonValue(bad.card, '提交申请'), { name: '周新', mobile: '13912345678', region: '历城区唐王街道', note: '某公司党建联络员' });
  expect(cardText(done.card)).toContain('已提交给唐王街道的管理员');
  expect(h.messenger.messages('ou_admin_ls')).toHaveLength(0);
  const toAdmin = h.messenger.messages('ou_admin').at(-1)!.card!;
  expect(cardProblems(toAdmin)).toEqual([]);
  expect(cardText(toAdmin)).toContain('**周新**（139****5678）申请登记，所在地区：唐王街道');
  const approve = await h.click('ou_admin', buttonValue(toAdmin, '批准'), { role: 'officer', scope: '370112020' });
  expect(cardText(approve.card)).toContain('已批准 周新 登记为组织部干部（唐王街道）');
  expect(cardText(h.messenger.messages('ou_guest').at(-1)!.card)).toContain('您的登记申请已通过，角色：组织部干部（唐王街道）');
  const [p] = await h.db.select().from(people).where(eq(people.openId, 'ou_guest'));
  const roles = await h.db.select().from(personRoles).where(eq(personRoles.personId, p!.id));
  expect(roles.map((r) => [r.role, r.regionCode])).toEqual([['officer', '370112020']]);
  const [req] = await h.db.select().from(registrationRequests);
  expect(req).toMatchObject({ status: 'approved', regionCode: '370112020' });
  const audits = await h.db.select().from(auditLog).where(eq(auditLog.entity, 'registration'));
  expect(audits.map((a) => a.action)).toEqual(['create', 'approve']);
  // the new officer can now ask for their street's figures
  const [cov] = await h.say('ou_guest', '覆盖率');
  expect(cardText(cov)).toContain('唐王街道党的组织和工作覆盖情况');
  // a second click on the same request changes nothing
  const again = await h.click('ou_admin', buttonValue(toAdmin, '拒绝'));
  expect(again.toast?.content).toContain('已经处理过');
});

test('an admin outside the region cannot decide; a declined applicant is told', async () => {
  await apply('ou_guest2', { name: '吴某', mobile: '13912340000', region: '唐王街道' });
  const toAdmin = h.messenger.messages('ou_admin').at(-1)!.card!;
  const foreign = await h.click('ou_admin_ls', buttonValue(toAdmin, '批准'), { role: 'admin', scope: '370112' });
  expect(foreign.toast?.content).toContain('不在您管理的地区内');
  const decline = await h.click('ou_admin', buttonValue(toAdmin, '拒绝'));
  expect(cardText(decline.card)).toContain('已拒绝 吴某 的登记申请');
  expect(cardText(h.messenger.messages('ou_guest2').at(-1)!.card)).toContain('未通过');
  expect(await h.db.select().from(people).where(eq(people.openId, 'ou_guest2'))).toHaveLength(0);
});

test('an ambiguous place asks which one; a pending applicant is not asked again', async () => {
  await seedPerson(h.db, { name: '省管理员', openId: 'ou_admin_37', roles: [{ role: 'admin', regionCode: '37' }] });
  const r = await apply('ou_guest3', { name: '郑某', mobile: '13912340001', region: '市中区' });
  expect(cardText(r.card)).toContain('“市中区”对应几个地区');
  const pick = await h.click('ou_guest3', buttonValue(r.card, '市中区（枣庄市）'));
  expect(cardText(pick.card)).toContain('已提交给市中区的管理员');
  expect(cardText(h.messenger.messages('ou_admin_37').at(-1)!.card)).toContain('所在地区：市中区');
  expect(h.messenger.messages('ou_admin').filter((m) => cardText(m.card).includes('郑某'))).toHaveLength(0);
  const [again] = await h.say('ou_guest3', '申请登记');
  expect(cardText(again)).toContain('正在审核中');
});
