/** Issue 20, items 8–10: what a secretary sees on the meeting form itself. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBotHarness, elementsOf, type BotHarness } from '../../support/bot-harness.ts';
import { cardText, driver, fieldValue, liveMeetings, meetingForm, seedPartyOrg, seedSecretary } from './meeting-kit.ts';

const NOW = '2026-11-20T02:00:00Z'; // Friday 20 November 2026, 10:00 in Shanghai
let h: BotHarness;

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
});
afterAll(() => h.close());

describe('required fields and error counts (item 8)', () => {
  test('地点 carries the * the header promises; one error says "有 1 处"', async () => {
    const org = await seedPartyOrg(h.db, { name: '必填支部' });
    const d = driver(h, 'ou_req_mark');
    await seedSecretary(h.db, 'ou_req_mark', '孙书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '党员大会');
    expect(cardText(form.card)).toContain('带 * 的为必填项');
    const placeLabel = elementsOf(form.card!).find((e) => e.tag === 'markdown' && String(e.content).startsWith('**地点**'));
    expect(placeLabel?.content).toContain('&#42;</font>');
    // Online meetings may leave it empty, so the client must not refuse an empty 地点.
    expect(elementsOf(form.card!).find((e) => e.name === 'place')?.required).toBe(false);

    const bad = await d.click(form.card, '保存', meetingForm({ place: '' }));
    expect(cardText(bad.card)).toContain('有 1 处需要修改');
    const two = await d.click(bad.card, '保存', meetingForm({ place: '', topics: '' }));
    expect(cardText(two.card)).toContain('有 2 处需要修改');
    const online = await d.click(two.card, '保存', meetingForm({ place: '', online: true }));
    expect(cardText(online.card)).toContain('会议已记录');
    expect(await liveMeetings(h.db, org.id)).toHaveLength(1);
    void fieldValue;
  });
});

describe('党课 in under a minute (item 10)', () => {
  test('one 题目 field (no separate 议题); 讲课人 is the secretary; 地点 is the last place used', async () => {
    const org = await seedPartyOrg(h.db, { name: '党课支部' });
    const d = driver(h, 'ou_lecture_fast');
    await seedSecretary(h.db, 'ou_lecture_fast', '周书记', [org.id]);
    // A meeting held earlier in 二楼党员活动室, then an online one (which has no place to offer).
    const first = await d.click(await d.say('记录会议'), '支委会');
    await d.click(first.card, '保存', meetingForm({ place: '二楼党员活动室', date: '2026-11-10 +0800', expected: '5', present: '5', absentees: '' }));
    const second = await d.click(await d.say('记录会议'), '主题党日');
    await d.click(second.card, '保存', meetingForm({ place: '', online: true, date: '2026-11-12 +0800', absentees: '' }));

    const form = await d.click(await d.say('记录会议'), '党课');
    expect(fieldValue(form.card, 'lecturer')).toBe('周书记');
    expect(fieldValue(form.card, 'place')).toBe('二楼党员活动室');
    expect(fieldValue(form.card, 'title')).toBeUndefined();
    expect(elementsOf(form.card!).some((e) => e.name === 'title')).toBe(true);
    expect(elementsOf(form.card!).some((e) => e.name === 'topics')).toBe(false);

    // What the phone sends back: the prefilled values, the date and time, and the title typed.
    const { topics: _t, content: _c, ...rest } = meetingForm({ place: '二楼党员活动室', lecturer: '周书记', title: '学习党章', absentees: '' });
    const saved = await d.click(form.card, '保存', rest);
    expect(cardText(saved.card)).toContain('会议已记录');
    expect(cardText(saved.card)).toContain('学习党章');
    expect(cardText(saved.card)).not.toContain('**议题**');
    const lecture = (await liveMeetings(h.db, org.id)).find((m) => m.kind === 'lecture')!;
    expect(lecture).toMatchObject({ lecturer: '周书记', title: '学习党章', topics: '学习党章', place: '二楼党员活动室' });
  });
});

describe('an inquorate meeting is marked wherever obligations are shown (item 9)', () => {
  test('支委会 with 2 of 5: counts, but reads "已开（到会未过半）" on the confirmation, 本支部 and the kind picker', async () => {
    const org = await seedPartyOrg(h.db, { name: '未过半支部', committeeSize: 5 });
    const d = driver(h, 'ou_inquorate');
    await seedSecretary(h.db, 'ou_inquorate', '吴书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '支委会');
    const values = meetingForm({ expected: '5', present: '2', absentees: '' });
    const warned = await d.click(form.card, '保存', values);
    const saved = await d.click(warned.card, '确认保存', values);
    expect(cardText(saved.card)).toContain('会议已记录');
    expect(cardText(saved.card)).toContain('11月 <font color="orange">已开（到会未过半）</font>');
    expect(cardText((await d.say('本支部')))).toContain('已开（到会未过半）');
    const picker = await d.say('记录会议');
    expect(cardText(picker)).toContain('支委会（本月已开（到会未过半），上期未开）');
    // 党员大会 held in full this quarter reads plain 已开.
    const f2 = await d.click(picker, '党员大会');
    await d.click(f2.card, '保存', meetingForm({ present: '12', absentees: '' }));
    const picker2 = await d.say('记录会议');
    expect(cardText(picker2)).toMatch(/党员大会（本季度已开[，）]/);
    // A quorate 支委会 the same month clears the mark.
    const f3 = await d.click(picker2, '支委会');
    await d.click(f3.card, '保存', meetingForm({ date: '2026-11-19 +0800', expected: '5', present: '4', absentees: '' }));
    expect(cardText(await d.say('记录会议'))).toContain('支委会（本月已开，上期未开）');
  });
});
