/**
 * One Messenger over Feishu and DingTalk when both are configured: each call goes to the
 * messenger of its recipient. A DingTalk person's key is `dt:<userid>` (src/domain/person-key.ts)
 * and a DingTalk group's id is its `cid…`; Feishu's are `ou_…` / `oc_…` and its message ids
 * `om_…`. A file is uploaded to both, since an upload names no recipient; the key carries both.
 */
import { dingtalkUserId } from '../domain/person-key.ts';
import type { Messenger, Recipient } from './messenger.ts';

const isDingtalkRecipient = (to: Recipient) => ('openId' in to ? dingtalkUserId(to.openId) !== undefined : !to.chatId.startsWith('oc_'));
/** DingTalk message ids from this bot are JSON arrays or msgIds; Feishu's start with `om_`. */
const isFeishuMessage = (messageId: string) => messageId.startsWith('om_');

export function createRoutingMessenger(o: { feishu: Messenger; dingtalk: Messenger }): Messenger {
  const { feishu, dingtalk } = o;
  const by = (to: Recipient) => (isDingtalkRecipient(to) ? dingtalk : feishu);
  const byMessage = (id: string) => (isFeishuMessage(id) ? feishu : dingtalk);
  const split = (fileKey: string): { fs: string; dt: string } => {
    const v = JSON.parse(fileKey) as { fs?: unknown; dt?: unknown };
    if (typeof v.fs !== 'string' || typeof v.dt !== 'string') throw new TypeError('not a file key from the routing messenger');
    return { fs: v.fs, dt: v.dt };
  };
  return {
    // Every file goes to both platforms (uploadFile below), so it must fit the smaller bound.
    maxFileBytes: Math.min(feishu.maxFileBytes, dingtalk.maxFileBytes),
    sendCard: (to, card, opts) => by(to).sendCard(to, card, opts),
    sendText: (to, text, opts) => by(to).sendText(to, text, opts),
    replyCard: (id, card, opts) => byMessage(id).replyCard(id, card, opts),
    replyText: (id, text, opts) => byMessage(id).replyText(id, text, opts),
    updateCard: (id, card) => byMessage(id).updateCard(id, card),
    editsInPlace: (id) => byMessage(id).editsInPlace?.(id) ?? true,
    updateCardByToken: (token, card, openIds) => (token.startsWith('c-') ? feishu : dingtalk).updateCardByToken(token, card, openIds),
    async uploadImage(data) {
      const [fs, dt] = await Promise.all([feishu.uploadImage(data), dingtalk.uploadImage(data)]);
      return { imageKey: JSON.stringify({ fs: fs.imageKey, dt: dt.imageKey }) };
    },
    async uploadFile(data, fileName) {
      const [fs, dt] = await Promise.all([feishu.uploadFile(data, fileName), dingtalk.uploadFile(data, fileName)]);
      return { fileKey: JSON.stringify({ fs: fs.fileKey, dt: dt.fileKey }) };
    },
    sendFile(to, fileKey, opts) {
      const k = split(fileKey);
      return isDingtalkRecipient(to) ? dingtalk.sendFile(to, k.dt, opts) : feishu.sendFile(to, k.fs, opts);
    },
    downloadResource: (id, key, type) => byMessage(id).downloadResource(id, key, type),
    // Roster matching asks each configured messenger itself (cli import-roster); Feishu answers here.
    resolveByMobile: (mobiles) => feishu.resolveByMobile(mobiles),
  };
}
