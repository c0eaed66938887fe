/**
 * The done mark on DingTalk (issue 20 item 6): with a card template the digest is an interactive
 * card, edited in place by its outTrackId once the meeting tapped from it is saved; without one a
 * message cannot be edited, and the digest is not sent again just to show the mark.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runReminders } from '../../src/reminders/runner.ts';
import { reachOf } from '../../src/runtime/messenger-factory.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { seedPerson } from '../support/seed.ts';
import { createDingtalkHarness, presses, visible, type DingtalkHarness } from '../support/dingtalk-harness.ts';
import { heldAllButThree, partyOrg } from './support.ts';

const AT = '2026-03-27T09:05:00+08:00';

/** A secretary on DingTalk only whose party org owes February's 支委会, Q1's 党员大会 and 党课. */
async function owingThree(h: DingtalkHarness, userId: string) {
  const po = await partyOrg(h.db, { name: `${userId}党支部` });
  const id = await seedPerson(h.db, { name: '王书记', openId: null, roles: [{ role: 'secretary', partyOrgId: po.id }] });
  await h.linkDingtalk(id, userId);
  await heldAllButThree(h.db, po.id);
}

async function sendDigests(h: DingtalkHarness) {
  const deps = { database: h.database, messenger: h.messenger, reach: reachOf(h.config), clock: h.clock, logger: silentLogger, workerId: 'dt-marks', sleep: async (ms: number) => h.clock.advance(ms) };
  await runReminders(deps, h.clock.now(), { force: true });
}

const committee = { date: '2026-02-26', time: '14:30', place: '三楼会议室', host: '王书记', expected: '5', present: '5', topics: '研究二月工作', content: '通过了季度计划' };

describe('with a card template', () => {
  let h: DingtalkHarness;
  beforeAll(async () => {
    h = await createDingtalkHarness({ mode: 'http', template: true, now: AT });
  });
  afterAll(() => h?.close());

  test('记录会议 from the digest card; once saved, the same card (by outTrackId) shows item 1 done', async () => {
    await owingThree(h, 'u-tpl');
    await sendDigests(h);
    const [digest] = h.cardsTo('u-tpl');
    expect(digest!.params.title).toBe('今日待办');
    expect(digest!.buttons.filter((b) => b.text === '记录会议')).toHaveLength(3);
    const before = digest!.params.markdown!;

    await h.tap('u-tpl', digest, '记录会议');
    // The form is asked in the chat; the digest card is not touched.
    expect(h.dt.to('/v1.0/card/instances').filter((x) => x.method === 'PUT')).toHaveLength(0);
    await h.fill('u-tpl', committee);
    await h.press('u-tpl', h.last('u-tpl'), '保存');
    // The confirmation comes as a new interactive card; the digest is edited, not sent again.
    const cards = h.cardsTo('u-tpl');
    expect(cards).toHaveLength(2);
    expect(cards[1]!.params.markdown).toContain('已保存');

    const puts = h.dt.to('/v1.0/card/instances').filter((x) => x.method === 'PUT');
    expect(puts.map((p) => p.body.outTrackId)).toEqual([digest!.outTrackId]);
    const now = cards[0];
    expect(now!.params.markdown).toContain('✓ 已记录');
    expect(now!.params.markdown).not.toBe(before);
    // Item 1 lost its buttons; items 2–3 keep theirs.
    expect(now!.buttons.filter((b) => b.text === '记录会议')).toHaveLength(2);
    expect(now!.buttons.map((b) => b.value)).toEqual(digest!.buttons.map((b) => b.value).slice(3));
  });
});

describe('without a card template', () => {
  let h: DingtalkHarness;
  beforeAll(async () => {
    h = await createDingtalkHarness({ mode: 'http', now: AT });
  });
  afterAll(() => h?.close());

  test('the digest message cannot be edited: the meeting is saved and the digest is not sent again', async () => {
    await owingThree(h, 'u-plain');
    await sendDigests(h);
    const digests = () => h.messagesTo('u-plain').filter((m) => visible(m).includes('今日待办'));
    expect(digests()).toHaveLength(1);
    const tap = presses(digests()[0]!).find((p) => p.label === '记录会议')!;
    await h.say('u-plain', tap.content);
    await h.fill('u-plain', committee);
    const [saved] = await h.press('u-plain', h.last('u-plain'), '保存');
    expect(visible(saved)).toContain('已保存');
    expect(digests()).toHaveLength(1);
  });
});
