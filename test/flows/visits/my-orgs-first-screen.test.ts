/**
 * 我的单位 on a phone (issue 20 item 5): the first screen answers "where do I go next?" — counts,
 * then at most 5 orgs, those needing a visit most first, and 查看全部 opening the full list as a
 * new card (the first screen stays).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buttonValue, cardText, createBotHarness, elementsOf, type BotHarness } from '../../support/bot-harness.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import { assign, instructor, org, visit } from '../../reminders/support.ts';

let h: BotHarness;
let ins: { id: string; openId: string };
let few: { id: string; openId: string };

/** The org names of a 我的单位 card, in the order shown (each org block starts with its bold name). */
const names = (card: unknown) =>
  elementsOf(card as never)
    .filter((e) => e.tag === 'markdown' && /^\*\*[^*]+\*\*\n党组织/.test(String(e.content)))
    .map((e) => /^\*\*([^*]+)\*\*/.exec(String(e.content))![1]);

beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
  ins = await instructor(h.db, '370112', '陈指导员');
  // Eight orgs assigned on 1 September: last visits from long ago to this month, two never.
  const visits: Array<[string, string | null]> = [
    ['甲公司', '2026-11-05'],
    ['乙公司', '2026-10-10'],
    ['丙公司', null],
    ['丁公司', '2026-09-15'],
    ['戊公司', '2026-11-10'],
    ['己公司', '2026-10-25'],
    ['庚公司', null],
    ['辛公司', '2026-09-20'],
  ];
  for (const [name, on] of visits) {
    const o = await org(h.db, { name, regionCode: '370112020' });
    await assign(h.db, ins.id, o.id, '2026-09-01');
    if (on) await visit(h.db, ins.id, o.id, on);
  }
  few = await instructor(h.db, '370112', '少指导员');
  for (const name of ['一号公司', '二号公司']) {
    const o = await org(h.db, { name, regionCode: '370112020' });
    await assign(h.db, few.id, o.id, '2026-09-01');
  }
});
afterAll(() => h.close());

test('the first screen: counts, the 5 orgs that need a visit most, and 查看全部', async () => {
  const [first] = await h.say(ins.openId, '我的单位');
  expect(cardProblems(first!)).toEqual([]);
  const text = cardText(first);
  expect(text).toContain('您联系的 8 个单位');
  // Overdue: the two never visited and the two last visited in September; due: 乙 and 己 (October).
  expect(text).toContain('**4 家走访已逾期 · 2 家本月还需走访**');
  const shown = names(first);
  expect(shown).toHaveLength(5);
  // Visited this month: not on the first screen.
  expect(shown).not.toContain('甲公司');
  expect(shown).not.toContain('戊公司');
  // Never visited and visited longest ago lead.
  expect(shown.slice(0, 2).sort()).toEqual(['丙公司', '庚公司']);
  expect(text).toContain('另有 3 个单位，点“查看全部”查看。');
  expect(elementsOf(first!).filter((e) => e.tag === 'button' && e.text.content === '记录走访')).toHaveLength(5);

  // 查看全部: a new card with all eight, in the same order; the first screen is not replaced.
  const n = h.messenger.messages(ins.openId).length;
  const all = await h.click(ins.openId, buttonValue(first, '查看全部'));
  expect(all.replaced).toBe(false);
  expect(h.messenger.messages(ins.openId)).toHaveLength(n + 1);
  expect(cardProblems(all.card!)).toEqual([]);
  expect(cardText(all.card)).toContain('您联系的全部 8 个单位');
  const full = names(all.card);
  expect(full).toHaveLength(8);
  expect(full.slice(0, 5)).toEqual(shown);
  expect(full.slice(-2).sort()).toEqual(['戊公司', '甲公司']);
  expect(() => buttonValue(all.card, '查看全部')).toThrow();
});

test('five orgs or fewer: all on the first screen, no 查看全部', async () => {
  const [card] = await h.say(few.openId, '我的单位');
  expect(names(card)).toHaveLength(2);
  expect(cardText(card)).toContain('2 家走访已逾期');
  expect(() => buttonValue(card, '查看全部')).toThrow();
});
