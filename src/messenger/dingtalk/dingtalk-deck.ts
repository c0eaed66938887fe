/**
 * DingTalk's template-free cards, both ways. Out: a card document becomes a markdown message
 * whose buttons are dtmd links that send `保存 #17` (render-dingtalk.ts); a card with a form is
 * asked one question per message (render-dingtalk-form.ts). In: a text that names a live code is
 * a button press, resolved into the same CardAction the bot core takes from Feishu (value, and
 * formValue for a submit); other text while a form is being asked is the answer to the current
 * question. The codes and the form live durably per person (dingtalk-deck-store.ts).
 *
 * A stale press is not judged here: it carries the action value of the card it was on (flow,
 * step, revision), and the engine answers it with the current card and never a second record.
 */
import type { Bot, HandleOptions, InboxReply } from '../../bot/bot.ts';
import { markInboxHandled, markJobDone } from '../../db/jobs/job-store.ts';
import type { Prompts } from '../../bot/prompts.ts';
import type { ActionReply, CardAction, Inbound } from '../../bot/types.ts';
import type { Clock } from '../../clock.ts';
import type { CardDoc } from '../../cards/document.ts';
import { renderDingtalk, type Press } from '../../cards/render-dingtalk.ts';
import { currentQuestion, deriveForm, formValueOf, parseAnswer, renderFormMessage, startForm, type FormState } from '../../cards/render-dingtalk-form.ts';
import { normalizeCommand } from '../../bot/normalize.ts';
import type { Database } from '../../db/database.ts';
import { withDeck } from '../../db/stores/dingtalk-deck-store.ts';
import { dingtalkPersonKey, dingtalkUserId } from '../../domain/person-key.ts';
import type { DingtalkClient } from './dingtalk-client.ts';
import type { DingtalkMessage } from './dingtalk-messages.ts';
import type { DingtalkCards, DingtalkTarget } from './dingtalk-messenger.ts';
import { DingtalkApiError } from './dingtalk-api-error.ts';

/** Codes kept per person: enough for the cards of a conversation and a few before it. */
export const DECK_MAX_PRESSES = 200;

interface DeckState extends Record<string, unknown> {
  next: number;
  formSeq: number;
  presses: Array<[string, Press]>;
  form?: FormState;
}

const empty = (): DeckState => ({ next: 1, formSeq: 0, presses: [] });

type Decision =
  | { kind: 'pass' }
  | { kind: 'send'; message: DingtalkMessage }
  | { kind: 'action'; value: Record<string, unknown>; formValue?: Record<string, unknown>; name?: string }
  | { kind: 'cancel' };

const keyOf = (to: DingtalkTarget) => ('userId' in to ? dingtalkPersonKey(to.userId) : `dtg:${to.openConversationId}`);

/** A message id that says where the message went, so an "update" can send the new card there. */
const messageIdOf = (to: DingtalkTarget, processQueryKey: string) => JSON.stringify(['userId' in to ? 'u' : 'g', 'userId' in to ? to.userId : to.openConversationId, processQueryKey]);

function targetOfMessageId(id: string): DingtalkTarget {
  try {
    const [kind, who] = JSON.parse(id) as [string, string];
    if (kind === 'u' && who) return { userId: who };
    if (kind === 'g' && who) return { openConversationId: who };
  } catch {
    // fall through
  }
  throw new TypeError('not a message id from the DingTalk cards');
}

const PRESS_RE = /^([\s\S]*?)\s*#(\d{1,9})$/;

/** The wrapped bot, and what the inbox replays through it. */
export interface DeckBot extends Pick<Bot, 'handle' | 'action'> {
  /**
   * An inbox event that was handled but whose job is not done (the process died before the answer
   * went out): the kept deck decision is carried out, or the kept reply sent. DingTalk's robot
   * APIs take no idempotency key, so a death between the send and the job's done mark sends twice.
   */
  resend(inbound: Inbound, progress: Record<string, unknown>): Promise<void>;
}

/** A replay that raced the first run found the event handled: the deck's change is rolled back. */
class HandledAlready extends Error {}

export interface DingtalkDeck {
  cards: DingtalkCards;
  /** The bot as the DingTalk receiver calls it: presses and form answers are taken here first. */
  wrap(bot: Pick<Bot, 'handle' | 'action'>): DeckBot;
  /** The polite answer to a message type the bot cannot read (voice, rich text…). */
  unsupported(personKey: string, chatId?: string): Promise<void>;
  /** The synchronous answer to an interactive-card callback (template path only; else `{}`). */
  cardReply?: (reply: ActionReply) => Record<string, unknown>;
}

/** The question a button with `confirm` asks first: its text and one danger button that acts. */
export function confirmDoc(t: Prompts, c: { title: string; text: string }, action: Record<string, unknown>, name?: string): CardDoc {
  return {
    title: c.title,
    color: 'orange',
    body: [{ kind: 'text', text: [{ text: c.text }] }, { kind: 'button', text: t('dingtalk.confirm_yes'), action, style: 'danger', ...(name ? { name } : {}) }],
  };
}

export function createDingtalkDeck(o: {
  client: DingtalkClient;
  database: Database;
  t: Prompts;
  clock: Clock;
  /** How the answer to a press goes out when it is a card; default: a template-free message. */
  present?: (to: DingtalkTarget, card: CardDoc) => Promise<unknown>;
}): DingtalkDeck {
  const { client, database, t, clock } = o;

  function codeFor(st: DeckState) {
    return (p: Press) => {
      const code = String(st.next++);
      st.presses.push([code, p]);
      if (st.presses.length > DECK_MAX_PRESSES) st.presses.splice(0, st.presses.length - DECK_MAX_PRESSES);
      return code;
    };
  }

  /** Draws a card for a person or group, recording its codes (and its form, for a person). */
  function present(st: DeckState, card: CardDoc, person: boolean): DingtalkMessage {
    const form = person ? deriveForm(card) : undefined;
    if (form && form.questions.length > 0) {
      st.form = startForm(card, form, ++st.formSeq);
      return renderFormMessage(st.form, t, codeFor(st));
    }
    return renderDingtalk(card, { t, code: codeFor(st) });
  }

  async function deliver(to: DingtalkTarget, message: DingtalkMessage): Promise<string> {
    if ('openConversationId' in to) return (await client.sendToGroup(to.openConversationId, message)).processQueryKey;
    const [r] = await client.sendToUsers([to.userId], message);
    if (!r || r.invalidUserIds.includes(to.userId)) {
      throw new DingtalkApiError({ code: 'invalidStaffId', httpStatus: 200, operation: 'sendCard', dingtalkMsg: 'the recipient is not a user of this company' });
    }
    return r.processQueryKey;
  }

  async function send(to: DingtalkTarget, card: CardDoc) {
    const message = await withDeck(database, keyOf(to), clock.now(), empty, (st) => present(st, card, 'userId' in to));
    return { messageId: messageIdOf(to, await deliver(to, message)) };
  }

  const cards: DingtalkCards = {
    send: (to, card) => send(to, card),
    // Template-free messages cannot be edited: the new state goes out as a new message.
    update: async (messageId, card) => {
      await send(targetOfMessageId(messageId), card);
    },
    editsInPlace: () => false,
  };

  function advance(f: FormState) {
    f.pos++;
    delete f.error;
  }

  function formMessage(st: DeckState): Decision {
    return { kind: 'send', message: renderFormMessage(st.form!, t, codeFor(st)) };
  }

  function onPress(st: DeckState, p: Press): Decision {
    if (p.k === 'btn') {
      if (p.confirm) {
        const { confirm: c, ...rest } = p;
        const code = codeFor(st);
        return { kind: 'send', message: renderDingtalk(confirmDoc(t, c, rest.action, rest.name), { t, code }) };
      }
      const formValue = p.submit ? (st.form ? formValueOf(st.form) : {}) : undefined;
      // Any press ends the form being asked; the card that answers it starts the next one.
      delete st.form;
      return { kind: 'action', value: p.action, ...(formValue ? { formValue } : {}), ...(p.name ? { name: p.name } : {}) };
    }
    const f = st.form;
    const live = f && p.form === f.id && ('pos' in p ? p.pos === f.pos : true);
    if (!f || !live) {
      if (!f) return { kind: 'pass' };
      f.error = t('dingtalk.form.stale');
      return formMessage(st);
    }
    const q = currentQuestion(f);
    switch (p.k) {
      case 'cancel':
        delete st.form;
        return { kind: 'cancel' };
      case 'back': {
        if (f.pos > 0) {
          f.pos--;
          delete f.error;
          return formMessage(st);
        }
        // Before the first question: the form's own back button (the flow's previous step), if any.
        const back = f.form.buttons.find((b) => !b.submit && b.action.a === 'back');
        if (back) {
          delete st.form;
          return { kind: 'action', value: back.action };
        }
        return formMessage(st);
      }
      case 'skip':
        if (q) delete f.values[q.name];
        advance(f);
        return formMessage(st);
      case 'answer':
        if (q) f.values[q.name] = p.value;
        advance(f);
        return formMessage(st);
      case 'edit':
        f.order = [p.q];
        f.pos = 0;
        delete f.error;
        return formMessage(st);
    }
  }

  function decide(st: DeckState, text: string, person: boolean): Decision {
    const m = PRESS_RE.exec(text.trim());
    if (m) {
      const found = st.presses.find(([c]) => c === m[2]);
      if (found && (m[1] === '' || m[1] === found[1].text)) return onPress(st, found[1]);
    }
    const f = person ? st.form : undefined;
    if (!f) return { kind: 'pass' };
    if (normalizeCommand(text) === normalizeCommand(t('dingtalk.form.cancel'))) {
      delete st.form;
      return { kind: 'cancel' };
    }
    const q = currentQuestion(f);
    if (!q) return formMessage(st);
    const typed = text.trim();
    if (typed === '' || typed === t('dingtalk.form.skip')) {
      if (q.required) f.error = t('engine.required');
      else {
        delete f.values[q.name];
        advance(f);
      }
      return formMessage(st);
    }
    if (typed === t('dingtalk.form.keep') && f.values[q.name] !== undefined) {
      advance(f);
      return formMessage(st);
    }
    const r = parseAnswer(q, typed, t);
    if ('error' in r) f.error = r.error;
    else {
      f.values[q.name] = r.value;
      advance(f);
    }
    return formMessage(st);
  }

  async function replyWith(to: DingtalkTarget, reply: ActionReply) {
    if (reply.card) {
      const card = reply.toast ? { ...reply.card, body: [{ kind: 'text' as const, text: [{ text: reply.toast.content, tone: 'orange' as const }] }, ...reply.card.body] } : reply.card;
      await (o.present ?? send)(to, card);
    } else if (reply.toast) await deliver(to, { kind: 'text', content: reply.toast.content });
  }

  /** What a decision does once it is decided (and, under the inbox, kept with the event). */
  async function execute(bot: Pick<Bot, 'handle' | 'action'>, inbound: Inbound & { kind: 'text' }, to: DingtalkTarget, d: Exclude<Decision, { kind: 'pass' }>) {
    switch (d.kind) {
      case 'cancel':
        return bot.handle({ ...inbound, text: t('dingtalk.form.cancel') });
      case 'send':
        await deliver(to, d.message);
        return;
      case 'action': {
        const reply = await bot.action({
          openId: inbound.openId,
          ...(inbound.chatId ? { chatId: inbound.chatId } : {}),
          ...(inbound.messageId ? { messageId: inbound.messageId } : {}),
          value: d.value,
          ...(d.formValue ? { formValue: d.formValue } : {}),
          ...(d.name ? { name: d.name } : {}),
          at: inbound.at,
        });
        await replyWith(to, reply);
      }
    }
  }

  function wrap(bot: Pick<Bot, 'handle' | 'action'>): DeckBot {
    return {
      action: (a: CardAction) => bot.action(a),
      async handle(inbound: Inbound, o: HandleOptions = {}) {
        const userId = dingtalkUserId(inbound.openId);
        if (inbound.kind !== 'text' || userId === undefined) return bot.handle(inbound, o);
        const inboxJobId = o.inboxJobId;
        // The bot answers a person one-to-one, also for what they @-sent in a group (bot.handle), so
        // a press in a group is looked up in that group's cards, then in the person's own.
        const to: DingtalkTarget = { userId };
        const keys = inbound.chatId ? [`dtg:${inbound.chatId}`, inbound.openId] : [inbound.openId];
        let d: Decision = { kind: 'pass' };
        try {
          for (const key of keys) {
            // Form answers are typed in the one-to-one chat, where the questions are asked.
            d = await withDeck(database, key, clock.now(), empty, async (st, tx) => {
              const out = decide(st, inbound.text, !inbound.chatId);
              // Under the inbox, what the deck decided is kept with the event in the transaction
              // that changes the deck: a replay carries it out instead of deciding again on a deck
              // that has moved on (a form answer applied to the next question, a lost form).
              if (inboxJobId && out.kind !== 'pass' && !(await markInboxHandled(tx, inboxJobId, { deck: out }))) throw new HandledAlready();
              return out;
            });
            if (d.kind !== 'pass') break;
          }
        } catch (e) {
          if (e instanceof HandledAlready) return;
          throw e;
        }
        if (d.kind === 'pass') return bot.handle(inbound, o);
        await execute(bot, inbound, to, d);
        if (inboxJobId) await markJobDone(database.db, inboxJobId, clock.now());
      },
      async resend(inbound, progress) {
        const userId = dingtalkUserId(inbound.openId);
        if (userId === undefined) return;
        const kept = progress.deck as Decision | undefined;
        if (kept && kept.kind !== 'pass' && inbound.kind === 'text') return execute(bot, inbound, { userId }, kept);
        const reply = progress.reply as InboxReply | undefined;
        if (reply) await send({ userId }, reply.card);
      },
    };
  }

  return {
    cards,
    wrap,
    async unsupported(personKey, chatId) {
      const userId = dingtalkUserId(personKey);
      if (userId === undefined) return;
      await deliver(chatId ? { openConversationId: chatId } : { userId }, { kind: 'text', content: t('dingtalk.unsupported') });
    },
  };
}
