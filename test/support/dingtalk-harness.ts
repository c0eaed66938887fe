/**
 * Drives the whole bot the way DingTalk does, in HTTP mode (signed POSTs to /dingtalk/events) or
 * Stream mode (frames from the stand-in gateway through the real SDK). Outbound messages are read
 * from the OpenAPI stand-in (msw), as DingTalk would receive them; a button is pressed by sending
 * the text its dtmd link sends, as the DingTalk client does.
 */
import { setupServer } from 'msw/node';
import { and, eq } from 'drizzle-orm';
import { TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import { fixedClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config/config.ts';
import { conversations } from '../../src/db/schema/core.ts';
import { DECK_FLOW } from '../../src/db/stores/dingtalk-deck-store.ts';
import { linkIdentities } from '../../src/db/stores/identity-store.ts';
import { currentQuestion, type FormState, type Question } from '../../src/cards/render-dingtalk-form.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { buildService } from '../../src/runtime/build-service.ts';
import { createManualDefer } from '../../src/runtime/defer.ts';
import { startDingtalkStream, type DingtalkStream } from '../../src/runtime/dingtalk-stream.ts';
import { createMessengers } from '../../src/runtime/messenger-factory.ts';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import type { Messenger } from '../../src/messenger/messenger.ts';
import type { TemplateButton } from '../../src/cards/render-dingtalk-template.ts';
import { DT_APP, cardCallback, robotText, signedHeaders } from '../fixtures/dingtalk/bodies.ts';
import { DT_BASE, installDingtalkStandIn } from './dingtalk-openapi.ts';
import { startStreamGateway, type StreamGateway } from './dingtalk-stream-gateway.ts';
import { createTestDb, type TestDatabase } from './test-db.ts';

export interface DtMessage {
  msgKey: string;
  /** Markdown (or plain text) as sent. */
  text: string;
  title?: string;
}

/** The texts the dtmd links of a message send, by their labels. */
export function presses(m: DtMessage): Array<{ label: string; content: string }> {
  return [...m.text.matchAll(/\[([^\]]*)\]\(dtmd:\/\/dingtalkclient\/sendMessage\?content=([^)]*)\)/g)].map((x) => ({
    label: x[1]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))),
    content: decodeURIComponent(x[2]!),
  }));
}

/** What a person reads: links as their labels, character references as characters, no markup. */
export function visible(m: DtMessage | undefined): string {
  if (!m) return '';
  return m.text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<font color="[^"]*">|<\/font>/g, '')
    .replace(/\*\*/g, '')
    .replace(/ {2}\n/g, '\n')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
}

/** The template the harness configures with `template: true`. */
export const DT_TEMPLATE = 'tpl-lx-generic.schema';
export const DT_ROUTE_KEY = 'lx-route';

/** An interactive card as createAndDeliver (or a later update) left it: its variables, buttons parsed. */
export interface DtCard {
  outTrackId: string;
  openSpaceId: string;
  params: Record<string, string>;
  buttons: TemplateButton[];
}

export async function createDingtalkHarness(opts: { mode: 'http' | 'stream'; now?: string; database?: TestDatabase; template?: boolean }) {
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'bypass' });
  const dt = installDingtalkStandIn(server);
  const database = opts.database ?? (await createTestDb());
  const clock = fixedClock(opts.now ?? '2026-11-20T02:00:00Z');
  let defer = createManualDefer();
  const config = parseConfig({
    DINGTALK_CLIENT_ID: DT_APP.clientId,
    DINGTALK_CLIENT_SECRET: DT_APP.clientSecret,
    DINGTALK_API: DT_BASE,
    DINGTALK_MODE: opts.mode,
    ...(opts.template ? { DINGTALK_CARD_TEMPLATE: DT_TEMPLATE, DINGTALK_CARD_ROUTE_KEY: DT_ROUTE_KEY } : {}),
    LOG_LEVEL: 'silent',
  });
  let messenger: Messenger | undefined;
  const boot = () => {
    const m = createMessengers({ config, database, clock, base: createConsoleMessenger({ clock }) });
    messenger = m.messenger;
    return buildService({ config, database, messenger: m.messenger, clock, logger: silentLogger, defer, dingtalkDeck: m.dingtalk!.deck });
  };
  let service = boot();
  let gw: StreamGateway | undefined;
  let stream: DingtalkStream | undefined;
  // Stream mode: the next frame is recorded and then its process dies before the ack goes out.
  let loseAck: (() => void) | undefined;
  const handle = async (body: Record<string, unknown>) => {
    const out = await service.dingtalk!(body);
    const lost = loseAck;
    if (!lost) return out;
    loseAck = undefined;
    lost();
    throw new Error('the process died before the ack');
  };
  const connect = async () => {
    stream = startDingtalkStream({ dingtalk: config.dingtalk!, handle, logger: silentLogger });
    await stream.ready;
  };
  if (opts.mode === 'stream') {
    gw = await startStreamGateway(server);
    await connect();
  }

  function messagesTo(userId: string): DtMessage[] {
    return dt
      .to('/v1.0/robot/oToMessages/batchSend')
      .filter((c) => c.body.userIds.includes(userId))
      .map((c) => {
        const p = JSON.parse(c.body.msgParam) as { text?: string; content?: string; title?: string };
        return { msgKey: c.body.msgKey, text: p.text ?? p.content ?? '', ...(p.title ? { title: p.title } : {}) };
      });
  }

  /** Delivers as DingTalk does and waits for the acknowledgement (the 200, or the frame's ack). */
  async function acknowledged(body: Record<string, unknown>): Promise<void> {
    if (gw) {
      const id = gw.push(TOPIC_ROBOT, body);
      await gw.acked(id);
    } else {
      const res = await service.app.request('/dingtalk/events', { method: 'POST', headers: signedHeaders(clock.now().getTime()), body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`/dingtalk/events answered ${res.status}`);
    }
  }

  async function deliver(body: Record<string, unknown>): Promise<void> {
    await acknowledged(body);
    await defer.flush();
  }

  async function send(userId: string, body: Record<string, unknown>): Promise<DtMessage[]> {
    const before = messagesTo(userId).length;
    await deliver(body);
    return messagesTo(userId).slice(before);
  }

  const last = (userId: string) => messagesTo(userId).at(-1);

  /** Interactive cards delivered to a person (their robot chat), oldest first, with later updates applied. */
  const updates = new Map<string, Record<string, string>>();
  function cardsTo(userId: string): DtCard[] {
    return dt
      .to('/v1.0/card/instances/createAndDeliver')
      .filter((c) => c.body.openSpaceId === `dtv1.card//IM_ROBOT.${userId}`)
      .map((c) => {
        const params = { ...c.body.cardData.cardParamMap, ...updates.get(c.body.outTrackId) };
        for (const u of dt.to('/v1.0/card/instances').filter((x) => x.method === 'PUT' && x.body.outTrackId === c.body.outTrackId)) Object.assign(params, u.body.cardData.cardParamMap);
        return { outTrackId: c.body.outTrackId, openSpaceId: c.body.openSpaceId, params, buttons: JSON.parse(params.buttons ?? '[]') as TemplateButton[] };
      });
  }

  /** A card callback as DingTalk sends it (Stream frame or signed POST); resolves to the callback's answer. */
  async function callback(body: Record<string, unknown>): Promise<any> {
    let answer: any;
    if (gw) {
      const id = gw.push(TOPIC_CARD, body);
      answer = ((await gw.acked(id)) as { response?: unknown }).response;
    } else {
      const res = await service.app.request('/dingtalk/events', { method: 'POST', headers: signedHeaders(clock.now().getTime()), body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`/dingtalk/events answered ${res.status}`);
      answer = await res.json();
    }
    await defer.flush();
    // The answer updates the pressed card in place, as DingTalk draws it.
    const map = answer?.cardData?.cardParamMap as Record<string, string> | undefined;
    const track = body.outTrackId as string;
    if (map) updates.set(track, { ...updates.get(track), ...map });
    return answer;
  }

  /** The body of a tap on a template card's button, as the generic template sends it. */
  function tapBody(userId: string, card: DtCard | undefined, label: string) {
    if (!card) throw new Error('no card');
    const b = card.buttons.find((x) => x.text === label) ?? card.buttons.find((x) => x.text.includes(label));
    if (!b) throw new Error(`no button "${label}" (buttons: ${card.buttons.map((x) => x.text).join(', ')})`);
    return cardCallback({ userId, outTrackId: card.outTrackId, value: JSON.parse(b.value) as Record<string, unknown>, actionId: 'lx_button' });
  }

  /** The degraded form the deck is asking this person, if any. */
  async function form(userId: string): Promise<FormState | undefined> {
    const [row] = await database.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.personKey, `dt:${userId}`), eq(conversations.flow, DECK_FLOW)));
    return (row?.answers as { form?: FormState } | undefined)?.form;
  }

  const h = {
    database,
    db: database.db,
    clock,
    dt,
    get service() {
      return service;
    },
    config,
    /** The messenger the service sends with (for a reminders run beside it). */
    get messenger(): Messenger {
      return messenger!;
    },
    /** A new process over the same database (after a crash): nothing kept in memory survives. */
    restart() {
      service = boot();
    },
    /**
     * kill -9 after the acknowledgement: the deferred handlers never run, and a new process over
     * the same database (with its own Stream connection) takes over.
     */
    async crash() {
      defer = createManualDefer();
      if (stream) {
        await stream.stop();
        service = boot();
        await connect();
      } else service = boot();
    },
    /** Stream mode: the next frame is stored but never acked (resolves once that has happened). */
    loseNextAck: () => new Promise<void>((resolve) => (loseAck = resolve)),
    get gateway() {
      return gw;
    },
    /** The new process's tick, `ms` later: the inbox jobs whose lease ran out are replayed. */
    async tick(ms: number) {
      clock.advance(ms);
      const n = await service.jobs.runDue(new Date(clock.now().getTime() + 1000));
      await defer.flush();
      return n;
    },
    messagesTo,
    last,
    cardsTo,
    lastCard: (userId: string) => cardsTo(userId).at(-1),
    callback,
    tapBody,
    /** Taps a template card's button; resolves to the callback's answer. */
    tap: (userId: string, card: DtCard | undefined, label: string) => callback(tapBody(userId, card, label)),
    form,
    deliver,
    acknowledged,
    /** Runs the deferred handlers (what the process does after acknowledging). */
    flush: () => defer.flush(),
    send,
    say: (userId: string, text: string) => send(userId, robotText(text, { staffId: userId })),
    /** Taps the link labelled `label` (exactly, or containing it) in a message. */
    async press(userId: string, m: DtMessage | undefined, label: string): Promise<DtMessage[]> {
      if (!m) throw new Error('no message');
      const all = presses(m);
      const p = all.find((x) => x.label === label) ?? all.find((x) => x.label.includes(label));
      if (!p) throw new Error(`no button "${label}" (buttons: ${all.map((x) => x.label).join(', ')})`);
      return h.say(userId, p.content);
    },
    /**
     * Answers the form being asked, question by question: `answers[name]` is typed (a string) or
     * the label of a link to tap ({tap}); otherwise the default is kept or an optional one skipped.
     * Ends at the summary; returns the messages of the last step.
     */
    async fill(userId: string, answers: Record<string, string | { tap: string }>): Promise<DtMessage[]> {
      let out: DtMessage[] = [];
      for (let i = 0; i < 40; i++) {
        const f = await form(userId);
        const q: Question | undefined = f && currentQuestion(f);
        if (!q) return out;
        const a = answers[q.name];
        const shown = last(userId);
        if (typeof a === 'string') out = await h.say(userId, a);
        else if (a) out = await h.press(userId, shown, a.tap);
        else if (presses(shown!).some((p) => p.label === '保持不变')) out = await h.press(userId, shown, '保持不变');
        else if (presses(shown!).some((p) => p.label === '跳过')) out = await h.press(userId, shown, '跳过');
        else if (q.type === 'checkbox') out = await h.press(userId, shown, '否');
        else throw new Error(`no answer for required question ${q.name} (${q.label})`);
      }
      throw new Error('the form did not end');
    },
    /** Gives a person a DingTalk identity (the roster import would, by mobile). */
    async linkDingtalk(personId: string, userId: string) {
      await database.db.transaction((tx) => linkIdentities(tx, 'dingtalk', [{ personId, externalId: userId }], clock.now()));
    },
    async close() {
      await stream?.stop();
      await gw?.close();
      server.close();
      await database.drop();
    },
  };
  return h;
}

export type DingtalkHarness = Awaited<ReturnType<typeof createDingtalkHarness>>;
