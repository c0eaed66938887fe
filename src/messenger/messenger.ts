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

export interface Messenger {
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
