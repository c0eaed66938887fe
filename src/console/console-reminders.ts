import type { Db } from '../db/database.ts';
import type { Card, Messenger, Recipient } from '../messenger/messenger.ts';
import { consolePeople } from './console-people.ts';

/** What the console's clock control shows after a run: who got what. */
export interface SentRecord {
  to: string;
  title: string;
}

const titleOf = (card: Card): string => {
  return card.title || '卡片消息';
};

/**
 * Wraps the messenger for one reminders run so the console can list the sends of that run alone
 * (other people's clicks may send at the same moment; they are not the run's).
 */
export function recordSends(messenger: Messenger): { messenger: Messenger; named(db: Db): Promise<SentRecord[]> } {
  const sends: Array<{ to: string; title: string }> = [];
  const files = new Map<string, string>();
  const target = (to: Recipient) => ('openId' in to ? to.openId : to.chatId);
  const wrapped: Messenger = {
    ...bindAll(messenger),
    sendCard: async (to, card, opts) => {
      const r = await messenger.sendCard(to, card, opts);
      sends.push({ to: target(to), title: titleOf(card) });
      return r;
    },
    sendText: async (to, text, opts) => {
      const r = await messenger.sendText(to, text, opts);
      sends.push({ to: target(to), title: text.split('\n')[0]!.slice(0, 40) });
      return r;
    },
    uploadFile: async (data, fileName) => {
      const r = await messenger.uploadFile(data, fileName);
      files.set(r.fileKey, fileName);
      return r;
    },
    sendFile: async (to, fileKey, opts) => {
      const r = await messenger.sendFile(to, fileKey, opts);
      sends.push({ to: target(to), title: `文件：${files.get(fileKey) ?? fileKey}` });
      return r;
    },
  };
  return {
    messenger: wrapped,
    async named(db) {
      if (sends.length === 0) return [];
      const name = new Map((await consolePeople(db)).map((p) => [p.openId, p.name]));
      return sends.map((s) => ({ to: name.get(s.to) ?? s.to, title: s.title }));
    },
  };
}

function bindAll(m: Messenger): Messenger {
  return {
    maxFileBytes: m.maxFileBytes,
    sendCard: m.sendCard.bind(m),
    sendText: m.sendText.bind(m),
    replyCard: m.replyCard.bind(m),
    replyText: m.replyText.bind(m),
    updateCard: m.updateCard.bind(m),
    updateCardByToken: m.updateCardByToken.bind(m),
    ...(m.editsInPlace ? { editsInPlace: m.editsInPlace.bind(m) } : {}),
    uploadImage: m.uploadImage.bind(m),
    uploadFile: m.uploadFile.bind(m),
    sendFile: m.sendFile.bind(m),
    downloadResource: m.downloadResource.bind(m),
    resolveByMobile: m.resolveByMobile.bind(m),
  };
}
