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
    expect(placeLabel?.content).toContain('*</font>');
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
