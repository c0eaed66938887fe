import type { CardAction, Inbound } from '../bot/types.ts';

/** The schema 2.0 envelope (https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case). */
export interface FeishuEnvelope {
  schema?: string;
  type?: string;
  token?: string;
  challenge?: string;
  header?: { event_id?: string; event_type?: string; token?: string; create_time?: string };
  event?: Record<string, any>;
}

export type Parsed =
  | { kind: 'inbound'; inbound: Inbound; dedupeKeys: string[] }
  | { kind: 'action'; action: CardAction }
  | { kind: 'ignored'; eventType: string; dedupeKeys: string[] };

function content(raw: unknown): Record<string, any> {
  if (typeof raw !== 'string') return {};
  try {
    return JSON.parse(raw) as Record<string, any>;
  } catch {
    return {};
  }
}

/** Turns a verified Feishu body into the bot's transport-neutral input (design habit 1). */
export function parseEnvelope(body: FeishuEnvelope, at: Date): Parsed {
  const type = body.header?.event_type ?? '';
  const ev = body.event ?? {};
  const eventKey = body.header?.event_id ? [`evt:${body.header.event_id}`] : [];
  if (type === 'card.action.trigger') {
    const a = ev.action ?? {};
    const value = a.value && typeof a.value === 'object' ? (a.value as Record<string, unknown>) : {};
    return {
      kind: 'action',
      action: {
        openId: ev.operator?.open_id ?? '',
        messageId: ev.context?.open_message_id,
        chatId: ev.context?.open_chat_id,
        token: ev.token,
        value,
        formValue: a.form_value && typeof a.form_value === 'object' ? a.form_value : undefined,
        name: a.name,
        at,
      },
    };
  }
  if (type === 'im.message.receive_v1') {
    const m = ev.message ?? {};
    const openId: string = ev.sender?.sender_id?.open_id ?? '';
    const keys = [...eventKey, ...(m.message_id ? [`msg:${m.message_id}`] : [])];
    if (ev.sender?.sender_type && ev.sender.sender_type !== 'user') return { kind: 'ignored', eventType: type, dedupeKeys: keys };
    const c = content(m.content);
    if (m.message_type === 'text') {
      return { kind: 'inbound', dedupeKeys: keys, inbound: { kind: 'text', openId, chatId: m.chat_id, messageId: m.message_id, text: String(c.text ?? ''), at } };
    }
    if (m.message_type === 'file' || m.message_type === 'image') {
      const image = m.message_type === 'image';
      return {
        kind: 'inbound',
        dedupeKeys: keys,
        inbound: {
          kind: 'file',
          openId,
          chatId: m.chat_id,
          messageId: m.message_id,
          resource: image ? 'image' : 'file',
          fileKey: String(image ? c.image_key : c.file_key),
          fileName: image ? undefined : c.file_name,
          at,
        },
      };
    }
    return { kind: 'ignored', eventType: `${type}:${m.message_type}`, dedupeKeys: keys };
  }
  if (type === 'application.bot.menu_v6') {
    return {
      kind: 'inbound',
      dedupeKeys: eventKey,
      inbound: { kind: 'menu', openId: ev.operator?.operator_id?.open_id ?? '', eventKey: String(ev.event_key ?? ''), at },
    };
  }
  if (type === 'im.chat.access_event.bot_p2p_chat_entered_v1') {
    return { kind: 'inbound', dedupeKeys: eventKey, inbound: { kind: 'entered', openId: ev.operator_id?.open_id ?? '', chatId: ev.chat_id, at } };
  }
  return { kind: 'ignored', eventType: type || 'unknown', dedupeKeys: eventKey };
}
