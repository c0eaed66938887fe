import { expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { cardText, elementsOf } from '../../support/bot-harness.ts';
import { leadSources, leads } from '../../../src/db/schema/leads.ts';
import { aboutForm, allLeads, driver, OPEN, received, leadJourneys } from './lead-kit.ts';

const t = leadJourneys([leads]);

test('组织找党员: a secretary registers a lead at an org covered by a joint party org; its secretary is told', async () => {
  const sec = driver(t.h, OPEN.secA);
  const first = await sec.say('找党员');
  expect(cardText(first)).toContain('组织找党员');
  // The source is required; the mobile is not.
  let r = await sec.click(first, '下一步', { name: '李四', mobile: '', query: '乙商贸', sourceNote: '' });
  expect(cardText(r.card)).toContain('此项必填');
  r = await sec.click(r.card, '下一步', { name: '李四', mobile: '', query: '乙商贸', sourceNote: '企业花名册', note: '原籍河南' });
  const done = await sec.click(r.card, '提交', { org: t.L.orgJoint });
  expect(cardText(done.card)).toContain('转由山大路商圈联合党支部联系核实');
  const [lead] = await allLeads(t.h.db);
  expect(lead).toMatchObject({ name: '李四', mobile: null, note: '原籍河南', assignedVia: 'party_org', assigneePersonId: t.L.people.secJoint, assigneePartyOrgId: t.L.poJoint });
  const [src] = await t.h.db.select().from(leadSources).where(eq(leadSources.leadId, lead!.id));
  expect(src).toMatchObject({ kind: 'org', registeredBy: t.L.people.secA, note: '企业花名册' });
  const cards = received(t.h, OPEN.secJoint);
  expect(cards).toHaveLength(1);
  expect(cardText(cards[0])).toContain('企业花名册');
});

test('an org with no party org goes to the instructor covering it; one with neither goes to the officers', async () => {
  const officer = driver(t.h, OPEN.officerCounty);
  let first = await officer.say('登记线索');
  let r = await officer.click(first, '下一步', { name: '陈律师', mobile: '13600001111', query: '丙律师', sourceNote: '走访了解' });
  await officer.click(r.card, '提交', { org: t.L.orgInstructed });
  first = await officer.say('登记线索');
  r = await officer.click(first, '下一步', { name: '林厨师', mobile: '13600002222', query: '丁餐饮', sourceNote: '走访了解' });
  await officer.click(r.card, '提交', { org: t.L.orgBare });
  const rows = await allLeads(t.h.db);
  expect(rows.find((l) => l.name === '陈律师')).toMatchObject({ assignedVia: 'instructor', assigneePersonId: t.L.people.instructor, assigneePartyOrgId: null });
  expect(rows.find((l) => l.name === '林厨师')).toMatchObject({ assignedVia: 'officers', assigneePersonId: null, regionCode: '370112001' });
  expect(received(t.h, OPEN.instructor)).toHaveLength(1);
  // The street's officer is nearest; the district officer who registered it is not told again.
  expect(received(t.h, OPEN.officerTown)).toHaveLength(1);
  expect(received(t.h, OPEN.officerCounty)).toHaveLength(0);
  // The lead the officers hold is on the street officer's own list.
  const mine = cardText(await driver(t.h, OPEN.officerTown).say('我的线索'));
  expect(mine).toContain('林厨师');
  expect(mine).not.toContain('陈律师');
});

test('an officer cannot register a lead outside their region; nothing is saved', async () => {
  const other = driver(t.h, OPEN.officerOther);
  const first = await other.say('找党员');
  const r = await other.click(first, '下一步', { name: '越界', mobile: '13600003333', query: '甲科技', sourceNote: '听说' });
  const refused = await other.click(r.card, '提交', { org: t.L.orgA });
  expect(cardText(refused.card)).toContain('不在您的工作范围内');
  const byRegion = await other.click(refused.card, '提交', { org: '__text__', region: '山大路街道' });
  expect(cardText(byRegion.card)).toContain('不在您的工作范围内');
  expect(await allLeads(t.h.db)).toHaveLength(0);
  await other.say('取消');
});

test('党员找党员: a member points to someone with how to reach them; 找党员 from a member starts the same flow', async () => {
  const m = driver(t.h, OPEN.member);
  const first = await m.say('找党员');
  expect(cardText(first)).toContain('党员找党员');
  // A way to reach them is needed.
  let r = await m.click(first, '下一步', { name: '王五', mobile: '', contactNote: '', query: '' });
  expect(cardText(r.card)).toContain('请至少留下手机号或其他联系方式');
  r = await m.click(r.card, '下一步', { name: '王五', mobile: '', contactNote: '微信同号，在三楼财务室', query: '' });
  expect(cardText(r.card)).toContain('没有填写工作单位');
  // The member's own region (历城区) is used when none is typed.
  const done = await m.click(r.card, '提交', { region: '' });
  expect(cardText(done.card)).toContain('历城区组织部门');
  const [lead] = await allLeads(t.h.db);
  expect(lead).toMatchObject({ name: '王五', contactNote: '微信同号，在三楼财务室', regionCode: '370112', assignedVia: 'officers' });
  const [src] = await t.h.db.select().from(leadSources).where(eq(leadSources.leadId, lead!.id));
  expect(src).toMatchObject({ kind: 'member', registeredBy: t.L.people.member });
  expect(received(t.h, OPEN.officerCounty)).toHaveLength(1);
  expect(received(t.h, OPEN.officerTown)).toHaveLength(0);
  // 党员找党员 said outright also works for a secretary.
  const sec = driver(t.h, OPEN.secA);
  expect(cardText(await sec.say('党员找党员'))).toContain('党员找党员');
  await sec.say('取消');
});

test('duplicates: the same mobile, or the same name at the same workplace, make one lead with every source', async () => {
  // A member points to 张三 at 甲科技 without a mobile…
  const m = driver(t.h, OPEN.member);
  let r = await m.click(await m.say('党员找党员'), '下一步', { name: '张三', contactNote: '销售部', query: '甲科技' });
  await m.click(r.card, '提交', { org: t.L.orgA });
  // …then 张三 comes forward himself, with his mobile.
  const g = driver(t.h, OPEN.guest);
  r = await g.click(await g.say('我是党员'), '下一步', { name: '张三', mobile: '13812345678', query: '甲科技' });
  r = await g.click(r.card, '下一步', { org: t.L.orgA });
  const done = await g.click(r.card, '提交', aboutForm());
  expect(cardText(done.card)).toContain('此前已有登记');
  let rows = await allLeads(t.h.db);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ mobile: '13812345678', contactNote: '销售部', standing: 'formal' });
  // An officer registers the same mobile under another spelling of the name: still the same lead.
  const o = driver(t.h, OPEN.officerCounty);
  r = await o.click(await o.say('登记线索'), '下一步', { name: '张 三', mobile: '+86 138 1234 5678', query: '', sourceNote: '社保数据' });
  await o.click(r.card, '提交', { region: '' });
  rows = await allLeads(t.h.db);
  expect(rows).toHaveLength(1);
  const sources = await t.h.db.select().from(leadSources).where(eq(leadSources.leadId, rows[0]!.id));
  expect(sources.map((s) => s.kind).sort()).toEqual(['member', 'org', 'self']);
  // The secretary heard of each registration, the merges marked as such.
  const cards = received(t.h, OPEN.secA);
  expect(cards).toHaveLength(3);
  expect(cardText(cards[1])).toContain('又有一次登记');
  // The card lists every source.
  const last = cardText(cards[2]);
  expect(last).toContain('本人登记');
  expect(last).toContain('党员推荐');
  expect(last).toContain('组织登记');
  expect(elementsOf(cards[2]!).some((e) => e.tag === 'button')).toBe(true);
});

test('a lead only the officers had moves to the party org once a registration names the workplace', async () => {
  const m = driver(t.h, OPEN.member);
  let r = await m.click(await m.say('党员找党员'), '下一步', { name: '赵六', mobile: '13500001111', query: '' });
  await m.click(r.card, '提交', { region: '山大路街道' });
  expect((await allLeads(t.h.db))[0]).toMatchObject({ assignedVia: 'officers' });
  const g = driver(t.h, OPEN.guest2);
  r = await g.click(await g.say('我是党员'), '下一步', { name: '赵六', mobile: '13500001111', query: '甲科技' });
  r = await g.click(r.card, '下一步', { org: t.L.orgA });
  await g.click(r.card, '提交', aboutForm());
  const [lead] = await allLeads(t.h.db);
  expect(lead).toMatchObject({ assignedVia: 'party_org', assigneePersonId: t.L.people.secA, workplaceOrgId: t.L.orgA });
  expect(cardText(received(t.h, OPEN.secA)[0])).toContain('根据工作单位转由您联系');
});
