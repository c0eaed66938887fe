import { expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { cardText, elementsOf } from '../../support/bot-harness.ts';
import { leadSources, leads } from '../../../src/db/schema/leads.ts';
import { auditLog, conversations } from '../../../src/db/schema/core.ts';
import { aboutForm, allLeads, CODE_A, driver, OPEN, received, leadJourneys } from './lead-kit.ts';

const t = leadJourneys([leads]);

test('a person the ledger does not know finds their organisation: the lead goes to the secretary of the party org where they work', async () => {
  const guest = driver(t.h, OPEN.guest);
  // The guest card's own button starts the flow.
  const first = (await guest.value({ cmd: 'start', flow: 'member-self' })).card!;
  expect(cardText(first)).toContain('党员找组织');
  const where = (await guest.click(first, '下一步', { name: '张三', mobile: '138-1234-5678', query: '甲科技' })).card!;
  const options = elementsOf(where).find((e) => e.name === 'org')!.options.map((o: { text: { content: string } }) => o.text.content);
  expect(options).toEqual(['甲科技有限公司（山大路街道）', '都不是，按“甲科技”登记']);
  const about = (await guest.click(where, '下一步', { org: t.L.orgA, region: '' })).card!;
  // The consent line says who will see this and why, with the policy's retention.
  expect(cardText(about)).toContain('只有负责联系您的党组织书记');
  expect(cardText(about)).toContain('180 天后删除');
  const done = await guest.click(about, '提交', aboutForm());
  expect(done.toast?.type).toBe('success');
  expect(cardText(done.card)).toContain('甲科技有限公司党支部会尽快与您联系');

  const [lead] = await allLeads(t.h.db);
  expect(lead).toMatchObject({
    name: '张三',
    mobile: '13812345678',
    workplaceOrgId: t.L.orgA,
    regionCode: '370112001',
    relationshipAt: '某县某村党支部',
    standing: 'formal',
    joinedYear: 2012,
    awayKind: 'province',
    awaySince: '2024-03-01',
    takePartAt: 'work',
    state: 'new',
    assignedVia: 'party_org',
    assigneePersonId: t.L.people.secA,
    assigneePartyOrgId: t.L.poA,
  });
  const sources = await t.h.db.select().from(leadSources).where(eq(leadSources.leadId, lead!.id));
  expect(sources).toMatchObject([{ kind: 'self', registeredBy: null, registrantOpenId: OPEN.guest }]);

  // The secretary is told, with the lead in full and the next states as buttons.
  const cards = received(t.h, OPEN.secA);
  expect(cards).toHaveLength(1);
  const text = cardText(cards[0]);
  expect(text).toContain('张三');
  expect(text).toContain('13812345678');
  expect(text).toContain('联系期限');
  const buttons = elementsOf(cards[0]!).filter((e) => e.tag === 'button').map((e) => e.text.content);
  expect(buttons).toEqual(['已联系上', '联系不上', '转交']);
  // … and that showing is audited, without the person's data in the log.
  const views = await t.h.db.select().from(auditLog).where(and(eq(auditLog.entity, 'lead'), eq(auditLog.entityId, lead!.id), eq(auditLog.action, 'view')));
  expect(views.map((v) => v.actorId)).toContain(t.L.people.secA);
  const all = JSON.stringify(await t.h.db.select().from(auditLog).where(eq(auditLog.entityId, lead!.id)));
  expect(all).not.toContain('13812345678');
  expect(all).not.toContain('张三');
  // Nobody else heard of it.
  expect(received(t.h, OPEN.officerCounty)).toHaveLength(0);
  // The draft keeps nothing personal once submitted.
  const drafts = await t.h.db.select({ answers: conversations.answers, status: conversations.status }).from(conversations).where(eq(conversations.personKey, OPEN.guest));
  expect(drafts).toHaveLength(1);
  expect(drafts[0]!.status).toBe('done');
  expect(JSON.stringify(drafts)).not.toContain('1381234');
});

test('the workplace is found by its credit code, and a known member finds name and mobile filled in', async () => {
  const m = driver(t.h, OPEN.member);
  const first = await m.say('我是党员');
  const inputs = elementsOf(first).filter((e) => e.tag === 'input');
  expect(inputs.find((e) => e.name === 'name')?.default_value).toBe('王党员');
  expect(inputs.find((e) => e.name === 'mobile')?.default_value).toBe('13900001111');
  // A credit code is an exact match: no pick, straight to the next step with the org named.
  const about = (await m.click(first, '下一步', { name: '王党员', mobile: '13900001111', query: CODE_A.toLowerCase() })).card!;
  expect(elementsOf(about).find((e) => e.tag === 'select_static' && e.name === 'org')).toBeUndefined();
  expect(cardText(about)).toContain('工作单位：甲科技有限公司（山大路街道）');
  await m.click(about, '提交', aboutForm({ awayKind: 'none', awaySince: '' }));
  const [lead] = await allLeads(t.h.db);
  expect(lead).toMatchObject({ personId: t.L.people.member, awayKind: 'none', awaySince: null });
});

test('a workplace not in the ledger is kept as typed; the region decides, and the officers nearest to it are told', async () => {
  const guest = driver(t.h, OPEN.guest2);
  const first = await guest.say('找组织');
  // Typed text that looks like markup is data: shown exactly as typed, on every card.
  const typed = '某某奶茶店(东门)*2_[店]';
  const where = (await guest.click(first, '下一步', { name: '李小红', mobile: '13700002222', query: typed })).card!;
  expect(cardText(where)).toContain(`台账中没有找到“${typed}”`);
  // A guest has no region of their own: the region is required.
  let r = await guest.click(where, '下一步', { region: '' });
  expect(cardText(r.card)).toContain('请填写单位所在的区县或街道');
  r = await guest.click(r.card, '下一步', { region: '火星区' });
  expect(cardText(r.card)).toContain('没有找到这个地区');
  r = await guest.click(r.card, '下一步', { region: '山大路街道' });
  const done = await guest.click(r.card, '提交', aboutForm({ takePartAt: 'home' }));
  expect(cardText(done.card)).toContain('山大路街道组织部门');
  const [lead] = await allLeads(t.h.db);
  expect(lead).toMatchObject({ workplaceOrgId: null, workplaceText: typed, regionCode: '370112001', assignedVia: 'officers', assigneePersonId: null });
  const told = received(t.h, OPEN.officerTown);
  expect(told).toHaveLength(1);
  expect(cardText(told[0])).toContain(`：${typed}\n`);
  // The district's officers may see it, but the street's officer is the one told.
  expect(received(t.h, OPEN.officerCounty)).toHaveLength(0);
});

test('same-named places are told apart by a pick', async () => {
  const guest = driver(t.h, OPEN.guest2);
  const first = await guest.say('党员找组织');
  const where = (await guest.click(first, '下一步', { name: '刘一', mobile: '13700003333', query: '小卖部' })).card!;
  const many = await guest.click(where, '下一步', { region: '市中区' });
  expect(cardText(many.card)).toContain('有几个同名地区');
  const pick = elementsOf(many.card!).find((e) => e.tag === 'select_static' && e.name === 'regionPick');
  const jinan = pick!.options.find((o: { text: { content: string } }) => o.text.content.includes('济南市'));
  expect(jinan).toBeDefined();
  const about = await guest.click(many.card, '下一步', { region: '市中区', regionPick: jinan.value });
  await guest.click(about.card, '提交', aboutForm());
  const [lead] = await allLeads(t.h.db);
  expect(lead!.regionCode).toBe(jinan.value);
  // "济南市市中区" reads as one place (another newcomer: the same account would be offered an update).
  const other = driver(t.h, 'ou_lead_guest3');
  const again = await other.say('党员找组织');
  const w2 = await other.click(again, '下一步', { name: '刘二', mobile: '13700004444', query: '小卖部' });
  const a2 = await other.click(w2.card, '下一步', { region: '济南市市中区' });
  expect(cardText(a2.card)).toContain('党员信息');
});

test('bad input is refused beside the field, what was typed is kept, and nothing is saved', async () => {
  const guest = driver(t.h, OPEN.guest);
  const first = await guest.say('我是党员');
  let r = await guest.click(first, '下一步', { name: '  ', mobile: '+852 9123 4567', query: '甲科技' });
  let text = cardText(r.card);
  expect(text).toContain('请填写姓名');
  expect(text).toContain('请填写 11 位中国大陆手机号');
  expect(elementsOf(r.card!).find((e) => e.name === 'query')?.default_value).toBe('甲科技');
  r = await guest.click(r.card, '下一步', { name: '张三', mobile: '12345678901', query: '甲科技' });
  expect(cardText(r.card)).toContain('请填写 11 位中国大陆手机号');
  r = await guest.click(r.card, '下一步', { name: '张三', mobile: '13812345678', query: '甲科技' });
  const about = (await guest.click(r.card, '下一步', { org: t.L.orgA })).card!;
  r = await guest.click(about, '提交', aboutForm({ joinedYear: '2027', consent: false, awaySince: '' }));
  text = cardText(r.card);
  expect(text).toContain('入党年份不能晚于今年');
  expect(text).toContain('请勾选同意后再提交');
  expect(text).toContain('外出的请填写开始日期');
  expect(elementsOf(r.card!).find((e) => e.name === 'joinedYear')?.default_value).toBe('2027');
  r = await guest.click(r.card, '提交', aboutForm({ awaySince: '2027-01-01 +0800' }));
  expect(cardText(r.card)).toContain('开始日期不能晚于今天');
  expect(await allLeads(t.h.db)).toHaveLength(0);
  // A submit that passes saves one lead, and the same submit again shows the same confirmation.
  const ok = await guest.click(r.card, '提交', aboutForm());
  expect(ok.toast?.type).toBe('success');
  const again = await guest.click(r.card, '提交', aboutForm());
  expect(cardText(again.card)).toContain('已收到');
  expect(await allLeads(t.h.db)).toHaveLength(1);
});

test('the full ledger name typed is an exact match: no dropdown, the org is taken and named, and 上一步 goes back to what was typed (issue 20 item 12h)', async () => {
  const guest = driver(t.h, OPEN.guest);
  const first = await guest.say('我是党员');
  const about = (await guest.click(first, '下一步', { name: '张三', mobile: '13812345678', query: ' 甲科技有限公司 ' })).card!;
  expect(elementsOf(about).find((e) => e.name === 'org')).toBeUndefined();
  expect(cardText(about)).toContain('工作单位：甲科技有限公司（山大路街道）');
  expect(cardText(about)).toContain('党员信息');
  const back = (await guest.click(about, '上一步', {})).card!;
  expect(elementsOf(back).find((e) => e.name === 'query')?.default_value).toBe('甲科技有限公司');
  const again = (await guest.click(back, '下一步', { name: '张三', mobile: '13812345678', query: '甲科技有限公司' })).card!;
  const done = await guest.click(again, '提交', aboutForm());
  expect(done.toast?.type).toBe('success');
  const [lead] = await allLeads(t.h.db);
  expect(lead).toMatchObject({ workplaceOrgId: t.L.orgA, workplaceText: null, regionCode: '370112001', assigneePersonId: t.L.people.secA });
});
