import { expect, test } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import type { CardDoc } from '../../src/cards/document.ts';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import { createRoutingMessenger } from '../../src/messenger/routing-messenger.ts';

const card: CardDoc = { title: '待办', color: 'blue', body: [] };
const clock = fixedClock('2026-11-22T01:00:00Z');

test('with both messengers, each recipient is reached on its own: dt: keys and cid groups on DingTalk, the rest on Feishu', async () => {
  const feishu = createConsoleMessenger({ clock });
  const dingtalk = createConsoleMessenger({ clock });
  const m = createRoutingMessenger({ feishu, dingtalk });
  await m.sendCard({ openId: 'ou_a' }, card);
  await m.sendCard({ openId: 'dt:staff1' }, card);
  await m.sendText({ chatId: 'oc_group' }, '你好');
  await m.sendText({ chatId: 'cidGroup==' }, '你好');
  expect(feishu.recipients().sort()).toEqual(['oc_group', 'ou_a']);
  expect(dingtalk.recipients().sort()).toEqual(['cidGroup==', 'dt:staff1']);
});

test('a file is uploaded to both, and sent from the one the recipient is on', async () => {
  const feishu = createConsoleMessenger({ clock });
  const dingtalk = createConsoleMessenger({ clock });
  const m = createRoutingMessenger({ feishu, dingtalk });
  const { fileKey } = await m.uploadFile(new Uint8Array([1, 2, 3]), '台账.xlsx');
  await m.sendFile({ openId: 'dt:staff1' }, fileKey);
  await m.sendFile({ openId: 'ou_a' }, fileKey);
  expect(dingtalk.messages('dt:staff1').map((x) => x.kind)).toEqual(['file']);
  expect(feishu.messages('ou_a').map((x) => x.kind)).toEqual(['file']);
  expect(dingtalk.messages('ou_a')).toEqual([]);
});

test('each messenger says its upload bound: Feishu 30 MB, DingTalk 20 MB, and the routing one the smaller, as it uploads to both', async () => {
  const { createFeishuMessenger } = await import('../../src/messenger/feishu-messenger.ts');
  const feishu = createFeishuMessenger({ appId: 'cli_x', appSecret: 's', domain: 'https://open.feishu.test' });
  expect(feishu.maxFileBytes).toBe(30_000_000);
  expect(createConsoleMessenger({ clock }).maxFileBytes).toBe(30_000_000);
  const dingtalk = createConsoleMessenger({ clock, maxFileBytes: 20_000_000 });
  expect(createRoutingMessenger({ feishu, dingtalk }).maxFileBytes).toBe(20_000_000);
  // The console stands in for Feishu: a file over its bound is refused like an upload Feishu refuses.
  const small = createConsoleMessenger({ clock, maxFileBytes: 2 });
  await expect(small.uploadFile(new Uint8Array(3), '台账.xlsx')).rejects.toThrow(/over the upload bound/);
});
