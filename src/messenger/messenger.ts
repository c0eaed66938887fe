import type { CardDoc } from '../cards/document.ts';

/**
 * Outbound messaging, independent of the messenger product (Feishu, DingTalk, the console).
 * Cards are card documents (src/cards/document.ts); each messenger renders them its own way.
 */
export type Card = CardDoc;

/** Who receives: a person by open_id, or a chat by chat_id. */
export type Recipient = { openId: string } | { chatId: string };

export interface SendOptions {
  /** Idempotency key: Feishu drops a second message with the same uuid within an hour. */
  uuid?: string;
}

export interface SentMessage {
  messageId: string;
}

/** Megabytes as the platforms' documents write them, read as decimal: the smaller reading, safe whichever they mean. */
export const MB = 1_000_000;
/**
 * Feishu's IM file upload (im/v1/files): "文件大小不得超过 30 MB，且不允许上传空文件"
 * (https://open.feishu.cn/document/server-docs/im-v1/file/create; not in shared/reference/feishu.md).
 */
export const FEISHU_MAX_FILE_BYTES = 30 * MB;
/** DingTalk's media upload (oapi media/upload, type file): "up to 20 MB" (shared/reference/dingtalk.md §3 Files). */
export const DINGTALK_MAX_FILE_BYTES = 20 * MB;

export interface Messenger {
  /**
   * The largest file uploadFile can send, in bytes (the platform's bound). A caller with a bigger
   * file splits it or gives up: the upload would be refused however often it is retried.
   */
  readonly maxFileBytes: number;
  sendCard(to: Recipient, card: Card, opts?: SendOptions): Promise<SentMessage>;
  sendText(to: Recipient, text: string, opts?: SendOptions): Promise<SentMessage>;
  replyCard(messageId: string, card: Card, opts?: SendOptions): Promise<SentMessage>;
  replyText(messageId: string, text: string, opts?: SendOptions): Promise<SentMessage>;
  /** PATCH a card the bot sent earlier (shared cards, within 14 days). */
  updateCard(messageId: string, card: Card): Promise<void>;
  /**
   * Whether updateCard changes that message itself. Absent: it does (Feishu, the console). False
   * where an "update" can only send a new message (DingTalk without a card template), so that a
   * follow-up that is only worth an edit (a digest's done mark) is skipped there.
   */
  editsInPlace?(messageId: string): boolean;
  /** Delayed update through a callback's token (c-…, valid 30 min, twice). */
  updateCardByToken(token: string, card: Card, openIds?: string[]): Promise<void>;
  uploadImage(data: Uint8Array): Promise<{ imageKey: string }>;
  uploadFile(data: Uint8Array, fileName: string): Promise<{ fileKey: string }>;
  sendFile(to: Recipient, fileKey: string, opts?: SendOptions): Promise<SentMessage>;
  /** Download a file or image a person sent in a message. */
  downloadResource(messageId: string, key: string, type: 'file' | 'image'): Promise<Uint8Array>;
  /** Mobile number → open_id; numbers not found are absent from the map. */
  resolveByMobile(mobiles: string[]): Promise<Map<string, string>>;
}
