import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, buttonValue, cardText, type BotHarness } from '../support/bot-harness.ts';
import { seedPerson } from '../support/seed.ts';
import { cardProblems } from '../../src/cards/render-feishu-limits.ts';
import { normalizeCommand } from '../../src/bot/normalize.ts';
import { smallTalkOf } from '../../src/bot/small-talk.ts';

let h: BotHarness;
const OFFICER = 'ou_bot_officer';
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
  await seedPerson(h.db, { name: '周干部', openId: OFFICER, roles: [{ role: 'officer', regionCode: '370112' }] });
});
afterAll(() => h.close());

test('command words are matched forgivingly: spaces, punctuation, full-width forms, a leading @mention', () => {
  expect(normalizeCommand('帮 助')).toBe(normalizeCommand('帮助'));
  expect(normalizeCommand('@_user_1 帮助！')).toBe('帮助');
  expect(normalizeCommand('＠小助手 帮助')).toBe('帮助');
  expect(normalizeCommand('ＨＥＬＰ')).toBe('help');
  expect(normalizeCommand('  取消。 ')).toBe('取消');
});

test('帮助 answers with the actions this person may take, as buttons, within Feishu limits', async () => {
  for (const words of ['帮助', '菜单', '?', '？', '@_user_1 帮助']) {
    const [card] = await h.say(OFFICER, words);
    expect(cardText(card)).toContain('周干部');
    expect(cardProblems(card!)).toEqual([]);
  }
  const [card] = await h.say(OFFICER, '帮助');
  const fb = buttonValue(card, '投诉建议');
  const before = h.messenger.messages(OFFICER).length;
  const r = await h.click(OFFICER, fb);
  // The menu stays: the answer arrives as a new message below it.
  expect(r.replaced).toBe(false);
  const after = h.messenger.messages(OFFICER).slice(before);
  expect(after).toHaveLength(1);
  expect(cardText(after[0]!.card)).toContain('投诉建议');
  await h.say(OFFICER, '取消');
});

test('a bot menu click runs the same command as its words', async () => {
  const [card] = await h.menu(OFFICER, 'help');
  expect(cardText(card)).toContain('两新党建助手');
  const [fb] = await h.menu(OFFICER, 'feedback');
  expect(cardText(fb)).toContain('欢迎提出意见');
});

test('entering the chat greets a person at most once a day', async () => {
  expect(await h.enter(OFFICER)).toHaveLength(1);
  expect(await h.enter(OFFICER)).toHaveLength(0);
  h.clock.advance(24 * 3600 * 1000);
  expect(await h.enter(OFFICER)).toHaveLength(1);
  h.clock.advance(-24 * 3600 * 1000);
});

test('a person the bot does not know gets the registration card, and can still find their org', async () => {
  const [card] = await h.say('ou_bot_stranger', '帮助');
  expect(cardText(card)).toContain('还没有登记');
  expect(buttonValue(card, '找组织')).toMatchObject({ cmd: 'start', flow: 'member-self' });
  const [unknown] = await h.say('ou_bot_stranger', '你好');
  expect(cardText(unknown)).toContain('还没有登记');
});

test('greetings and thanks get a friendly answer with the menu, never an apology, at any time of day', async () => {
  await h.say(OFFICER, '取消');
  const words = ['你好', '您好', '谢谢', '在吗', '早上好', '辛苦了', '你好！', '在吗？', '谢谢啦', '好的，谢谢', '老师好', '您好，在吗', 'hello'];
  // 10:00, 22:00 and 06:00 in Shanghai
  for (const shift of [0, 12, 8]) {
    h.clock.advance(shift * 3600 * 1000);
    for (const w of words) {
      const [card] = await h.say(OFFICER, w);
      const text = cardText(card);
      expect(text, w).not.toContain('没有理解');
      expect(text, w).not.toContain('抱歉');
      expect(text, w).toContain('周干部');
      expect(buttonValue(card, '投诉建议'), w).toBeTruthy();
      expect(text, w).toContain(/谢/.test(w) || w === '辛苦了' ? '不客气' : '您好');
    }
  }
  h.clock.advance(-20 * 3600 * 1000);
});

test('only a message of greeting words alone is small talk', () => {
  expect(smallTalkOf('你好呀')).toBe('hello');
  expect(smallTalkOf('辛苦了！')).toBe('thanks');
  expect(smallTalkOf('你好，我想记录走访')).toBeNull();
  expect(smallTalkOf('谢谢你们的覆盖率')).toBeNull();
  expect(smallTalkOf('')).toBeNull();
});

test('words the bot does not understand get the help card with what was said, escaped', async () => {
  await h.say(OFFICER, '取消');
  const [card] = await h.say(OFFICER, '**天气** <b>怎么样</b>');
  expect(cardText(card)).toContain('没有理解');
  // Shown exactly as typed: escaped with character references, never with a visible backslash.
  expect(cardText(card)).toContain('“**天气** <b>怎么样</b>”');
  expect(JSON.stringify(card)).toContain('&#42;&#42;天气&#42;&#42; &#60;b&#62;');
  expect(JSON.stringify(card)).not.toContain('\\\\');
});

test('the "没有理解" echo keeps Chinese punctuation as typed and cuts a long message with "…" (issue 20 item 4)', async () => {
  await h.say(OFFICER, '取消');
  const [short] = await h.say(OFFICER, '天气，怎么样？');
  expect(cardText(short)).toContain('“天气，怎么样？”');
  const long = '请问这个季度我们街道的两新组织党建工作重点是什么，还有哪些要求需要注意';
  const [cut] = await h.say(OFFICER, long);
  const echo = /没有理解“(.+?)”/.exec(cardText(cut))![1]!;
  expect(echo.endsWith('…')).toBe(true);
  expect(long.startsWith(echo.slice(0, -1))).toBe(true);
  expect([...echo].length).toBeLessThanOrEqual(21);
  // A message that fits is shown whole, with no "…".
  const [whole] = await h.say(OFFICER, '今天天气不错');
  expect(cardText(whole)).toContain('“今天天气不错”');
});

test('a tap that opens a new task sends a new card; the tapped card stays (issue 20 item 6)', async () => {
  await h.say(OFFICER, '取消');
  const [coverage] = await h.say(OFFICER, '覆盖率');
  expect(cardText(coverage)).toContain('覆盖率');
  // 导出台账 and 查看名单 open new tasks: the coverage card is not replaced.
  const before = h.messenger.messages(OFFICER).length;
  const list = await h.click(OFFICER, buttonValue(coverage, '统计范围内的组织'));
  expect(list.replaced).toBe(false);
  expect(h.messenger.messages(OFFICER).slice(before)).toHaveLength(1);
  // Paging inside the list is the same task moving on: in place (nothing new is sent).
  const afterList = h.messenger.messages(OFFICER).length;
  const back = await h.click(OFFICER, buttonValue(list.card, '返回覆盖率'));
  expect(back.replaced).toBe(true);
  expect(h.messenger.messages(OFFICER).length).toBe(afterList);
  // Starting a flow from a card (feedback from the menu, or 记录会议 from a digest) is a new task.
  const [menu] = await h.say(OFFICER, '帮助');
  const n = h.messenger.messages(OFFICER).length;
  const start = await h.click(OFFICER, { cmd: 'start', flow: 'feedback' });
  expect(start.replaced).toBe(false);
  expect(h.messenger.messages(OFFICER).slice(n).map((m) => m.card?.title)).toEqual(['投诉建议']);
  expect(menu).toBeDefined();
  await h.say(OFFICER, '取消');
});
