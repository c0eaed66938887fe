import { afterAll, expect, test } from 'vitest';
import vm from 'node:vm';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import { renderFeishu } from '../../src/cards/render-feishu.ts';
import { renderDingtalk } from '../../src/cards/render-dingtalk.ts';
import { deriveForm, renderFormMessage, startForm } from '../../src/cards/render-dingtalk-form.ts';
import { dingtalkVisibleText } from '../../src/cards/render-dingtalk-text.ts';
import { prompts } from '../../src/bot/all-prompts.ts';
import type { CardDoc } from '../../src/cards/document.ts';
import { consolePage } from '../../src/console/page.ts';
import { coverageCard, formCard, hostile, hostileCard } from './fixtures.ts';
import { serveConsole } from './serve-console.ts';

/** Issue 14 item 5: any card in the console, as Feishu's JSON and as DingTalk's message, from the one document. */
const messenger = createConsoleMessenger({ clock: { now: () => new Date('2026-03-02T02:00:00Z') } });
const server = await serveConsole({ messenger });
afterAll(() => server.close());

const numbered = () => {
  let n = 0;
  return () => String(++n);
};

test('a card message exposes its document, the Feishu JSON and the DingTalk message, all from that document', async () => {
  const { messageId } = await messenger.sendCard({ openId: 'ou_v' }, coverageCard);
  const r = await server.get(`/console/api/message/${messageId}/views`);
  expect(r.status).toBe(200);
  const v = JSON.parse(r.text);
  expect(v.id).toBe(messageId);
  expect(v.doc).toEqual(coverageCard);
  expect(v.feishu).toEqual(renderFeishu(coverageCard));
  const dt = renderDingtalk(coverageCard, { t: prompts, code: numbered() });
  expect({ kind: v.dingtalk.kind, title: v.dingtalk.title, text: v.dingtalk.text }).toEqual(dt);
  // Drawn as DingTalk shows it: markdown rendered, each press listed with what it sends.
  expect(v.dingtalk.html).toContain(`<h4>${coverageCard.title}</h4>`);
  expect(v.dingtalk.html).not.toContain('**');
  expect(v.dingtalk.buttons).toContainEqual({ text: '导出台账', sends: expect.stringMatching(/^导出台账 #\d+$/) });
  expect(v.dingtalk.buttons.map((b: { text: string }) => b.text)).not.toContain('已导出');
  expect(v.dingtalk.form).toBe(false);
});

test('a card updated in place is shown as it is now, in every view', async () => {
  const { messageId } = await messenger.sendCard({ openId: 'ou_v' }, coverageCard);
  const next: CardDoc = { ...coverageCard, title: '已更新的卡片', body: [{ kind: 'text', text: [{ text: '保存好了' }] }] };
  await messenger.updateCard(messageId, next);
  const v = JSON.parse((await server.get(`/console/api/message/${messageId}/views`)).text);
  expect(v.doc).toEqual(next);
  expect(JSON.stringify(v.feishu)).toContain('已更新的卡片');
  expect(v.dingtalk.html).toContain('保存好了');
});

test('a form goes to DingTalk one field per message: the view shows the first one', async () => {
  const { messageId } = await messenger.sendCard({ openId: 'ou_v' }, formCard);
  const v = JSON.parse((await server.get(`/console/api/message/${messageId}/views`)).text);
  const form = deriveForm(formCard)!;
  expect(v.dingtalk.form).toBe(true);
  expect(v.dingtalk.text).toBe(renderFormMessage(startForm(formCard, form, 1), prompts, numbered()).text);
  expect(v.dingtalk.buttons.map((b: { text: string }) => b.text)).toContain(prompts('dingtalk.form.cancel'));
});

test('user text that looks like markup shows as typed in the DingTalk view, never as HTML', async () => {
  const { messageId } = await messenger.sendCard({ openId: 'ou_v' }, hostileCard);
  const v = JSON.parse((await server.get(`/console/api/message/${messageId}/views`)).text);
  expect(v.dingtalk.html).not.toMatch(/<script|<a href="javascript/i);
  const shown = v.dingtalk.html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  expect(shown).toContain(dingtalkVisibleText(renderDingtalk(hostileCard, { t: prompts, code: numbered() }).text).split('\n')[0]!.replace(/^#### /, ''));
  expect(shown).toContain(hostile.split('\n')[0]);
});

test('text and unknown messages have no card views', async () => {
  const { messageId } = await messenger.sendText({ openId: 'ou_v' }, '你好');
  expect((await server.get(`/console/api/message/${messageId}/views`)).status).toBe(404);
  expect((await server.get('/console/api/message/om_nope/views')).status).toBe(404);
});

test('the page offers the switch on bot cards and embeds its script', () => {
  const page = consolePage();
  const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
  expect(() => new vm.Script(script)).not.toThrow();
  expect(script).toContain('var cardViewSwitch = ');
  expect(script).toContain('consoleApp(renderCard, cardInteractions, cardViewSwitch)');
  for (const view of ["console", "feishu", "dingtalk"]) expect(script).toMatch(new RegExp(`data-view=\\\\?"${view}`));
});
