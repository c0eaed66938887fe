/**
 * The local console's Messenger: what the bot would send to Feishu is kept in memory, grouped by
 * recipient, and streamed to subscribers (the console page, over SSE). It follows Feishu's rules
 * where flows could get them wrong, so that the console catches the same mistakes: a reused uuid
 * within an hour yields the first message again, a card-update token works twice within 30 minutes,
 * only cards can be updated, and only files this bot uploaded can be sent.
 */
import { systemClock, type Clock } from '../clock.ts';
import { FEISHU_MAX_FILE_BYTES, type Card, type Messenger, type Recipient, type SendOptions, type SentMessage } from './messenger.ts';
import { normalizeMobile } from './normalize-mobile.ts';

export interface ConsoleMessage {
  id: string;
  /** The recipient: an open_id or a chat_id. */
  to: string;
  kind: 'card' | 'text' | 'file';
  card?: Card;
  text?: string;
  fileName?: string;
  fileKey?: string;
  /** ISO instant. */
  at: string;
  /** The message this one replies to. */
  replyTo?: string;
  updatedAt?: string;
  /** The console user's own message (kept so the chat replays both sides). */
  from?: 'user';
}

/**
 * Where the console's chat is kept between runs (issue 20 item 13): what was sent, to whom, and
 * the id counter, so a restart neither loses the chat nor hands out an id a shown card already has.
 */
export interface ConsoleHistoryStore {
  load(): ConsoleHistory | undefined;
  /** Called after every change; the store decides when to write. */
  save(history: ConsoleHistory): void;
}
export interface ConsoleHistory {
  seq: number;
  messages: ConsoleMessage[];
}

export type ConsoleEvent = { type: 'message'; message: ConsoleMessage } | { type: 'update'; message: ConsoleMessage };

export interface ConsoleMessengerOptions {
  clock?: Clock;
  /** Mobile → open_id, the console's stand-in for the contact directory (matched as Feishu does). */
  directory?: Record<string, string> | Map<string, string>;
  /** Messages kept per recipient (oldest dropped first). */
  maxPerRecipient?: number;
  /** Uploads and resources kept (oldest dropped first). */
  maxBlobs?: number;
  /** The upload bound it stands in for; Feishu's by default. A bigger upload is refused, as Feishu would. */
  maxFileBytes?: number;
  /** Keeps the chat across restarts; without it the chat lives in memory only. */
  history?: ConsoleHistoryStore;
}

export interface ConsoleMessenger extends Messenger {
  /** Messages to one recipient, oldest first; copies. */
  messages(to: string): ConsoleMessage[];
  /** Records what the console user sent (`from: 'user'`), kept and replayed with the bot's messages. */
  noteOwn(m: ConsoleMessage): void;
  /** What one console user sent, oldest first; copies. */
  ownMessages(to: string): ConsoleMessage[];
  recipients(): string[];
  /** A message by id (copy), whoever it went to. */
  message(id: string): ConsoleMessage | undefined;
  /** Subscribe to sends and updates; returns the unsubscribe function. */
  subscribe(fn: (e: ConsoleEvent) => void): () => void;
  /** The console hands out c-… tokens with its card clicks and maps them to the clicked message. */
  registerToken(token: string, messageId: string): void;
  /** An inbound message the console user sent, so that replies to it find their conversation. */
  registerInbound(messageId: string, from: Recipient): void;
  /** Bytes of a file or image the console user sent in a message. */
  putResource(messageId: string, key: string, data: Uint8Array): void;
  /** An uploaded image or file, for the console page to show or offer for download. */
  upload(key: string): { data: Uint8Array; fileName?: string } | undefined;
  setMobile(mobile: string, openId: string): void;
  clear(): void;
}

/** Feishu drops a repeated uuid within an hour. */
const UUID_TTL_MS = 60 * 60 * 1000;
/** A card-update token is valid 30 minutes and usable twice. */
const TOKEN_TTL_MS = 30 * 60 * 1000;
const TOKEN_USES = 2;

const keyOf = (to: Recipient) => ('openId' in to ? to.openId : to.chatId);
const copy = (m: ConsoleMessage): ConsoleMessage => ({ ...m });

/** A Map that forgets its oldest entries past a size. */
function boundedSet<K, V>(map: Map<K, V>, key: K, value: V, max: number) {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}

export function createConsoleMessenger(opts: ConsoleMessengerOptions = {}): ConsoleMessenger {
  const clock = opts.clock ?? systemClock;
  const maxPerRecipient = opts.maxPerRecipient ?? 500;
  const maxBlobs = opts.maxBlobs ?? 200;
  const directory = new Map<string, string>();
  for (const [mobile, openId] of opts.directory instanceof Map ? opts.directory : Object.entries(opts.directory ?? {})) {
    directory.set(normalizeMobile(mobile), openId);
  }

  const byRecipient = new Map<string, ConsoleMessage[]>();
  const byId = new Map<string, ConsoleMessage>();
  const inbound = new Map<string, string>();
  const uuids = new Map<string, { messageId: string; at: number }>();
  const tokens = new Map<string, { messageId: string; at: number; uses: number }>();
  const uploads = new Map<string, { data: Uint8Array; fileName?: string }>();
  const resources = new Map<string, Uint8Array>();
  const subscribers = new Set<(e: ConsoleEvent) => void>();
  const own = new Map<string, ConsoleMessage[]>();
  let seq = 0;

  const push = (map: Map<string, ConsoleMessage[]>, m: ConsoleMessage) => {
    const list = map.get(m.to) ?? [];
    list.push(m);
    map.set(m.to, list);
    return list;
  };
  const restored = opts.history?.load();
  if (restored) {
    seq = restored.seq;
    for (const m of restored.messages) {
      if (m.from === 'user') push(own, m);
      else {
        push(byRecipient, m);
        byId.set(m.id, m);
      }
    }
  }
  const persist = () => {
    if (!opts.history) return;
    const messages = [...byRecipient.values(), ...own.values()].flat().sort((a, b) => a.at.localeCompare(b.at));
    opts.history.save({ seq, messages });
  };

  const nowMs = () => clock.now().getTime();

  function emit(e: ConsoleEvent) {
    for (const fn of subscribers) {
      try {
        fn(e);
      } catch {
        // A broken page connection must not fail the bot's send.
      }
    }
  }

  function record(to: string, m: Omit<ConsoleMessage, 'id' | 'to' | 'at'>, o?: SendOptions): SentMessage {
    const now = nowMs();
    if (o?.uuid) {
      for (const [k, v] of uuids) if (now - v.at >= UUID_TTL_MS) uuids.delete(k);
      const seen = uuids.get(o.uuid);
      if (seen) return { messageId: seen.messageId };
    }
    const message: ConsoleMessage = { id: `om_console_${++seq}`, to, at: new Date(now).toISOString(), ...m };
    const list = byRecipient.get(to) ?? [];
    list.push(message);
    while (list.length > maxPerRecipient) byId.delete(list.shift()!.id);
    byRecipient.set(to, list);
    byId.set(message.id, message);
    if (o?.uuid) uuids.set(o.uuid, { messageId: message.id, at: now });
    persist();
    emit({ type: 'message', message: copy(message) });
    return { messageId: message.id };
  }

  /** Replies go to the conversation of the message replied to, as in Feishu. */
  function conversationOf(messageId: string): string {
    const to = byId.get(messageId)?.to ?? inbound.get(messageId);
    if (!to) throw new Error(`console messenger: no message ${messageId} to reply to`);
    return to;
  }

  function replaceCard(messageId: string, card: Card) {
    const m = byId.get(messageId);
    if (!m) throw new Error(`console messenger: no message ${messageId} to update`);
    if (m.kind !== 'card') throw new Error(`console messenger: message ${messageId} is not a card`);
    m.card = structuredClone(card);
    m.updatedAt = new Date(nowMs()).toISOString();
    persist();
    emit({ type: 'update', message: copy(m) });
  }

  function storeUpload(prefix: string, data: Uint8Array, fileName?: string): string {
    const key = `${prefix}_console_${++seq}`;
    boundedSet(uploads, key, { data: data.slice(), ...(fileName !== undefined ? { fileName } : {}) }, maxBlobs);
    return key;
  }

  const maxFileBytes = opts.maxFileBytes ?? FEISHU_MAX_FILE_BYTES;
  return {
    maxFileBytes,
    // Cards are cloned so that a caller mutating its object later cannot rewrite history.
    async sendCard(to, card, o) {
      return record(keyOf(to), { kind: 'card', card: structuredClone(card) }, o);
    },
    async sendText(to, text, o) {
      return record(keyOf(to), { kind: 'text', text }, o);
    },
    async replyCard(messageId, card, o) {
      return record(conversationOf(messageId), { kind: 'card', card: structuredClone(card), replyTo: messageId }, o);
    },
    async replyText(messageId, text, o) {
      return record(conversationOf(messageId), { kind: 'text', text, replyTo: messageId }, o);
    },
    async sendFile(to, fileKey, o) {
      const file = uploads.get(fileKey);
      // Feishu 230017: a bot can only send files it uploaded itself.
      if (!file) throw new Error(`console messenger: unknown file key ${fileKey}`);
      return record(keyOf(to), { kind: 'file', fileKey, ...(file.fileName !== undefined ? { fileName: file.fileName } : {}) }, o);
    },
    async updateCard(messageId, card) {
      replaceCard(messageId, card);
    },
    async updateCardByToken(token, card) {
      const t = tokens.get(token);
      const now = nowMs();
      // Feishu 300030 / 300040: expired token, or used up.
      if (!t || now - t.at >= TOKEN_TTL_MS) throw new Error('console messenger: card token unknown or expired');
      if (t.uses >= TOKEN_USES) throw new Error('console messenger: card token used up');
      t.uses += 1;
      replaceCard(t.messageId, card);
    },
    async uploadImage(data) {
      return { imageKey: storeUpload('img', data) };
    },
    async uploadFile(data, fileName) {
      if (data.length > maxFileBytes) throw new Error(`console messenger: a file of ${data.length} bytes is over the upload bound of ${maxFileBytes}`);
      return { fileKey: storeUpload('file', data, fileName) };
    },
    async downloadResource(messageId, key) {
      const data = resources.get(`${messageId}/${key}`);
      if (!data) throw new Error(`console messenger: no resource ${key} in message ${messageId}`);
      return data.slice();
    },
    async resolveByMobile(mobiles) {
      const found = new Map<string, string>();
      for (const m of mobiles) {
        const openId = directory.get(normalizeMobile(m));
        if (openId) found.set(m, openId);
      }
      return found;
    },

    messages: (to) => (byRecipient.get(to) ?? []).map(copy),
    noteOwn(m) {
      const list = push(own, { ...m, from: 'user' });
      while (list.length > maxPerRecipient) list.shift();
      persist();
    },
    ownMessages: (to) => (own.get(to) ?? []).map(copy),
    recipients: () => [...byRecipient.keys()],
    message: (id) => {
      const m = byId.get(id);
      return m && copy(m);
    },
    subscribe(fn) {
      subscribers.add(fn);
      return () => void subscribers.delete(fn);
    },
    registerToken(token, messageId) {
      const now = nowMs();
      for (const [k, v] of tokens) if (now - v.at >= TOKEN_TTL_MS) tokens.delete(k);
      tokens.set(token, { messageId, at: now, uses: 0 });
    },
    registerInbound(messageId, from) {
      boundedSet(inbound, messageId, keyOf(from), maxPerRecipient * 4);
    },
    putResource(messageId, key, data) {
      boundedSet(resources, `${messageId}/${key}`, data.slice(), maxBlobs);
    },
    upload: (key) => {
      const u = uploads.get(key);
      return u && { data: u.data.slice(), ...(u.fileName !== undefined ? { fileName: u.fileName } : {}) };
    },
    setMobile(mobile, openId) {
      directory.set(normalizeMobile(mobile), openId);
    },
    clear() {
      own.clear();
      byRecipient.clear();
      byId.clear();
      inbound.clear();
      uuids.clear();
      tokens.clear();
      uploads.clear();
      resources.clear();
    },
  };
}
