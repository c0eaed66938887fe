import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, buttonValue, cardText, elementsOf, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { feedback } from '../../../src/db/schema/feedback.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness();
  await seedPerson(h.db, { name: '管理员', openId: 'ou_fb_admin', roles: [{ role: 'admin', regionCode: '370112' }] });
  await seedPerson(h.db, { name: '其他区管理员', openId: 'ou_fb_admin2', roles: [{ role: 'admin', regionCode: '371329' }] });
  await seedPerson(h.db, { name: '孙书记', openId: 'ou_fb_sec', roles: [{ role: 'officer', regionCode: '370112020' }] });
});
afterAll(() => h.close());

test('feedback is validated, saved once, and goes to the admins of the region only', async () => {
  const [card] = await h.say('ou_fb_sec', '投诉建议');
  expect(cardProblems(card!)).toEqual([]);
  const submit = buttonValue(card, '提交');
  const empty = await h.click('ou_fb_sec', submit, { category: 'suggestion', text: '  ' });
  expect(cardText(empty.card)).toContain('此项必填');
  const next = buttonValue(empty.card, '提交');
  const done = await h.click('ou_fb_sec', next, { category: 'complaint', text: '提醒太多了 <b>请</b> 合并' });
  expect(cardText(done.card)).toContain('已收到');
  await h.click('ou_fb_sec', next, { category: 'complaint', text: '提醒太多了 <b>请</b> 合并' });
  expect(await h.db.select().from(feedback)).toHaveLength(1);
  const toAdmin = h.messenger.messages('ou_fb_admin');
  expect(toAdmin).toHaveLength(1);
  expect(cardText(toAdmin[0]!.card)).toContain('提醒太多了 <b>请</b> 合并');
  expect(cardText(toAdmin[0]!.card)).toContain('**投诉**（来自 孙书记）');

  expect(h.messenger.messages('ou_fb_admin2')).toHaveLength(0);
});

test('feedback text is passed on exactly as typed, never read as formatting', async () => {
  const typed = '**急** 请看 <font color="red">这里</font> _下划线_ \\(括号\\)';
  const [card] = await h.say('ou_fb_sec', '投诉建议');
  const done = await h.click('ou_fb_sec', buttonValue(card, '提交'), { category: 'question', text: typed });
  expect(cardText(done.card)).toContain(typed);
  const toAdmin = h.messenger.messages('ou_fb_admin').at(-1)!.card!;
  expect(cardText(toAdmin)).toContain(typed);
  expect(elementsOf(toAdmin).map((e) => String(e.content ?? '')).join('\n')).not.toContain('**急**');
});

test('someone the ledger does not know can still send feedback', async () => {
  const [card] = await h.say('ou_fb_stranger', '反馈');
  const done = await h.click('ou_fb_stranger', buttonValue(card, '提交'), { category: 'question', text: '怎么登记？' });
  expect(cardText(done.card)).toContain('怎么登记');
});
