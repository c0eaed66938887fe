import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createBotHarness, elementsOf, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { meetings } from '../../../src/db/schema/meetings.ts';
import { loadObligationInputs, obligationsOf } from '../../../src/db/meetings/obligation-inputs.ts';
import type { MeetingKind } from '../../../src/domain/policy/policy-schema.ts';
import { auditOf, buttonValue, cardText, driver, fieldValue, liveMeetings, meetingForm, seedPartyOrg, seedSecretary } from './meeting-kit.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';

const NOW = '2026-11-20T02:00:00Z'; // Friday 20 November 2026, 10:00 in Shanghai; Q4
let h: BotHarness;

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
});
afterAll(() => h.close());

/** Status of this period's obligation of a kind (and group), straight from the shared loader. */
async function statusOf(partyOrgId: string, kind: MeetingKind, groupId?: string) {
  const x = (await loadObligationInputs(h.db, await loadPolicyBook(h.db), [partyOrgId], '2026-11-20')).get(partyOrgId)!;
  const lane = obligationsOf(x).filter((o) => o.kind === kind && (groupId === undefined || o.groupId === groupId));
  return lane.at(-1)!.status;
}

describe('a secretary logs each kind of meeting', () => {
  const kinds: Array<{ kind: MeetingKind; button: string; form: Record<string, unknown> }> = [
    { kind: 'general_assembly', button: '党员大会', form: {} },
    { kind: 'committee', button: '支委会', form: { expected: '5', present: '4', absentees: '王五 出差' } },
    { kind: 'group', button: '党小组会·第一党小组', form: { expected: '6', present: '6', absentees: '' } },
    { kind: 'lecture', button: '党课', form: { lecturer: '赵教授', title: '新时代党的建设' } },
    { kind: 'theme_day', button: '主题党日', form: {} },
    { kind: 'life_meeting', button: '组织生活会', form: {} },
    { kind: 'appraisal', button: '民主评议党员', form: { g_excellent: '3', g_qualified: '9', g_basic: '0', g_unqualified: '0' } },
    { kind: 'heart_talk', button: '谈心谈话', form: { expected: undefined, present: undefined, absentees: undefined, topics: '与新党员王五谈心' } },
  ];

  for (const k of kinds) {
    test(`${k.button}: logged through the card flow, its obligation turns done`, async () => {
      const org = await seedPartyOrg(h.db, { name: `${k.kind}支部`, groups: ['第一党小组', '第二党小组'] });
      const openId = `ou_kind_${k.kind}`;
      const personId = await seedSecretary(h.db, openId, '李书记', [org.id]);
      const d = driver(h, openId);
      const groupId = k.kind === 'group' ? org.groups[0]!.id : undefined;
      expect(await statusOf(org.id, k.kind, groupId)).not.toBe('done');

      const kindCard = await d.say('三会一课');
      expect(cardText(kindCard)).toContain(`${k.button}（`);
      const form = await d.click(kindCard, k.button);
      expect(cardText(form.card)).toContain('填写会议情况');

      const values = meetingForm(k.form);
      for (const key of Object.keys(values)) if (values[key] === undefined) delete values[key];
      const saved = await d.click(form.card, '保存', values);
      expect(saved.toast?.type).toBe('success');
      expect(cardText(saved.card)).toContain('会议已记录');

      const rows = await liveMeetings(h.db, org.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: k.kind, heldOn: '2026-11-18', createdBy: personId, deletedAt: null });
      expect(rows[0]!.heldAt.toISOString()).toBe('2026-11-18T06:30:00.000Z');
      if (k.kind === 'group') expect(rows[0]).toMatchObject({ partyGroupId: groupId, groupName: '第一党小组' });
      if (k.kind === 'lecture') expect(rows[0]).toMatchObject({ lecturer: '赵教授', title: '新时代党的建设' });
      if (k.kind === 'appraisal') expect(rows[0]!.grades).toEqual({ excellent: 3, qualified: 9, basic: 0, unqualified: 0 });
      if (k.kind === 'heart_talk') expect(rows[0]).toMatchObject({ expected: null, present: null });
      else expect(rows[0]!.absentees.length).toBeGreaterThanOrEqual(k.kind === 'group' ? 0 : 1);

      expect(await statusOf(org.id, k.kind, groupId)).toBe('done');
      if (k.kind === 'group') expect(await statusOf(org.id, 'group', org.groups[1]!.id)).not.toBe('done');
      const audit = await auditOf(h.db, 'meeting', rows[0]!.id);
      expect(audit.map((a) => a.action)).toEqual(['create']);

      // The next time, the picker shows it as done.
      const again = await d.say('记录会议');
      expect(cardText(again)).toMatch(new RegExp(`${k.button}（本(月|季度|年度)已开`));
    });
  }
});

test('the confirmation shows the record and this quarter\'s and year\'s obligations', async () => {
  const org = await seedPartyOrg(h.db, { name: '确认卡支部' });
  const d = driver(h, 'ou_sec_confirm');
  await seedSecretary(h.db, 'ou_sec_confirm', '周书记', [org.id]);
  const kind = await d.say('记会议');
  expect(cardText(kind)).toContain('党员大会（本季度待开，上期未开）');
  // 组织生活会 is due in Q4 (条例 第十七条, 004 §14), so in November it is already due soon.
  expect(cardText(kind)).toContain('组织生活会（本年度待开，还剩 42 天）');
  const form = await d.click(kind, '党员大会');
  // 减负: expected is prefilled from the org's formal members, the host from the secretary.
  expect(fieldValue(form.card, 'expected')).toBe('12');
  expect(fieldValue(form.card, 'host')).toBe('周书记');
  expect(fieldValue(form.card, 'date')).toBe('2026-11-20');
  const saved = await d.click(form.card, '保存', meetingForm({ absentees: '张三 出差\n李四 病假' }));
  const text = cardText(saved.card);
  expect(text).toContain('三楼会议室');
  expect(text).toContain('12 / 10 人');
  expect(text).toContain('张三（出差）、李四（病假）');
  expect(text).toContain('本季度和本年度应开会议');
  expect(text).toMatch(/\*\*党员大会\*\*：第4季度 <font color="green">已开/);
  expect(text).toMatch(/\*\*支委会\*\*：10月 <font color="red">已逾期<\/font> · 11月 待开/);
  // Due soon from 1 October (条例 第十七条, 004 §14 一般安排在第四季度).
  expect(text).toMatch(/\*\*组织生活会\*\*：2026年 .*待开，还剩 42 天/);
  buttonValue(saved.card, '修改');
  buttonValue(saved.card, '删除');
});

test('what a secretary types is shown exactly as typed, never read as formatting', async () => {
  const org = await seedPartyOrg(h.db, { name: '星*光_支部' });
  const d = driver(h, 'ou_sec_typed');
  await seedSecretary(h.db, 'ou_sec_typed', '钱书记', [org.id]);
  const raw = (card: Parameters<typeof elementsOf>[0] | undefined) => elementsOf(card!).map((e) => String(e.content ?? '')).join('\n');
  const kind = await d.say('记录会议');
  expect(cardText(kind)).toContain('**星*光_支部**：请选择会议类型');
  const form = await d.click(kind, '支委会');
  const typed = { place: '3号楼(东)**会议室**', topics: '<font color="red">学习</font> [链接](x)', absentees: '王_五 出差', content: '`代码` ~~删~~ #1' };
  const saved = await d.click(form.card, '保存', meetingForm({ ...typed, expected: '5', present: '4' }));
  const text = cardText(saved.card);
  expect(text).toContain('**地点**：3号楼(东)**会议室**');
  expect(text).toContain('**议题**：<font color="red">学习</font> [链接](x)');
  expect(text).toContain('王_五（出差）');
  expect(text).toContain('`代码` ~~删~~ #1');
  // The typed markers reach Feishu as characters, not as bold, colour or links.
  expect(raw(saved.card)).not.toContain('**会议室**');
  expect(raw(saved.card)).not.toContain('<font color="red">学习');
  const offers = await h.sendFile('ou_sec_typed', '**图**.jpg', new Uint8Array([1]));
  expect(cardText(offers[0])).toContain('文件“**图**.jpg”');
  expect(raw(offers[0])).not.toContain('**图**');
});

test('a 党员大会 held as the month\'s 主题党日 counts for both', async () => {
  const org = await seedPartyOrg(h.db, { name: '主题党日支部' });
  const d = driver(h, 'ou_sec_theme');
  await seedSecretary(h.db, 'ou_sec_theme', '吴书记', [org.id]);
  const form = await d.click(await d.say('记录会议'), '党员大会');
  expect(elementsOf(form.card!).some((e) => e.tag === 'checker' && e.name === 'also_theme_day')).toBe(true);
  const saved = await d.click(form.card, '保存', meetingForm({ also_theme_day: true }));
  expect(cardText(saved.card)).toContain('（同时作为主题党日）');
  expect(cardText(saved.card)).toMatch(/\*\*主题党日\*\*：10月 .*已逾期.* · 11月 <font color="green">已开/);
  expect(await statusOf(org.id, 'general_assembly')).toBe('done');
  expect(await statusOf(org.id, 'theme_day')).toBe('done');
  // A 支委会 has no such box: it cannot stand for the theme day.
  const committee = await d.click(await d.say('记录会议'), '支委会');
  expect(elementsOf(committee.card!).some((e) => e.name === 'also_theme_day')).toBe(false);
});

describe('checks on the form', () => {
  test('present > expected is an error: nothing saved, typed values kept', async () => {
    const org = await seedPartyOrg(h.db, { name: '人数错误支部' });
    const d = driver(h, 'ou_sec_over');
    await seedSecretary(h.db, 'ou_sec_over', '郑书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '党员大会');
    const bad = await d.click(form.card, '保存', meetingForm({ present: '13', topics: '我的议题' }));
    expect(cardText(bad.card)).toContain('实到 13 人，多于应到 12 人');
    expect(fieldValue(bad.card, 'topics')).toBe('我的议题');
    expect(fieldValue(bad.card, 'present')).toBe('13');
    expect(await liveMeetings(h.db, org.id)).toHaveLength(0);
    const good = await d.click(bad.card, '保存', meetingForm({ present: '12', absentees: '', topics: '我的议题' }));
    expect(cardText(good.card)).toContain('会议已记录');
    expect(await liveMeetings(h.db, org.id)).toHaveLength(1);
  });

  test('党员大会 with half or fewer of the formal members present: a warning, saved on the second submit', async () => {
    const org = await seedPartyOrg(h.db, { name: '表决支部', membersFormal: 12 });
    const d = driver(h, 'ou_sec_quorum');
    await seedSecretary(h.db, 'ou_sec_quorum', '冯书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '党员大会');
    const warned = await d.click(form.card, '保存', meetingForm({ present: '6', absentees: '' }));
    expect(cardText(warned.card)).toContain('表决不成立');
    expect(cardText(warned.card)).toContain('第十一条');
    expect(await liveMeetings(h.db, org.id)).toHaveLength(0);
    const saved = await d.click(warned.card, '确认保存', meetingForm({ present: '6', absentees: '' }));
    expect(cardText(saved.card)).toContain('会议已记录');
    expect(cardText(saved.card)).toContain('表决不成立');
    const [row] = await liveMeetings(h.db, org.id);
    expect(row!.warnings).toEqual(['assembly_quorum']);
    // Seven of twelve is more than half: no warning at all.
    const org2 = await seedPartyOrg(h.db, { name: '表决支部二', membersFormal: 12 });
    const d2 = driver(h, 'ou_sec_quorum2');
    await seedSecretary(h.db, 'ou_sec_quorum2', '冯书记', [org2.id]);
    const f2 = await d2.click(await d2.say('记录会议'), '党员大会');
    const ok = await d2.click(f2.card, '保存', meetingForm({ present: '7', absentees: '' }));
    expect(cardText(ok.card)).toContain('会议已记录');
  });

  test('支委会 with half or fewer of the committee: warning; only a second submit of the same values confirms', async () => {
    const org = await seedPartyOrg(h.db, { name: '支委支部', committeeSize: 5 });
    const d = driver(h, 'ou_sec_committee');
    await seedSecretary(h.db, 'ou_sec_committee', '陈书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '支委会');
    expect(fieldValue(form.card, 'expected')).toBe('5');
    const warned = await d.click(form.card, '保存', meetingForm({ expected: '5', present: '2', absentees: '' }));
    expect(cardText(warned.card)).toContain('未超过支部委员（5 人）的半数');
    // One way to confirm: the notice's "再点一次确认保存", no checkbox beside it.
    expect(cardText(warned.card)).toContain('再点一次“确认保存”');
    expect(elementsOf(warned.card!).some((e) => e.tag === 'checker' && e.name === 'ack')).toBe(false);
    // Different numbers give a different warning: a plain second submit shows it again…
    const again = await d.click(warned.card, '确认保存', meetingForm({ expected: '5', present: '1', absentees: '' }));
    expect(cardText(again.card)).toContain('实到 1 人');
    expect(await liveMeetings(h.db, org.id)).toHaveLength(0);
    // …and an "ack" value in the form is no shortcut; the same values again save.
    const acked = await d.click(again.card, '确认保存', meetingForm({ expected: '5', present: '2', absentees: '', ack: true }));
    expect(cardText(acked.card)).toContain('实到 2 人');
    expect(await liveMeetings(h.db, org.id)).toHaveLength(0);
    const saved = await d.click(acked.card, '确认保存', meetingForm({ expected: '5', present: '2', absentees: '' }));
    expect(cardText(saved.card)).toContain('会议已记录');
    expect((await liveMeetings(h.db, org.id))[0]!.warnings).toEqual(['committee_quorum']);
  });

  test('民主评议 with 优秀 above one third of formal members: warning', async () => {
    const org = await seedPartyOrg(h.db, { name: '评议支部', membersFormal: 12 });
    const d = driver(h, 'ou_sec_appraisal');
    await seedSecretary(h.db, 'ou_sec_appraisal', '褚书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '民主评议党员');
    const grades = { g_excellent: '5', g_qualified: '7', g_basic: '0', g_unqualified: '0' };
    const warned = await d.click(form.card, '保存', meetingForm(grades));
    expect(cardText(warned.card)).toContain('评为优秀 5 人，超过正式党员（12 人）的 1/3');
    expect(await liveMeetings(h.db, org.id)).toHaveLength(0);
    const saved = await d.click(warned.card, '确认保存', meetingForm(grades));
    expect(cardText(saved.card)).toContain('优秀 5，合格 7');
    // Four of twelve is exactly one third: allowed.
    const org2 = await seedPartyOrg(h.db, { name: '评议支部二', membersFormal: 12 });
    const d2 = driver(h, 'ou_sec_appraisal2');
    await seedSecretary(h.db, 'ou_sec_appraisal2', '褚书记', [org2.id]);
    const f2 = await d2.click(await d2.say('记录会议'), '民主评议党员');
    const ok = await d2.click(f2.card, '保存', meetingForm({ ...grades, g_excellent: '4', g_qualified: '8' }));
    expect(cardText(ok.card)).toContain('会议已记录');
    // Counts that are not whole numbers are refused beside the field.
    const f3 = await d2.click(await d2.say('记录会议'), '民主评议党员');
    const bad = await d2.click(f3.card, '保存', meetingForm({ ...grades, g_excellent: '两个' }));
    expect(cardText(bad.card)).toContain('请填写整数');
    expect(fieldValue(bad.card, 'g_excellent')).toBe('两个');
  });
});

describe('bad input', () => {
  test('a date in the future, or before the org was founded, is refused', async () => {
    const org = await seedPartyOrg(h.db, { name: '日期支部', foundedOn: '2026-01-05' });
    const d = driver(h, 'ou_sec_dates');
    await seedSecretary(h.db, 'ou_sec_dates', '卫书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '党员大会');
    const later = await d.click(form.card, '保存', meetingForm({ date: '2026-11-20 +0800', time: '15:00 +0800' }));
    expect(cardText(later.card)).toContain('会议时间不能晚于现在');
    const tomorrow = await d.click(later.card, '保存', meetingForm({ date: '2026-11-21 +0800' }));
    expect(cardText(tomorrow.card)).toContain('会议时间不能晚于现在');
    const early = await d.click(tomorrow.card, '保存', meetingForm({ date: '2025-12-30 +0800' }));
    expect(cardText(early.card)).toContain('早于本党组织成立日期（2026-01-05）');
    expect(fieldValue(early.card, 'date')).toBe('2025-12-30');
    expect(await liveMeetings(h.db, org.id)).toHaveLength(0);
    // Earlier today is fine.
    const ok = await d.click(early.card, '保存', meetingForm({ date: '2026-11-20 +0800', time: '08:00 +0800' }));
    expect(cardText(ok.card)).toContain('会议已记录');
  });

  test('non-numeric counts are refused; full-width digits are read', async () => {
    const org = await seedPartyOrg(h.db, { name: '数字支部' });
    const d = driver(h, 'ou_sec_digits');
    await seedSecretary(h.db, 'ou_sec_digits', '蒋书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '党员大会');
    const bad = await d.click(form.card, '保存', meetingForm({ expected: '十二', present: '10人' }));
    expect(cardText(bad.card).match(/请填写整数/g)).toHaveLength(2);
    expect(await liveMeetings(h.db, org.id)).toHaveLength(0);
    const ok = await d.click(bad.card, '保存', meetingForm({ expected: '１２', present: '１０' }));
    expect(cardText(ok.card)).toContain('12 / 10 人');
  });

  test('an org the secretary does not lead is refused, from a reminder button and from a forged pick', async () => {
    const mine = await seedPartyOrg(h.db, { name: '本人支部' });
    const mine2 = await seedPartyOrg(h.db, { name: '本人支部二' });
    const other = await seedPartyOrg(h.db, { name: '别人支部' });
    const d = driver(h, 'ou_sec_scope');
    await seedSecretary(h.db, 'ou_sec_scope', '沈书记', [mine.id, mine2.id]);
    const r = await d.value({ cmd: 'start', flow: 'meeting', args: { partyOrgId: other.id, kind: 'committee' } });
    expect(cardText(r.card)).toContain('您不是该党组织的书记');
    // A pick whose value was changed to name another org is not taken.
    const pick = await d.say('记录会议');
    const forged = await d.value({ ...buttonValue(pick, '本人支部二'), org: other.id });
    expect(cardText(forged.card)).toContain('您不是该党组织的书记');
    expect(cardText(forged.card)).toContain('您负责多个党组织');
    expect(await liveMeetings(h.db, other.id)).toHaveLength(0);
    // A person who is no secretary at all gets no flow.
    const stranger = driver(h, 'ou_member_only');
    await seedPerson(h.db, { name: '党员甲', openId: 'ou_member_only', roles: [{ role: 'member' }] });
    const refused = await stranger.value({ cmd: 'start', flow: 'meeting', args: { partyOrgId: mine.id } });
    expect(cardText(refused.card)).toContain('仅对相关岗位开放');
  });

  test('a duplicate submit writes one record and shows the same confirmation', async () => {
    const org = await seedPartyOrg(h.db, { name: '重复支部' });
    const d = driver(h, 'ou_sec_dup');
    await seedSecretary(h.db, 'ou_sec_dup', '韩书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '支委会');
    const value = buttonValue(form.card, '保存');
    const first = await d.value(value, meetingForm({ expected: '5', present: '5', absentees: '' }));
    const second = await d.value(value, meetingForm({ expected: '5', present: '5', absentees: '' }));
    expect(cardText(first.card)).toContain('会议已记录');
    expect(cardText(second.card)).toBe(cardText(first.card));
    expect(await liveMeetings(h.db, org.id)).toHaveLength(1);
    // The same meeting entered again in a new draft is caught as a likely duplicate.
    const form2 = await d.click(await d.say('记录会议'), '支委会');
    const warned = await d.click(form2.card, '保存', meetingForm({ expected: '5', present: '5', absentees: '' }));
    expect(cardText(warned.card)).toContain('可能重复');
    expect(await liveMeetings(h.db, org.id)).toHaveLength(1);
  });
});

test('a reminder button opens the form directly, for a group too; a secretary of two orgs picks the org first', async () => {
  const a = await seedPartyOrg(h.db, { name: '甲支部', groups: ['一组', '二组'] });
  const b = await seedPartyOrg(h.db, { name: '乙支部' });
  const d = driver(h, 'ou_sec_two');
  await seedSecretary(h.db, 'ou_sec_two', '杨书记', [a.id, b.id]);
  const pick = await d.say('记录会议');
  expect(cardText(pick)).toContain('您负责多个党组织');
  const kinds = await d.click(pick, '乙支部');
  expect(cardText(kinds.card)).toContain('**乙支部**');
  expect(cardText(kinds.card)).toContain('还没有登记党小组');
  const back = await d.click(kinds.card, '上一步');
  expect(cardText(back.card)).toContain('您负责多个党组织');

  const direct = await d.value({ cmd: 'start', flow: 'meeting', args: { partyOrgId: a.id, kind: 'group', groupId: a.groups[1]!.id } });
  expect(cardText(direct.card)).toContain('党小组会·二组');
  const saved = await d.click(direct.card, '保存', meetingForm({ expected: '6', present: '6', absentees: '' }));
  expect(cardText(saved.card)).toContain('党小组会·二组');
  expect((await liveMeetings(h.db, a.id))[0]).toMatchObject({ kind: 'group', partyGroupId: a.groups[1]!.id });

  const committee = await d.value({ cmd: 'start', flow: 'meeting', args: { partyOrgId: b.id, kind: 'committee' } });
  expect(cardText(committee.card)).toContain('支委会');
  expect(fieldValue(committee.card, 'expected')).toBe('5');
});

describe('edit and delete', () => {
  test('edit within 7 days is audited with before and after; after 7 days it is closed', async () => {
    const org = await seedPartyOrg(h.db, { name: '修改支部' });
    const d = driver(h, 'ou_sec_edit');
    await seedSecretary(h.db, 'ou_sec_edit', '朱书记', [org.id]);
    const saved = await d.click((await d.click(await d.say('记录会议'), '党员大会')).card, '保存', meetingForm());
    const [row] = await liveMeetings(h.db, org.id);
    h.clock.set('2026-11-23T02:00:00Z');
    try {
      const form = await d.click(saved.card, '修改');
      expect(cardText(form.card)).toContain('修改：党员大会');
      expect(fieldValue(form.card, 'present')).toBe('10');
      expect(fieldValue(form.card, 'time')).toBe('14:30');
      expect(fieldValue(form.card, 'absentees')).toBe('张三 出差\n李四 病假');
      const edited = await d.click(form.card, '保存', meetingForm({ present: '11', absentees: '张三 出差' }));
      expect(cardText(edited.card)).toContain('会议记录已修改');
      const rows = await liveMeetings(h.db, org.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.present).toBe(11);
      const audit = await auditOf(h.db, 'meeting', row!.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect((audit[1]!.before as any).present).toBe(10);
      expect((audit[1]!.after as any).present).toBe(11);

      // Another secretary cannot edit or delete it, whatever value they send.
      const other = driver(h, 'ou_sec_edit_other');
      const otherOrg = await seedPartyOrg(h.db, { name: '修改支部邻居' });
      await seedSecretary(h.db, 'ou_sec_edit_other', '秦书记', [otherOrg.id]);
      const r1 = await other.value({ h: 'meeting.edit', id: row!.id });
      expect(r1.toast?.type).toBe('error');
      const r2 = await other.value({ h: 'meeting.delete', id: row!.id });
      expect(r2.toast?.type).toBe('error');
      expect((await liveMeetings(h.db, org.id))[0]!.deletedAt).toBeNull();

      h.clock.set('2026-11-27T03:00:00Z'); // more than 7 days after it was logged
      const late = await d.value({ h: 'meeting.edit', id: row!.id });
      expect(late.toast?.content).toContain('7 天后不能再修改');
    } finally {
      h.clock.set(NOW);
    }
  });

  test('delete within 24 h is audited and the obligation is owed again; after 24 h it is closed', async () => {
    const org = await seedPartyOrg(h.db, { name: '删除支部' });
    const d = driver(h, 'ou_sec_delete');
    await seedSecretary(h.db, 'ou_sec_delete', '许书记', [org.id]);
    const saved = await d.click((await d.click(await d.say('记录会议'), '党员大会')).card, '保存', meetingForm());
    expect(await statusOf(org.id, 'general_assembly')).toBe('done');
    const [row] = await liveMeetings(h.db, org.id);
    const del = await d.click(saved.card, '删除');
    expect(cardText(del.card)).toContain('会议记录已删除');
    expect(cardText(del.card)).toMatch(/\*\*党员大会\*\*：第4季度 待开/);
    expect(await statusOf(org.id, 'general_assembly')).toBe('due');
    const audit = await auditOf(h.db, 'meeting', row!.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
    expect((audit[1]!.before as any).deletedAt).toBeNull();
    expect((audit[1]!.after as any).deletedAt).toBeTruthy();
    // The row is kept (soft delete) so the trail stays readable.
    expect((await h.db.select().from(meetings).where(eq(meetings.id, row!.id)))[0]!.deletedAt).not.toBeNull();

    const saved2 = await d.click((await d.click(await d.say('记录会议'), '支委会')).card, '保存', meetingForm({ expected: '5', present: '5', absentees: '' }));
    h.clock.set('2026-11-21T03:00:00Z');
    try {
      const late = await d.click(saved2.card, '删除');
      expect(late.toast?.content).toContain('24 小时后不能再删除');
      // The record shown now offers edit (still within 7 days) but no longer delete.
      const shown = cardText(late.card);
      expect(shown).toContain('修改');
      expect(shown).not.toMatch(/^删除$/m);
      expect((await liveMeetings(h.db, org.id)).filter((m) => !m.deletedAt)).toHaveLength(1);
    } finally {
      h.clock.set(NOW);
    }
  });
});

test('a photo sent right after is offered as an attachment, never required', async () => {
  const org = await seedPartyOrg(h.db, { name: '附件支部' });
  const d = driver(h, 'ou_sec_photo');
  await seedSecretary(h.db, 'ou_sec_photo', '何书记', [org.id]);
  await d.click((await d.click(await d.say('记录会议'), '党课')).card, '保存', meetingForm({ lecturer: '何书记', title: '党章学习' }));
  const offers = await h.sendFile('ou_sec_photo', '会场.jpg', new Uint8Array([1, 2, 3]));
  expect(offers).toHaveLength(1);
  expect(cardText(offers[0])).toContain('11月18日党课');
  expect(cardText(offers[0])).toContain('不是必需的');
  const added = await d.click(offers[0], '添加为附件');
  expect(cardText(added.card)).toContain('共 1 个附件');
  const [row] = await liveMeetings(h.db, org.id);
  expect(row!.attachments).toHaveLength(1);
  expect(row!.attachments[0]).toMatchObject({ type: 'file', name: '会场.jpg' });
  // Clicking again does not add it twice.
  await d.click(offers[0], '添加为附件');
  expect((await liveMeetings(h.db, org.id))[0]!.attachments).toHaveLength(1);
  expect((await auditOf(h.db, 'meeting', row!.id)).map((a) => a.action)).toEqual(['create', 'update']);
  // Hours later a file is not taken for this meeting.
  h.clock.set('2026-11-20T06:00:00Z');
  try {
    const later = await h.sendFile('ou_sec_photo', '其他.pdf', new Uint8Array([4]));
    expect(later.filter((c) => cardText(c).includes('会议附件'))).toHaveLength(0);
  } finally {
    h.clock.set(NOW);
  }
});

test('the help card and the bot menu lead a secretary to the meeting form', async () => {
  const org = await seedPartyOrg(h.db, { name: '菜单支部' });
  await seedSecretary(h.db, 'ou_sec_menu', '菜单书记', [org.id]);
  const help = (await h.say('ou_sec_menu', '帮助'))[0];
  expect(cardText(help)).toContain('记录会议');
  expect(cardText(help)).toContain('本支部');
  const viaMenu = await h.menu('ou_sec_menu', 'meeting');
  expect(cardText(viaMenu[0])).toContain('**菜单支部**：请选择会议类型');
  const viaHelp = await driver(h, 'ou_sec_menu').click(help, '记录会议');
  expect(cardText(viaHelp.card)).toContain('请选择会议类型');
});
