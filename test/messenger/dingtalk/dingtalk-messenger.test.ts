import type { CardDoc } from '../../../src/cards/document.ts';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Card } from '../../../src/messenger/messenger.ts';
import { createDingtalkClient } from '../../../src/messenger/dingtalk/dingtalk-client.ts';
import { createDingtalkMessenger, type DingtalkTarget } from '../../../src/messenger/dingtalk/dingtalk-messenger.ts';
import { DT_BASE, installDingtalkStandIn } from '../../support/dingtalk-openapi.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup() {
  const dt = installDingtalkStandIn(server);
  const drawn: Array<{ to?: DingtalkTarget; messageId?: string; card: Card }> = [];
  const messenger = createDingtalkMessenger({
    client: createDingtalkClient({ clientId: 'dingapp', clientSecret: 'secret', robotCode: 'dingrobot', api: DT_BASE, sleep: async () => {} }),
    cards: {
      send: async (to, card) => {
        drawn.push({ to, card });
        return { messageId: 'track-1' };
      },
      update: async (messageId, card) => void drawn.push({ messageId, card }),
      editsInPlace: () => true,
    },
  });
  return { dt, drawn, messenger };
}

test('text goes to a dt: person by userid, or to a group by its conversation id', async () => {
  const { dt, messenger } = setup();
  expect(await messenger.sendText({ openId: 'dt:staff001' }, '您好')).toEqual({ messageId: expect.stringMatching(/^pqk-/) });
  await messenger.sendText({ chatId: 'cidGroup==' }, '大家好');
  expect(dt.to('/v1.0/robot/oToMessages/batchSend')[0]!.body).toMatchObject({ robotCode: 'dingrobot', userIds: ['staff001'], msgKey: 'sampleText', msgParam: '{"content":"您好"}' });
  expect(dt.to('/v1.0/robot/groupMessages/send')[0]!.body).toMatchObject({ openConversationId: 'cidGroup==', msgKey: 'sampleText' });
});

test('a Feishu open_id, or a userid DingTalk does not know, is an error, not a silent drop', async () => {
  const { dt, messenger } = setup();
  await expect(messenger.sendText({ openId: 'ou_feishu' }, 'x')).rejects.toThrow(TypeError);
  dt.next('/v1.0/robot/oToMessages/batchSend', () => HttpResponse.json({ processQueryKey: 'p', invalidStaffIdList: ['gone'], flowControlledStaffIdList: [] }));
  await expect(messenger.sendText({ openId: 'dt:gone' }, 'x')).rejects.toMatchObject({ code: 'invalidStaffId' });
});

test('cards go to the card seam with the DingTalk target; updates by the card id', async () => {
  const { dt, drawn, messenger } = setup();
  const card: CardDoc = { title: '待办', color: 'blue', body: [] };
  expect(await messenger.sendCard({ openId: 'dt:staff002' }, card)).toEqual({ messageId: 'track-1' });
  await messenger.updateCard('track-1', card);
  expect(drawn).toEqual([{ to: { userId: 'staff002' }, card }, { messageId: 'track-1', card }]);
  expect(dt.calls).toHaveLength(0);
  await expect(messenger.replyText('msg-1', 'x')).rejects.toMatchObject({ code: 'noReplyTo' });
});

test('an export is uploaded and sent as a file with its name; an upload is downloaded by its code', async () => {
  const { dt, messenger } = setup();
  const { fileKey } = await messenger.uploadFile(new Uint8Array([7, 7]), '导出.xlsx');
  await messenger.sendFile({ openId: 'dt:staff003' }, fileKey);
  const sent = dt.to('/v1.0/robot/oToMessages/batchSend')[0]!.body;
  expect(sent.msgKey).toBe('sampleFile');
  expect(JSON.parse(sent.msgParam)).toEqual({ mediaId: expect.stringMatching(/^@media-/), fileName: '导出.xlsx', fileType: 'xlsx' });
  dt.files.set('dc-9', new Uint8Array([9]));
  expect([...(await messenger.downloadResource('msg-9', 'dc-9', 'file'))]).toEqual([9]);
  // media/upload takes up to 20 MB (shared/reference/dingtalk.md §3): the bound callers split by.
  expect(messenger.maxFileBytes).toBe(20_000_000);
});

test('people by mobile come back as dt: person keys', async () => {
  const { dt, messenger } = setup();
  dt.users.set('13800000001', { userid: 'staff001' });
  expect(await messenger.resolveByMobile(['13800000001', '13800000002'])).toEqual(new Map([['13800000001', 'dt:staff001']]));
});
