/**
 * Issue 20 item 3: after 我是党员 the newcomer is known. 帮助 / 待办 / 覆盖率 say their submission
 * is in and who will call (not "您还没有登记"), the lead's history shows the name they typed, and
 * a second 我是党员 from the same account offers to update the first submission, not a second lead.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { cardText, createBotHarness, elementsOf, type BotHarness } from '../../support/bot-harness.ts';
import { leadEvents, leadSources } from '../../../src/db/schema/leads.ts';
import { aboutForm, allLeads, driver, OPEN, received, registerSelf, seedLedger, type Ledger } from './lead-kit.ts';

let h: BotHarness;
let L: Ledger;
let leadId: string;
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
  L = await seedLedger(h.db);
  leadId = await registerSelf(h, OPEN.guest, '张三', '13812345678', L.orgA, '甲科技');
});
afterAll(() => h.close());

test('帮助, 待办 and 覆盖率 recognise a newcomer who submitted: who will call them, not "还没有登记"', async () => {
  for (const words of ['帮助', '待办', '覆盖率', '你好']) {
    const [card] = await h.say(OPEN.guest, words);
    const text = cardText(card);
    expect(text, words).not.toContain('还没有登记');
    expect(text, words).toContain('您的找组织信息已提交，甲科技有限公司党支部会联系您');
  }
  // From that card: their own lead in full, and 更新信息 straight to the form with their answers.
  const [known] = await h.say(OPEN.guest, '帮助');
  const g = driver(h, OPEN.guest);
  expect(cardText((await g.click(known, '查看线索')).card)).toContain('13812345678');
  const form = (await g.click(known, '更新信息')).card!;
  expect(elementsOf(form).find((e) => e.name === 'name')?.default_value).toBe('张三');
  await h.say(OPEN.guest, '取消');
  // Someone who has submitted nothing still gets the registration card.
  const [other] = await h.say(OPEN.guest2, '帮助');
  expect(cardText(other)).toContain('还没有登记');
});

test('the lead history shows the name the newcomer typed, not "（未登记人员）"', async () => {
  const [card] = received(h, OPEN.secA);
  const text = cardText(card);
  expect(text).toContain('本人登记 · 张三');
  expect(text).toContain('张三：登记');
  expect(text).not.toContain('未登记人员');
});

test('a second 我是党员 from the same account offers to update the first submission, and updates that lead', async () => {
  const g = driver(h, OPEN.guest);
  const again = await g.say('我是党员');
  expect(cardText(again)).toContain('您已提交过找组织信息');
  const who = (await g.click(again, '更新信息')).card!;
  // What they gave before is filled in.
  expect(cardText(who)).toContain('党员找组织');
  const value = (name: string) => elementsOf(who).find((e) => e.name === name)?.default_value;
  expect([value('name'), value('mobile'), value('query')]).toEqual(['张三', '13812345678', '甲科技有限公司']);
  let r = await g.click(who, '下一步', { name: '张三', mobile: '13812345679', query: '甲科技' });
  r = await g.click(r.card, '下一步', { org: L.orgA });
  r = await g.click(r.card, '提交', aboutForm({ relationshipAt: '某县某镇党委', joinedYear: '2013' }));
  expect(r.toast?.type).toBe('success');
  expect(cardText(r.card)).toContain('已更新');
  const all = await allLeads(h.db);
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ id: leadId, mobile: '13812345679', relationshipAt: '某县某镇党委', joinedYear: 2013 });
  expect(await h.db.select().from(leadSources).where(eq(leadSources.leadId, leadId))).toHaveLength(1);
  const events = await h.db.select().from(leadEvents).where(eq(leadEvents.leadId, leadId));
  expect(events.map((e) => e.kind)).toEqual(['registered', 'updated']);
});
