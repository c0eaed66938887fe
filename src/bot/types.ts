import type { Card } from '../messenger/messenger.ts';
import type { Person, Role, RoleScope } from '../domain/person.ts';

export type { Card, Person, Role, RoleScope };

/** What arrives from the messenger, already verified and deduplicated (transport-neutral). */
export type Inbound =
  | { kind: 'text'; openId: string; chatId?: string; messageId?: string; text: string; at: Date }
  | {
      kind: 'file';
      openId: string;
      chatId?: string;
      messageId: string;
      resource: 'file' | 'image';
      fileKey: string;
      fileName?: string;
      at: Date;
    }
  | { kind: 'menu'; openId: string; eventKey: string; at: Date }
  | { kind: 'entered'; openId: string; chatId?: string; at: Date };

/** A click or form submit on a card (Feishu `card.action.trigger`). */
export interface CardAction {
  openId: string;
  messageId?: string;
  chatId?: string;
  /** Callback token (c-…) for a delayed update of this card. */
  token?: string;
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
  /** The component's name (the submit button's, for forms). */
  name?: string;
  at: Date;
}

export interface Toast {
  type: 'success' | 'error' | 'info' | 'warning';
  content: string;
}

/** The synchronous answer to a card action: Feishu replaces the card when `card` is given. */
export interface ActionReply {
  toast?: Toast;
  card?: Card;
  /**
   * This action finished a task (a form saved, a lead moved on): features' taskDone runs after
   * the commit (the digest it came from gets the item marked). The bot's own marker: never sent.
   */
  done?: boolean;
}
