import type { CardAction, Inbound } from '../bot/types.ts';
import { dingtalkPersonKey } from '../domain/person-key.ts';

/**
 * DingTalk robot messages and card callbacks, turned into the bot's transport-neutral input
 * (design habit 1). One parser for both receivers: Stream mode delivers the same JSON in a frame's
 * `data` as HTTP mode POSTs as the body. Field names: the SDK's RobotMessage type
 * (dingtalk-stream 2.1.5 dist/constants.d.ts) and the 接收消息 doc (src/messenger/dingtalk/README.md).
 */


export type DingtalkParsed =
  | { kind: 'inbound'; inbound: Inbound; dedupeKeys: string[] }
  | { kind: 'action'; action: CardAction }
  | { kind: 'ignored'; reason: string; dedupeKeys: string[]; unsupported?: { openId: string; chatId?: string } };

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Json;
  if (typeof v !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A card callback (`type: actionCallback`, Stream topic /v1.0/card/instances/callback). */
export function isCardCallback(body: Json): boolean {
  return body.type === 'actionCallback' || (typeof body.outTrackId === 'string' && 'content' in body && !('msgtype' in body));
}

/**
 * A robot message. Dedupe key `dt:msg:<msgId>`: DingTalk re-pushes an unacknowledged Stream message
 * (after about 60 s) and retries HTTP callbacks, both with the same msgId.
 */
export function parseRobotMessage(body: Json, at: Date): DingtalkParsed {
  const msgId = str(body.msgId);
  const dedupeKeys = msgId ? [`dt:msg:${msgId}`] : [];
  // senderStaffId (the company userid) is the only id the send APIs take; DingTalk omits it for
  // people outside the company and before the robot is published. senderId is encrypted: unused.
  const staffId = str(body.senderStaffId);
  if (!staffId) return { kind: 'ignored', reason: 'no senderStaffId', dedupeKeys };
  const openId = dingtalkPersonKey(staffId);
  const chatId = body.conversationType === '2' ? str(body.conversationId) : undefined;
  const type = str(body.msgtype) ?? '';
  if (type === 'text') {
    // In a group the @robot mention is stripped by DingTalk but leaves a leading space.
    const text = String(obj(body.text)?.content ?? '').trim();
    return { kind: 'inbound', dedupeKeys, inbound: { kind: 'text', openId, ...(chatId ? { chatId } : {}), ...(msgId ? { messageId: msgId } : {}), text, at } };
  }
  if ((type === 'file' || type === 'picture') && msgId) {
    const content = obj(body.content) ?? {};
    const code = str(content.downloadCode) ?? str(content.pictureDownloadCode);
    if (!code) return { kind: 'ignored', reason: `${type} without downloadCode`, dedupeKeys };
    const fileName = type === 'file' ? str(content.fileName) : undefined;
    return {
      kind: 'inbound',
      dedupeKeys,
      inbound: {
        kind: 'file',
        openId,
        ...(chatId ? { chatId } : {}),
        messageId: msgId,
        resource: type === 'picture' ? 'image' : 'file',
        // The download code is what /v1.0/robot/messageFiles/download takes (with the robot code).
        fileKey: code,
        ...(fileName ? { fileName } : {}),
        at,
      },
    };
  }
  // Voice, video, rich text…: the person gets a short polite answer (the receiver's `unsupported`).
  return { kind: 'ignored', reason: `msgtype ${type || 'unknown'}`, dedupeKeys, unsupported: { openId, ...(chatId ? { chatId } : {}) } };
}

/**
 * A card callback: `{outTrackId, userId, content: "{\"cardPrivateData\":{\"actionIds\":[…],\"params\":{…}}}"}`.
 * Contract with the card drawer (to come with the card model): a button puts the bot's action
 * value, JSON-encoded, in the param `value` (card variables are strings), and a form submit
 * puts its fields in `form`. Card callbacks are not deduplicated, as on Feishu: a redelivered
 * callback must get the same answer, which the engine's revision check guarantees.
 */
export function parseCardCallback(body: Json, at: Date): DingtalkParsed {
  const userId = str(body.userId);
  if (!userId) return { kind: 'ignored', reason: 'card callback without userId', dedupeKeys: [] };
  const content = obj(body.content) ?? {};
  const priv = obj(content.cardPrivateData) ?? {};
  const params = obj(priv.params) ?? {};
  const actionIds = Array.isArray(priv.actionIds) ? priv.actionIds : [];
  const formValue = obj(params.form);
  const outTrackId = str(body.outTrackId);
  const name = str(actionIds[0]);
  return {
    kind: 'action',
    action: {
      openId: dingtalkPersonKey(userId),
      ...(outTrackId ? { messageId: outTrackId } : {}),
      value: obj(params.value) ?? {},
      ...(formValue ? { formValue } : {}),
      ...(name ? { name } : {}),
      at,
    },
  };
}

export function parseDingtalkBody(body: Json, at: Date): DingtalkParsed {
  return isCardCallback(body) ? parseCardCallback(body, at) : parseRobotMessage(body, at);
}
