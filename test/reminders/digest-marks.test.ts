/**
 * A digest comes back with the done item marked (issue 20 item 6): 记录会议 on item 1 of a
 * 3-item digest opens the form as a new card (the digest stays), and once the meeting is saved the
 * digest is edited in place — item 1 marked 已记录 without its buttons, items 2–3 as they were.
 * An edit the messenger refuses never undoes the save.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { buttonValue, cardText, createBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { cardProblems } from '../../src/cards/render-feishu-limits.ts';
import { MessengerError } from '../../src/messenger/messenger-error.ts';
import { assign, heldAllButThree, instructor, lead, org, partyOrg, secretary } from './support.ts';
import { at, committeeForm, digestItems, digestOf, owingThree, sendDigests, submitOf } from './digest-kit.ts';
import { personRoles } from '../../src/db/schema/core.ts';
import { visitForm } from '../flows/visits/visit-kit.ts';
import { rowsOf } from '../../src/db/sql.ts';

async function meetingCount(h: BotHarness, partyOrgId: string) {
  const rows = await rowsOf<{ n: number }>(h.db, sql`select count(*)::int as n from meetings where party_org_id = ${partyOrgId}::uuid and deleted_at is null`);
  return Number(rows[0]!.n);
}

describe('a digest item done from the digest', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness({ now: at('2026-03-27') });
  });
  afterAll(async () => {
    await h.close();
  });

  test('记录会议 opens a new card; once saved, the digest shows item 1 done and items 2–3 still to do', async () => {
    const { po, sec } = await owingThree(h, '唐王标记党支部');
    await sendDigests(h);
    const before = digestOf(h, sec.openId);
    const items = digestItems(before.card);
    expect(items.map((i) => i.text).slice(0, 3)).toEqual([
      expect.stringContaining('2026年2月支委会'),
      expect.stringContaining('党员大会'),
      expect.stringContaining('党课'),
    ]);
    for (const i of items.slice(0, 3)) expect(i.buttons.map((b) => b.label)).toEqual(['记录会议', '推迟', '不适用']);

    // 记录会议 on item 1: the form comes as a new card, the digest is not touched.
    const n = h.messenger.messages(sec.openId).length;
    const form = await h.click(sec.openId, items[0]!.buttons[0]!.value);
    expect(form.replaced).toBe(false);
    expect(h.messenger.messages(sec.openId)).toHaveLength(n + 1);
    expect(cardText(form.card)).toContain('填写会议情况');
    expect(digestOf(h, sec.openId).updatedAt).toBeUndefined();

    // Saved: the confirmation replaces the form, and the digest is edited in place.
    const saved = await h.click(sec.openId, submitOf(form.card), committeeForm);
    expect(saved.toast?.type).toBe('success');
    expect(cardText(saved.card)).toContain('会议已记录');
    expect(await meetingCount(h, po.id)).toBe(20); // 19 held before, and this one
    expect(h.messenger.messages(sec.openId)).toHaveLength(n + 1);
    const after = digestOf(h, sec.openId);
    expect(after.id).toBe(before.id);
    expect(after.updatedAt).toBeDefined();
    expect(cardProblems(after.card)).toEqual([]);
    const marked = digestItems(after.card);
    expect(marked[0]!.text).toContain('2026年2月支委会');
    expect(marked[0]!.text).toContain('✓ 已记录');
    expect(marked[0]!.buttons).toEqual([]);
    // Items 2–3 exactly as before: same text, same buttons with the same values.
    expect(marked.slice(1, 3)).toEqual(items.slice(1, 3));
    // The counts say what is left.
    expect(cardText(before.card)).toContain('1 个支部会议已逾期');
    expect(cardText(after.card)).not.toContain('1 个支部会议已逾期');
    expect(cardText(after.card)).toContain('2 个支部会议即将到期');

    // Item 2 done the same way: both marked, item 3 still to do; nothing is sent anew.
    const form2 = await h.click(sec.openId, items[1]!.buttons[0]!.value);
    await h.click(sec.openId, submitOf(form2.card), { ...committeeForm, date: '2026-03-20 +0800', expected: '12', present: '10', absentees: '张三 出差' });
    const third = digestItems(digestOf(h, sec.openId).card);
    expect(third.slice(0, 2).map((i) => [i.text.includes('✓ 已记录'), i.buttons.length])).toEqual([
      [true, 0],
      [true, 0],
    ]);
    expect(third[2]).toEqual(items[2]);
    expect(h.messenger.messages(sec.openId)).toHaveLength(n + 2);
  });

  test('a finished task that does no item (a 推迟, a form left unsaved) marks nothing: the mark follows the database', async () => {
    const { sec } = await owingThree(h, '唐王重放党支部');
    await sendDigests(h);
    const items = digestItems(digestOf(h, sec.openId).card);
    // 记录会议 on item 1, tapped twice (a replay), and the form never saved.
    await h.click(sec.openId, items[0]!.buttons[0]!.value);
    await h.click(sec.openId, items[0]!.buttons[0]!.value);
    // 推迟 item 3 (a finished task too): it is snoozed, not done, so the digest is not edited.
    const snooze = await h.click(sec.openId, items[2]!.buttons[1]!.value);
    await h.click(sec.openId, submitOf(snooze.card), { until: '2026-03-31 +0800', reason: '' });
    expect(digestOf(h, sec.openId).updatedAt).toBeUndefined();
    expect(digestItems(digestOf(h, sec.openId).card)).toEqual(items);
  });

  test('a digest the messenger cannot edit: the meeting is still saved, no error reaches the person', async () => {
    const { po, sec } = await owingThree(h, '唐王失败党支部');
    await sendDigests(h);
    const items = digestItems(digestOf(h, sec.openId).card);
    const form = await h.click(sec.openId, items[0]!.buttons[0]!.value);
    const update = h.messenger.updateCard;
    let tried = 0;
    h.messenger.updateCard = async () => {
      tried++;
      throw new MessengerError('message recalled', { messenger: 'feishu', code: 230011, httpStatus: 400, operation: 'im.message.patch', retryable: false, rateLimited: false });
    };
    try {
      const saved = await h.click(sec.openId, submitOf(form.card), committeeForm);
      expect(saved.status).toBe(200);
      expect(saved.toast?.type).toBe('success');
      expect(cardText(saved.card)).toContain('会议已记录');
      expect(tried).toBe(1);
      expect(await meetingCount(h, po.id)).toBe(20); // 19 held before, and this one
      // Refused for good: not tried again on the next finished task.
      const form2 = await h.click(sec.openId, items[1]!.buttons[0]!.value);
      const saved2 = await h.click(sec.openId, submitOf(form2.card), { ...committeeForm, date: '2026-03-20 +0800', expected: '12', present: '10', absentees: '张三 出差' });
      expect(saved2.toast?.type).toBe('success');
      expect(tried).toBe(1);
    } finally {
      h.messenger.updateCard = update;
    }
    expect(digestOf(h, sec.openId).updatedAt).toBeUndefined();
  });

  test('an edit that fails for now (network) leaves the save and is tried on the next finished task', async () => {
    const { sec } = await owingThree(h, '唐王重试党支部');
    await sendDigests(h);
    const items = digestItems(digestOf(h, sec.openId).card);
    const form = await h.click(sec.openId, items[0]!.buttons[0]!.value);
    const update = h.messenger.updateCard;
    h.messenger.updateCard = async () => {
      throw new Error('socket hang up');
    };
    const saved = await h.click(sec.openId, submitOf(form.card), committeeForm).finally(() => (h.messenger.updateCard = update));
    expect(saved.toast?.type).toBe('success');
    expect(digestOf(h, sec.openId).updatedAt).toBeUndefined();
    // The next finished task draws both marks.
    const form2 = await h.click(sec.openId, items[1]!.buttons[0]!.value);
    await h.click(sec.openId, submitOf(form2.card), { ...committeeForm, date: '2026-03-20 +0800', expected: '12', present: '10', absentees: '张三 出差' });
    const now = digestItems(digestOf(h, sec.openId).card);
    expect(now.slice(0, 2).every((i) => i.text.includes('✓ 已记录') && i.buttons.length === 0)).toBe(true);
    expect(now[2]).toEqual(items[2]);
  });

  test('查看线索 opens the lead as a card of its own; 已联系上 on it marks the digest item, the lead card stays', async () => {
    const ins = await instructor(h.db, '370112', '赵指导员');
    await lead(h.db, { createdAt: '2026-03-16T02:00:00Z', assigneePersonId: ins.id, workplaceText: '华兴科技' });
    await lead(h.db, { createdAt: '2026-03-17T02:00:00Z', assigneePersonId: ins.id, workplaceText: '鼎盛物流' });
    await sendDigests(h);
    const before = digestOf(h, ins.openId);
    const items = digestItems(before.card);
    expect(items.map((i) => i.buttons[0]?.label)).toEqual(['查看线索', '查看线索']);
    const first = items.findIndex((i) => i.text.includes('华兴科技'));

    const view = await h.click(ins.openId, items[first]!.buttons[0]!.value);
    expect(view.replaced).toBe(false);
    const leadCard = h.messenger.messages(ins.openId).at(-1)!;
    expect(leadCard.id).not.toBe(before.id);
    const moved = await h.click(ins.openId, buttonValue(view.card, '已联系上'));
    const done = moved.replaced ? moved : await h.click(ins.openId, buttonValue(moved.card, '已联系上'), { note: '' });
    expect(done.toast?.type).toBe('success');

    const marked = digestItems(digestOf(h, ins.openId).card);
    expect(marked[first]!.text).toContain('✓ 已办理');
    expect(marked[first]!.buttons).toEqual([]);
    expect(marked[1 - first]).toEqual(items[1 - first]);
    // The lead card is a message of its own, never overwritten by the digest.
    expect(h.messenger.message(leadCard.id)!.card?.title).not.toBe('今日待办');
  });
  test('an org handed to another instructor is not shown done: its item loses its button, unmarked', async () => {
    const ins = await instructor(h.db, '370112', '钱指导员');
    const kept = await org(h.db, { name: '保留走访公司' });
    const moved = await org(h.db, { name: '转交走访公司' });
    await assign(h.db, ins.id, kept.id, '2026-01-05');
    await assign(h.db, ins.id, moved.id, '2026-01-05');
    await sendDigests(h);
    const items = digestItems(digestOf(h, ins.openId).card);
    const at1 = items.findIndex((i) => i.text.includes(kept.name));
    const at2 = items.findIndex((i) => i.text.includes(moved.name));
    expect([items[at1]!.buttons[0]!.label, items[at2]!.buttons[0]!.label]).toEqual(['记录走访', '记录走访']);

    // The second org goes to another instructor: it leaves this one's 待办 without a visit logged.
    const other = await instructor(h.db, '370112', '孙指导员');
    await h.db.execute(sql`update instructor_assignments set instructor_id = ${other.id}::uuid where org_id = ${moved.id}::uuid`);
    const form = await h.click(ins.openId, items[at1]!.buttons[0]!.value);
    const saved = await h.click(ins.openId, submitOf(form.card), visitForm({ visited_on: '2026-03-27 +0800', next_planned_on: '2026-04-20 +0800' }));
    expect(saved.toast?.type).toBe('success');

    const marked = digestItems(digestOf(h, ins.openId).card);
    expect(marked[at1]!.text).toContain('✓ 已记录');
    expect(marked[at1]!.buttons).toEqual([]);
    expect(marked[at2]!.text).toContain(moved.name);
    expect(marked[at2]!.text).not.toContain('✓');
    expect(marked[at2]!.text).toContain('已不由您负责');
    // Its 记录走访 would open an org this instructor no longer holds: no buttons.
    expect(marked[at2]!.buttons).toEqual([]);
  });

  test('a party org with another secretary now is not shown done when this secretary logs another one', async () => {
    const { po, sec } = await owingThree(h, '唐王留任党支部');
    const left = await partyOrg(h.db, { name: '唐王卸任党支部' });
    await heldAllButThree(h.db, left.id);
    await h.db.insert(personRoles).values({ personId: sec.id, role: 'secretary', partyOrgId: left.id });
    await sendDigests(h);
    const items = digestItems(digestOf(h, sec.openId).card);
    const mine = items.findIndex((i) => i.text.includes(po.name) && i.text.includes('2026年2月支委会'));
    const theirs = items.filter((i) => i.text.includes(left.name)).length;
    expect(theirs).toBeGreaterThan(0);

    await secretary(h.db, left.id, '李书记');
    await h.db.execute(sql`delete from person_roles where person_id = ${sec.id}::uuid and party_org_id = ${left.id}::uuid`);
    const form = await h.click(sec.openId, items[mine]!.buttons[0]!.value);
    await h.click(sec.openId, submitOf(form.card), committeeForm);

    const marked = digestItems(digestOf(h, sec.openId).card);
    expect(marked[mine]!.text).toContain('✓ 已记录');
    const handed = marked.filter((i) => i.text.includes(left.name));
    expect(handed).toHaveLength(theirs);
    for (const i of handed) expect([i.text.includes('✓'), i.text.includes('已不由您负责'), i.buttons.length]).toEqual([false, true, 0]);
  });
});

describe('a digest of last month', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness({ now: at('2026-03-27') });
  });
  afterAll(async () => {
    await h.close();
  });

  test('is left as it was: its periods have moved on, so an item gone from 待办 is not proof it was done', async () => {
    const { sec } = await owingThree(h, '上月摘要党支部');
    await sendDigests(h);
    const before = digestOf(h, sec.openId);
    const items = digestItems(before.card);
    // Thursday 2 April: February's 支委会 is no longer reminded (March is the month just ended).
    h.clock.set(at('2026-04-02', '10:00'));
    const form = await h.click(sec.openId, items[0]!.buttons[0]!.value);
    const saved = await h.click(sec.openId, submitOf(form.card), committeeForm);
    expect(saved.toast?.type).toBe('success');
    expect(digestOf(h, sec.openId).updatedAt).toBeUndefined();
  });
});
