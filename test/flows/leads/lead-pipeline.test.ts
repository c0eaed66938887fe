import { expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buttonValue, cardText, elementsOf } from '../../support/bot-harness.ts';
import { leadEvents, leads, partyOrgMembers } from '../../../src/db/schema/leads.ts';
import { auditLog } from '../../../src/db/schema/core.ts';
import { memberCountsByPrimary, membersOf } from '../../../src/db/leads/party-org-members.ts';
import { eraseExpiredLeads } from '../../../src/db/leads/erase-leads.ts';
import { driver, leadById, OPEN, received, registerSelf, leadJourneys } from './lead-kit.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';

const t = leadJourneys([partyOrgMembers, leads]);

const stateValue = (leadId: string, to: string, rev: number, extra: Record<string, unknown> = {}) => ({ h: 'lead.state', leadId, to, rev, ...extra });

test('a lead walks new → contacted → verified → incorporated, in order, and the member is counted once', async () => {
  const id = await registerSelf(t.h, OPEN.guest, '张三', '13812345678', t.L.orgA, '甲科技');
  const sec = driver(t.h, OPEN.secA);
  const card = received(t.h, OPEN.secA)[0]!;

  // Skipping a step is refused with the reason, and changes nothing.
  const skip = await sec.value(stateValue(id, 'verified', 1));
  expect(skip.toast).toMatchObject({ type: 'error', content: '不能从“新登记”直接改为“已核实”，请按顺序办理。' });
  expect((await leadById(t.h.db, id)).state).toBe('new');

  let r = await sec.click(card, '已联系上', { note: '已电话联系' });
  expect(r.toast?.content).toBe('已改为“已联系”');
  let lead = await leadById(t.h.db, id);
  expect(lead).toMatchObject({ state: 'contacted', revision: 2 });
  expect(lead.contactedAt?.toISOString()).toBe('2026-11-20T02:00:00.000Z');
  // The old card's button is stale now: nothing happens twice.
  const stale = await sec.click(card, '已联系上', {});
  expect(stale.toast?.type).toBe('warning');
  expect((await leadById(t.h.db, id)).revision).toBe(2);

  r = await sec.click(r.card, '核实是党员', { note: '查验了党员证明' });
  // Incorporating asks for the party org and the kind of membership.
  const ask = await sec.click(r.card, '编入党组织', {});
  expect(cardText(ask.card)).toContain('编入方式');
  const orgSelect = elementsOf(ask.card!).find((e) => e.name === 'partyOrg');
  expect(orgSelect!.options.map((o: { value: string }) => o.value)).toEqual([t.L.poA]);
  expect((await leadById(t.h.db, id)).state).toBe('verified');
  const missing = await sec.click(ask.card, '编入党组织', { membership: 'participating' });
  expect(missing.toast?.type).toBe('error');
  r = await sec.click(ask.card, '编入党组织', { partyOrg: t.L.poA, membership: 'participating', note: '参加支部组织生活' });
  expect(r.toast?.content).toBe('已改为“已编入党组织”');
  lead = await leadById(t.h.db, id);
  expect(lead.state).toBe('incorporated');

  // The member now appears among the party org's members, as participating…
  expect(await membersOf(t.h.db, t.L.poA)).toMatchObject([{ leadId: id, name: '张三', membership: 'participating' }]);
  // …counted once, and the guest who came forward heard where they belong.
  expect(await memberCountsByPrimary(t.h.db, '370112')).toMatchObject({ total: 1, primary: 0, participatingOnly: 1 });
  const note = received(t.h, OPEN.guest, '组织已为您安排');
  expect(cardText(note[0])).toContain('您已编入甲科技有限公司党支部');

  // After the relationship moves in, the same member is primary there — still counted once.
  const ask2 = await sec.click(r.card, '已转接组织关系', {});
  r = await sec.click(ask2.card, '已转接组织关系', { partyOrg: t.L.poA });
  expect((await leadById(t.h.db, id)).state).toBe('transferred');
  expect(await membersOf(t.h.db, t.L.poA)).toMatchObject([{ leadId: id, membership: 'primary' }]);
  const counts = await memberCountsByPrimary(t.h.db, '370112');
  expect(counts).toMatchObject({ total: 1, primary: 1, participatingOnly: 0 });
  expect(counts.byPartyOrg).toEqual([{ partyOrgId: t.L.poA, name: '甲科技有限公司党支部', primary: 1, participatingOnly: 0 }]);
  // A closed lead offers no more buttons.
  expect(elementsOf(r.card!).filter((e) => e.tag === 'button')).toHaveLength(0);

  // The history is kept: who, when, from, to, note.
  const events = await t.h.db.select().from(leadEvents).where(eq(leadEvents.leadId, id));
  expect(events.map((e) => [e.kind, e.fromState, e.toState])).toEqual([
    ['registered', null, 'new'],
    ['state', 'new', 'contacted'],
    ['state', 'contacted', 'verified'],
    ['state', 'verified', 'incorporated'],
    ['state', 'incorporated', 'transferred'],
  ]);
  expect(events[1]).toMatchObject({ actorId: t.L.people.secA, note: '已电话联系' });

  // The officers see it in their figures: brought in this month and this year.
  const o = driver(t.h, OPEN.officerCounty);
  const overview = await o.say('线索情况');
  const text = cardText(overview);
  expect(text).toContain('本月编入党组织 1 人，本年 1 人');
  expect(text).toContain('经线索编入的党员共 1 人（组织关系在本地区党组织 1 人，在外地 0 人）');
});

test('only the assignee or an officer of the region may act; others are refused and nothing changes', async () => {
  const id = await registerSelf(t.h, OPEN.guest, '张三', '13812345678', t.L.orgA, '甲科技');
  for (const outsider of [OPEN.officerOther, OPEN.secJoint, OPEN.member, OPEN.guest]) {
    const r = await driver(t.h, outsider).value(stateValue(id, 'contacted', 1));
    expect(r.toast).toMatchObject({ type: 'error', content: '只有承办人或本地区组织部门可以办理这条线索。' });
  }
  expect((await leadById(t.h.db, id)).state).toBe('new');
  // An officer of the region may; the assignee then hears of the change.
  const r = await driver(t.h, OPEN.officerCounty).value(stateValue(id, 'contacted', 1));
  expect(r.toast?.type).toBe('success');
  const cards = received(t.h, OPEN.secA);
  expect(cardText(cards[cards.length - 1])).toContain('吴部长已将这条线索改为“已联系”');
});

test('nobody incorporates a member into, or hands a lead to, a party org outside their scope', async () => {
  const id = await registerSelf(t.h, OPEN.guest, '张三', '13812345678', t.L.orgA, '甲科技');
  const sec = driver(t.h, OPEN.secA);
  await sec.value(stateValue(id, 'contacted', 1));
  await sec.value(stateValue(id, 'verified', 2));
  // A forged form naming another org's party org.
  const forged = await sec.value(stateValue(id, 'incorporated', 3, { confirm: true }), { partyOrg: t.L.poJoint, membership: 'participating' });
  expect(forged.toast).toMatchObject({ type: 'error', content: '该党组织不在您的工作范围内，请重新选择。' });
  expect((await leadById(t.h.db, id)).state).toBe('verified');
  expect(await t.h.db.select().from(partyOrgMembers)).toHaveLength(0);

  // Handing over: the secretary's scope is their own org; the district officer's is the district.
  const badAssign = await sec.value({ h: 'lead.assign', leadId: id, rev: 3, confirm: true }, { partyOrg: t.L.poJoint });
  expect(cardText(badAssign.card)).toContain('不在您的工作范围内');
  const off = driver(t.h, OPEN.officerCounty);
  const outside = await off.value({ h: 'lead.assign', leadId: id, rev: 3, confirm: true }, { partyOrg: t.L.poOther });
  expect(cardText(outside.card)).toContain('不在您的工作范围内');
  expect((await leadById(t.h.db, id)).assigneePartyOrgId).toBe(t.L.poA);

  const form = await off.value({ h: 'lead.assign', leadId: id, rev: 3 });
  expect(elementsOf(form.card!).find((e) => e.name === 'partyOrg')!.options.map((o: { value: string }) => o.value).sort()).toEqual([t.L.poA, t.L.poJoint].sort());
  const ok = await off.click(form.card, '确认转交', { partyOrg: t.L.poJoint, note: '住在商圈附近' });
  expect(ok.toast?.content).toBe('已转交山大路商圈联合党支部');
  expect(await leadById(t.h.db, id)).toMatchObject({ assigneePartyOrgId: t.L.poJoint, assigneePersonId: t.L.people.secJoint, state: 'verified' });
  expect(received(t.h, OPEN.secJoint)).toHaveLength(1);
  // The old secretary no longer handles it: their card is masked now and has no buttons.
  const seen = await sec.value({ h: 'lead.view', leadId: id });
  expect(cardText(seen.card)).toContain('138****5678');
  expect(elementsOf(seen.card!).filter((e) => e.tag === 'button')).toHaveLength(0);
});

test('privacy: full data for the assignee, registrants and the region’s officers; masked for anyone else; every view audited', async () => {
  const id = await registerSelf(t.h, OPEN.guest, '欧阳娜娜', '13812345678', t.L.orgA, '甲科技');
  const views = async () =>
    (await t.h.db.select().from(auditLog).where(and(eq(auditLog.entity, 'lead'), eq(auditLog.entityId, id), eq(auditLog.action, 'view')))).length;
  const before = await views();
  const look = async (openId: string) => cardText((await driver(t.h, openId).value({ h: 'lead.view', leadId: id })).card);

  for (const entitled of [OPEN.secA, OPEN.officerTown, OPEN.officerCounty, OPEN.guest]) {
    const text = await look(entitled);
    expect(text).toContain('13812345678');
    expect(text).toContain('欧阳娜娜');
  }
  for (const outsider of [OPEN.officerOther, OPEN.secJoint, OPEN.member, OPEN.instructor]) {
    const text = await look(outsider);
    expect(text).not.toContain('13812345678');
    expect(text).toContain('138****5678');
    expect(text).toContain('欧**娜'); // shown as typed (escaped with character references)
    expect(text).not.toContain('某县某村党支部');
  }
  expect((await views()) - before).toBe(8);
  const masked = await t.h.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.reason, 'opened:masked')));
  expect(masked.map((m) => m.actorId).sort()).toEqual([t.L.people.officerOther, t.L.people.secJoint, t.L.people.member, t.L.people.instructor].sort());
  // The registrant may look but not act.
  const guestCard = (await driver(t.h, OPEN.guest).value({ h: 'lead.view', leadId: id })).card;
  expect(elementsOf(guestCard!).filter((e) => e.tag === 'button')).toHaveLength(0);
});

test('我的线索 lists what a person handles, with the contact deadline; a list is audited per lead', async () => {
  const id = await registerSelf(t.h, OPEN.guest, '张三', '13812345678', t.L.orgA, '甲科技');
  const sec = driver(t.h, OPEN.secA);
  let card = await sec.say('我的线索');
  expect(cardText(card)).toContain('张三');
  // Registered on Friday 2026-11-20; three working days later is Wednesday 2026-11-25.
  expect(cardText(card)).toContain('11月25日');
  const open = await sec.click(card, '查看线索', { leadId: id });
  expect(cardText(open.card)).toContain('13812345678');
  // Past the deadline it says so.
  t.h.clock.set('2026-11-26T02:00:00Z');
  card = await sec.say('我的线索');
  expect(cardText(card)).toContain('其中 1 条已逾期');
  expect(cardText(card)).toContain('11月25日（已逾期）');
  t.h.clock.set('2026-11-20T02:00:00Z');
  const listed = await t.h.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.reason, 'list')));
  expect(listed).toHaveLength(2);
  // Someone with nothing to do with leads is told so.
  expect(cardText(await driver(t.h, OPEN.instructor).say('我的线索'))).toContain('没有经办或登记');
});

test('an unreachable member is flagged after the policy’s months, with what the org should do', async () => {
  const id = await registerSelf(t.h, OPEN.guest, '张三', '13812345678', t.L.orgA, '甲科技');
  const sec = driver(t.h, OPEN.secA);
  await sec.value(stateValue(id, 'unreachable', 1));
  expect((await leadById(t.h.db, id)).outOfContactSince?.toISOString()).toBe('2026-11-20T02:00:00.000Z');
  let text = cardText((await sec.value({ h: 'lead.view', leadId: id })).card);
  expect(text).not.toContain('已失联满');
  t.h.clock.set('2027-05-20T02:00:00Z');
  text = cardText((await sec.value({ h: 'lead.view', leadId: id })).card);
  expect(text).toContain('已失联满 6 个月');
  expect(text).toContain('停止党籍');
  expect(cardText(await driver(t.h, OPEN.officerCounty).say('线索情况'))).toContain('失联满 6 个月：1 人');
  // Reached again: back to contacted, the flag cleared.
  await sec.value(stateValue(id, 'contacted', 2));
  expect((await leadById(t.h.db, id)).outOfContactSince).toBeNull();
  t.h.clock.set('2026-11-20T02:00:00Z');
});

test('the help card offers the ways in by role, and officers get 线索情况', async () => {
  const help = async (openId: string) =>
    elementsOf((await t.h.say(openId, '帮助'))[0]!)
      .filter((e) => e.tag === 'button')
      .map((e) => e.text.content);
  expect(await help(OPEN.officerCounty)).toEqual(expect.arrayContaining(['登记党员线索', '我的线索', '线索情况']));
  expect(await help(OPEN.member)).toEqual(expect.arrayContaining(['登记党员线索', '我的线索']));
  expect(await help(OPEN.member)).not.toContain('线索情况');
  const run = buttonValue((await t.h.say(OPEN.member, '帮助'))[0], '登记党员线索');
  expect(cardText((await t.h.click(OPEN.member, run)).card)).toContain('党员找党员');
});

test('a lead closed as not a member is erased after the retention; the card then says so and the counts remain', async () => {
  const id = await registerSelf(t.h, OPEN.guest, '张三', '13812345678', t.L.orgA, '甲科技');
  const sec = driver(t.h, OPEN.secA);
  await sec.value(stateValue(id, 'contacted', 1));
  const closed = await sec.value(stateValue(id, 'not_member', 2, { note: '经核查不是党员' }));
  expect(closed.toast?.type).toBe('success');
  expect((await leadById(t.h.db, id)).closedAt?.toISOString()).toBe('2026-11-20T02:00:00.000Z');
  t.h.clock.set('2027-05-19T01:59:00Z');
  expect(await eraseExpiredLeads(t.h.db, await loadPolicyBook(t.h.db), t.h.clock.now())).toBe(0);
  t.h.clock.set('2027-05-19T02:00:00Z');
  expect(await eraseExpiredLeads(t.h.db, await loadPolicyBook(t.h.db), t.h.clock.now())).toBe(1);
  expect(await eraseExpiredLeads(t.h.db, await loadPolicyBook(t.h.db), t.h.clock.now())).toBe(0);
  const text = cardText((await sec.value({ h: 'lead.view', leadId: id })).card);
  expect(text).toContain('个人信息已按规定删除');
  expect(text).not.toContain('张三');
  expect(text).not.toContain('经核查不是党员');
  expect(cardText(await driver(t.h, OPEN.officerCounty).say('线索情况'))).toContain('"非党员","n":1');
  // Nothing of the person is left anywhere in the lead's rows.
  const rows = JSON.stringify(await t.h.db.select().from(leads).where(eq(leads.id, id)));
  expect(rows).not.toContain('13812345678');
  t.h.clock.set('2026-11-20T02:00:00Z');
});
