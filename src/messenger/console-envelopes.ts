/**
 * Feishu-shaped bodies for what a console user does, so the bot core cannot tell the console from
 * Feishu (https://open.feishu.cn/document/server-docs/im-v1/message/events/receive,
 * https://open.feishu.cn/document/feishu-cards/card-callback-communication).
 */
import { randomUUID } from 'node:crypto';

const header = (type: string, at: Date) => ({
  event_id: `console-${randomUUID()}`,
  event_type: type,
  create_time: String(at.getTime()),
  token: 'console',
  app_id: 'console',
  tenant_key: 'console',
});

function message(openId: string, messageId: string, type: string, content: unknown, at: Date) {
  return {
    schema: '2.0',
    header: header('im.message.receive_v1', at),
    event: {
      sender: { sender_id: { open_id: openId }, sender_type: 'user', tenant_key: 'console' },
      message: { message_id: messageId, chat_id: `oc_console_${openId}`, chat_type: 'p2p', message_type: type, content: JSON.stringify(content), create_time: String(at.getTime()) },
    },
  };
}

export const textEnvelope = (openId: string, messageId: string, text: string, at: Date) => message(openId, messageId, 'text', { text }, at);

export const fileEnvelope = (openId: string, messageId: string, key: string, fileName: string, image: boolean, at: Date) =>
  image ? message(openId, messageId, 'image', { image_key: key }, at) : message(openId, messageId, 'file', { file_key: key, file_name: fileName }, at);

export function actionEnvelope(
  a: { openId: string; messageId: string; token: string; value?: unknown; formValue?: Record<string, unknown>; name?: string },
  at: Date,
) {
  return {
    schema: '2.0',
    header: header('card.action.trigger', at),
    event: {
      operator: { open_id: a.openId, tenant_key: 'console' },
      token: a.token,
      action: {
        value: a.value && typeof a.value === 'object' ? a.value : {},
        tag: 'button',
        timezone: 'Asia/Shanghai',
        name: a.name ?? '',
        ...(a.formValue ? { form_value: a.formValue } : {}),
      },
      host: 'im_message',
      context: { open_message_id: a.messageId, open_chat_id: `oc_console_${a.openId}` },
    },
  };
}
