import type { Clock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { Messenger } from '../messenger/messenger.ts';
import { prompts } from '../bot/all-prompts.ts';
import { createConsoleMessenger, type ConsoleHistoryStore } from '../messenger/console-messenger.ts';
import { createDingtalkClient, type DingtalkClient } from '../messenger/dingtalk/dingtalk-client.ts';
import { createDingtalkDeck, type DingtalkDeck } from '../messenger/dingtalk/dingtalk-deck.ts';
import { createDingtalkMessenger } from '../messenger/dingtalk/dingtalk-messenger.ts';
import { createTemplateCards, type TemplateCards } from '../messenger/dingtalk/dingtalk-template-cards.ts';
import { createRoutingMessenger } from '../messenger/routing-messenger.ts';
import type { Reach } from '../db/stores/recipient-store.ts';

/**
 * Feishu when an app is configured, else the local console's messenger. The Feishu messenger
 * (and the Lark SDK under it, ~0.5 s of imports on an idle machine, seconds on a busy one) is
 * loaded only when it is the one used, so `npm start` without an app never pays for it.
 */
export async function createMessenger(config: Config, o: { consoleHistory?: ConsoleHistoryStore } = {}): Promise<Messenger> {
  if (config.feishu) {
    const { createFeishuMessenger } = await import('../messenger/feishu-messenger.ts');
    return createFeishuMessenger({ appId: config.feishu.appId, appSecret: config.feishu.appSecret, domain: config.feishu.domain });
  }
  return createConsoleMessenger(o.consoleHistory ? { history: o.consoleHistory } : {});
}

/** The DingTalk OpenAPI client when a DingTalk app is configured (roster matching, and the messenger). */
export function createDingtalkClientFor(config: Config): DingtalkClient | undefined {
  const d = config.dingtalk;
  if (!d) return undefined;
  return createDingtalkClient({ clientId: d.clientId, clientSecret: d.clientSecret, robotCode: d.robotCode, ...(d.api ? { api: d.api } : {}) });
}

/** Which messengers the bot reaches people on when it speaks first: those configured, or the console (open_ids). */
export function reachOf(config: Pick<Config, 'feishu' | 'dingtalk'>): Reach {
  return { feishu: !!config.feishu || !config.dingtalk, dingtalk: !!config.dingtalk };
}

export interface Messengers {
  messenger: Messenger;
  /** DingTalk's cards, both ways, when a DingTalk app is configured (from the template, if one is). */
  dingtalk?: { deck: DingtalkDeck; client: DingtalkClient };
}

/**
 * The service's messenger: Feishu, DingTalk, both (routed by recipient: `dt:` keys to DingTalk),
 * or the console when neither is configured. `base` is the Feishu/console one (`createMessenger`, or
 * the Worker's fetch-based Feishu messenger, or a test's).
 */
export function createMessengers(o: { config: Config; database: Database; clock: Clock; base: Messenger; client?: DingtalkClient }): Messengers {
  const base = o.base;
  const client = o.client ?? createDingtalkClientFor(o.config);
  if (!client) return { messenger: base };
  const d = o.config.dingtalk;
  const templateId = d?.cardTemplateId;
  let template: TemplateCards | undefined;
  // With a template, a press's answer in the chat (a form's submit) is a template card too.
  const plain = createDingtalkDeck({ client, database: o.database, t: prompts, clock: o.clock, ...(templateId ? { present: (to, card) => template!.cards.send(to, card) } : {}) });
  if (d && templateId) {
    const callback = d.mode === 'http' ? { type: 'HTTP' as const, routeKey: d.cardRouteKey! } : { type: 'STREAM' as const };
    template = createTemplateCards({ client, cardTemplateId: templateId, callback, fallback: plain.cards, t: prompts });
  }
  const t = template;
  // The template's wrap decides how a press answers; the plain deck's keeps the inbox's resend.
  const wrap: DingtalkDeck['wrap'] = (bot) => {
    const inner = plain.wrap(bot);
    return t ? { ...inner, ...t.wrap(inner) } : inner;
  };
  const deck: DingtalkDeck = t ? { ...plain, cards: t.cards, wrap, cardReply: t.cardReply } : plain;
  const dingtalk = createDingtalkMessenger({ client, cards: deck.cards });
  return { messenger: o.config.feishu ? createRoutingMessenger({ feishu: base, dingtalk }) : dingtalk, dingtalk: { deck, client } };
}
