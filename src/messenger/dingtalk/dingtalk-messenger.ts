/**
 * The Messenger the bot core talks to, on DingTalk. Text, files, downloads and people by mobile
 * go through the OpenAPI client. Cards go through `cards`, the seam for the messenger-neutral card
 * model: it will get the card document and draw it (an interactive card from a template where
 * one is configured, else markdown and action-card messages). This file does not draw cards.
 */
import { dingtalkPersonKey, dingtalkUserId } from '../../domain/person-key.ts';
import { DINGTALK_MAX_FILE_BYTES, type Card, type Messenger, type Recipient, type SendOptions, type SentMessage } from '../messenger.ts';
import type { DingtalkClient } from './dingtalk-client.ts';
import { DingtalkApiError } from './dingtalk-api-error.ts';

/** A person (by userid) or a group (by openConversationId, the `cid…` of the robot message). */
export type DingtalkTarget = { userId: string } | { openConversationId: string };

export interface DingtalkCards {
  send(to: DingtalkTarget, card: Card, opts?: SendOptions): Promise<SentMessage>;
  /** Update in place by the card's id (its outTrackId); DingTalk has no separate callback token. */
  update(messageId: string, card: Card): Promise<void>;
  /** Whether update(messageId) edits that card (false: it sends the new state as a new message). */
  editsInPlace(messageId: string): boolean;
}

/** Who a Recipient is on DingTalk; a Feishu open_id here is a routing bug, so it is refused loudly. */
export function dingtalkTarget(to: Recipient): DingtalkTarget {
  if ('chatId' in to) return { openConversationId: to.chatId };
  const userId = dingtalkUserId(to.openId);
  if (userId === undefined) throw new TypeError('not a DingTalk person key');
  return { userId };
}

/** uploadFile's key carries the file name too: sampleFile needs it and Messenger.sendFile passes only the key. */
function fileKeyOf(mediaId: string, fileName: string): string {
  return JSON.stringify({ mediaId, fileName });
}

function parseFileKey(fileKey: string): { mediaId: string; fileName: string } {
  try {
    const v = JSON.parse(fileKey) as { mediaId?: unknown; fileName?: unknown };
    if (typeof v.mediaId === 'string' && typeof v.fileName === 'string') return { mediaId: v.mediaId, fileName: v.fileName };
  } catch {
    // fall through
  }
  throw new TypeError('not a file key from this messenger');
}

/** DingTalk's robot APIs have no reply-to (README "OpenAPI"): a reply is a message to the conversation. */
function noReplyTo(operation: string): never {
  throw new DingtalkApiError({ code: 'noReplyTo', httpStatus: 0, operation, dingtalkMsg: 'DingTalk robots cannot reply to a message; send to the conversation' });
}

/** `maxFileBytes` defaults to DingTalk's bound (DINGTALK_MAX_FILE_BYTES); tests lower it to split without 20 MB files. */
export function createDingtalkMessenger(o: { client: DingtalkClient; cards: DingtalkCards; maxFileBytes?: number }): Messenger {
  const { client, cards } = o;

  async function sendMessage(to: Recipient, message: Parameters<DingtalkClient['sendToGroup']>[1], operation: string): Promise<SentMessage> {
    const t = dingtalkTarget(to);
    if ('openConversationId' in t) return { messageId: (await client.sendToGroup(t.openConversationId, message)).processQueryKey };
    const [r] = await client.sendToUsers([t.userId], message);
    if (!r || r.invalidUserIds.includes(t.userId)) {
      throw new DingtalkApiError({ code: 'invalidStaffId', httpStatus: 200, operation, dingtalkMsg: 'the recipient is not a user of this company' });
    }
    return { messageId: r.processQueryKey };
  }

  return {
    maxFileBytes: o.maxFileBytes ?? DINGTALK_MAX_FILE_BYTES,
    sendText: (to, text) => sendMessage(to, { kind: 'text', content: text }, 'sendText'),
    // async, so a recipient that is not a DingTalk key rejects (callers use allSettled) rather than throws.
    sendCard: async (to, card, opts) => cards.send(dingtalkTarget(to), card, opts),
    updateCard: (messageId, card) => cards.update(messageId, card),
    editsInPlace: (messageId) => cards.editsInPlace(messageId),
    updateCardByToken: (token, card) => cards.update(token, card),
    replyText: async () => noReplyTo('replyText'),
    replyCard: async () => noReplyTo('replyCard'),

    async uploadImage(data) {
      return { imageKey: (await client.uploadMedia(data, 'image.png', 'image')).mediaId };
    },
    async uploadFile(data, fileName) {
      return { fileKey: fileKeyOf((await client.uploadMedia(data, fileName, 'file')).mediaId, fileName) };
    },
    async sendFile(to, fileKey) {
      const { mediaId, fileName } = parseFileKey(fileKey);
      const t = dingtalkTarget(to);
      return { messageId: (await client.sendFile(t, mediaId, fileName)).processQueryKey };
    },
    // The key of a DingTalk file message is its downloadCode; the message id is not needed.
    downloadResource: (_messageId, key) => client.downloadMessageFile(key),

    async resolveByMobile(mobiles) {
      const found = await client.resolveByMobile(mobiles);
      return new Map([...found].map(([mobile, u]) => [mobile, dingtalkPersonKey(u.userId)]));
    },
  };
}
