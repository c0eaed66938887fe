import { fixedClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createConsoleMessenger, type ConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import { createManualDefer } from '../../src/runtime/defer.ts';
import { buildService, type Service } from '../../src/runtime/build-service.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { renderFeishu, type FeishuCard } from '../../src/cards/render-feishu.ts';

import { isCardDoc, type CardDoc } from '../../src/cards/document.ts';

/** Tests look at cards as Feishu draws them: the JSON Feishu would receive. */
export type Card = FeishuCard;
/** A card as a flow builds it (document) or as Feishu receives it. */
export type AnyCard = FeishuCard | CardDoc;
export const asFeishu = (card: AnyCard): FeishuCard => (isCardDoc(card) ? renderFeishu(card) : card);
import type { Feature } from '../../src/bot/feature.ts';
import type { JobHandler, JobRegistration } from '../../src/jobs/job-runner.ts';
import { botMenu, cardAction, fileMessage, FIXTURE_APP, p2pChatEntered, signedRequest, textMessage } from '../fixtures/feishu/bodies.ts';
import { createTestDb, type TestDatabase } from './test-db.ts';

export interface ClickReply {
  status: number;
  toast?: { type: string; content: string };
  card?: Card;
}

/**
 * Drives the whole bot the way Feishu does: signed, encrypted bodies posted to /feishu/events,
 * deferred work run on demand, outbound messages recorded by the console messenger, and a fixed
 * clock that tests move explicitly.
 */
export async function createBotHarness(
  opts: { now?: string; database?: TestDatabase; features?: Feature[]; jobHandlers?: Record<string, JobHandler | JobRegistration>; jobLeaseMs?: number } = {},
) {
  const database = opts.database ?? (await createTestDb());
  const clock = fixedClock(opts.now ?? '2026-11-20T02:00:00Z');
  const messenger: ConsoleMessenger = createConsoleMessenger({ clock });
  const defer = createManualDefer();
  const config = parseConfig({
    FEISHU_APP_ID: FIXTURE_APP.appId,
    FEISHU_APP_SECRET: FIXTURE_APP.appSecret,
    FEISHU_VERIFICATION_TOKEN: FIXTURE_APP.verificationToken,
    FEISHU_ENCRYPT_KEY: FIXTURE_APP.encryptKey,
    API_TOKEN: 'test-api-token-0123456789',
    LOG_LEVEL: 'silent',
  });
  const service: Service = buildService({ config, database, messenger, clock, logger: silentLogger, defer, features: opts.features, jobHandlers: opts.jobHandlers, jobLeaseMs: opts.jobLeaseMs });
  // Every card document a click answered with, for checks that draw them with each renderer.
  const replyDocs: CardDoc[] = [];
  const action = service.bot.action.bind(service.bot);
  service.bot.action = async (a) => {
    const reply = await action(a);
    if (reply.card) replyDocs.push(reply.card);
    return reply;
  };

  async function post(body: unknown, path = '/feishu/events'): Promise<Response> {
    const ts = String(Math.floor(clock.now().getTime() / 1000));
    const req = await signedRequest({ body, encryptKey: FIXTURE_APP.encryptKey, timestamp: ts });
    return service.app.request(path, { method: 'POST', headers: req.headers, body: req.rawBody });
  }

  /** Cards sent to a person since the given count of their messages. */
  const cardsSince = (openId: string, from: number): Card[] =>
    messenger
      .messages(openId)
      .slice(from)
      .filter((m) => m.kind === 'card')
      .map((m) => renderFeishu(m.card!));

  async function deliver(openId: string, body: unknown): Promise<Card[]> {
    const before = messenger.messages(openId).length;
    const res = await post(body);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    await defer.flush();
    return cardsSince(openId, before);
  }

  return {
    database,
    db: database.db,
    clock,
    messenger,
    defer,
    service,
    app: service.app,
    config,
    post,
    say: (openId: string, text: string) => deliver(openId, textMessage(text, { openId })),
    menu: (openId: string, eventKey: string) => deliver(openId, botMenu({ openId, eventKey })),
    enter: (openId: string) => deliver(openId, p2pChatEntered({ openId })),
    sendFile(openId: string, fileName: string, data: Uint8Array) {
      const messageId = `om_file_${Math.random().toString(16).slice(2)}`;
      const fileKey = `file_${Math.random().toString(16).slice(2)}`;
      messenger.putResource(messageId, fileKey, data);
      return deliver(openId, fileMessage({ openId, messageId, fileKey, fileName }));
    },
    /** Clicks a button (its callback value) or submits a form; returns Feishu's view of the answer. */
    /**
     * Clicks a button (its callback value) or submits a form. `card` is what the person sees next:
     * the card that replaced the clicked one, or else the last card sent to them by the click.
     */
    async click(openId: string, value: Record<string, unknown>, formValue?: Record<string, unknown>): Promise<ClickReply & { replaced: boolean }> {
      const before = messenger.messages(openId).length;
      const res = await post(cardAction({ openId, value, formValue }));
      const json = (await res.json()) as { toast?: ClickReply['toast']; card?: { data: Card } };
      await defer.flush();
      const sent = cardsSince(openId, before);
      return { status: res.status, toast: json.toast, card: json.card?.data ?? sent[sent.length - 1], replaced: !!json.card };
    },
    /** Every card document the bot produced so far: answers to clicks and messages it sent. */
    allDocs(): CardDoc[] {
      const sent = messenger.recipients().flatMap((to) => messenger.messages(to).flatMap((m) => (m.card ? [m.card] : [])));
      return [...replyDocs, ...sent];
    },
    lastCard(openId: string): Card | undefined {
      const cards = cardsSince(openId, 0);
      return cards[cards.length - 1];
    },
    async close() {
      await database.drop();
    },
  };
}

export type BotHarness = Awaited<ReturnType<typeof createBotHarness>>;

/** Every element of a card, depth first (forms and columns included). */
export function elementsOf(anyCard: AnyCard): Array<Record<string, any>> {
  const card = asFeishu(anyCard);
  const out: Array<Record<string, any>> = [];
  const walk = (el: any) => {
    if (!el || typeof el !== 'object') return;
    out.push(el);
    for (const k of ['elements', 'columns']) if (Array.isArray(el[k])) el[k].forEach(walk);
  };
  ((card as any).body?.elements ?? []).forEach(walk);
  return out;
}

/** The callback value of the button whose text contains `text`. */
export function buttonValue(card: AnyCard | undefined, text: string): Record<string, unknown> {
  if (!card) throw new Error('no card');
  const b = elementsOf(card).find((e) => e.tag === 'button' && String(e.text?.content ?? '').includes(text));
  if (!b) {
    const all = elementsOf(card).filter((e) => e.tag === 'button').map((e) => e.text?.content);
    throw new Error(`no button "${text}" (buttons: ${all.join(', ')})`);
  }
  return b.behaviors?.[0]?.value ?? {};
}

/** All visible text of a card, for assertions (markdown markers such as `**` are kept). */
export function cardText(anyCard: AnyCard | undefined): string {
  if (!anyCard) return '';
  const card = asFeishu(anyCard);
  const parts: string[] = [];
  const h = (card as any).header;
  if (h?.title?.content) parts.push(h.title.content);
  if (h?.subtitle?.content) parts.push(h.subtitle.content);
  for (const e of elementsOf(card)) {
    if (typeof e.content === 'string') parts.push(e.content);
    if (e.text?.content) parts.push(e.text.content);
    if (e.label?.content) parts.push(e.label.content);
    if (e.default_value) parts.push(String(e.default_value));
    if (e.tag === 'table') parts.push(JSON.stringify(e.rows));
  }
  // What a person sees: Feishu shows character references as the characters they stand for.
  return parts.join('\n').replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
}
