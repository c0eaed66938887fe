/**
 * DingTalk's interactive cards from one generic template (DINGTALK_CARD_TEMPLATE): a card
 * document is created and delivered as one card (createAndDeliver), updated in place by its
 * outTrackId (PUT /v1.0/card/instances, or the callback's own answer), and a press comes back as
 * a card callback that the receiver turns into the same CardAction as on Feishu.
 *
 * What the template cannot draw goes the template-free way (`fallback`, dingtalk-deck.ts): a card
 * with a form sent to a person is asked one question per message, as without a template, and a
 * press whose answer is such a card is answered there, the pressed card saying so. Forms in a
 * group are not asked (as without a template): their buttons outside the form are shown.
 */
import { createHash } from 'node:crypto';
import type { Bot } from '../../bot/bot.ts';
import type { Prompts } from '../../bot/prompts.ts';
import type { ActionReply, CardAction } from '../../bot/types.ts';
import type { CardDoc } from '../../cards/document.ts';
import { deriveForm } from '../../cards/render-dingtalk-form.ts';
import { CONFIRM_KEY, templateParams } from '../../cards/render-dingtalk-template.ts';
import { dingtalkUserId } from '../../domain/person-key.ts';
import type { SendOptions } from '../messenger.ts';
import type { CardDelivery, DingtalkClient } from './dingtalk-client.ts';
import { confirmDoc } from './dingtalk-deck.ts';
import type { DingtalkCards, DingtalkTarget } from './dingtalk-messenger.ts';

export interface TemplateCardsOptions {
  client: DingtalkClient;
  cardTemplateId: string;
  callback: CardDelivery['callback'];
  /** The template-free cards, for forms (and for message ids that are theirs). */
  fallback: DingtalkCards;
  t: Prompts;
}

export interface TemplateCards {
  cards: DingtalkCards;
  /** Presses of template cards: a confirm question answered here, a form handed to `fallback`. */
  wrap(bot: Pick<Bot, 'handle' | 'action'>): Pick<Bot, 'handle' | 'action'>;
  /** The engine's answer as the callback's synchronous answer: the pressed card, updated in place. */
  cardReply(reply: ActionReply): Record<string, unknown>;
}

/** Template-free message ids are JSON arrays (dingtalk-deck.ts); a template card's id is its outTrackId. */
const isTemplateFreeId = (id: string) => id.startsWith('[');

const asksForm = (card: CardDoc) => (deriveForm(card)?.questions.length ?? 0) > 0;

/**
 * The card's outTrackId. With the caller's idempotency key it is derived from the key and the
 * recipient (one key may go to many people, e.g. a bulk job), so a repeated send names the same
 * card; without one it is random. Either way at most 43 characters (no length limit was found).
 */
function outTrackIdFor(to: DingtalkTarget, uuid: string | undefined): string {
  if (!uuid) return `lx-${crypto.randomUUID()}`;
  const who = 'userId' in to ? `u:${to.userId}` : `g:${to.openConversationId}`;
  return `lx-${createHash('sha256').update(`${who}\n${uuid}`, 'utf8').digest('hex').slice(0, 40)}`;
}

const UPDATE_BY_KEY = { updateCardDataByKey: true };

export function createTemplateCards(o: TemplateCardsOptions): TemplateCards {
  const { client, t, fallback } = o;

  async function send(to: DingtalkTarget, card: CardDoc, opts?: SendOptions) {
    if ('userId' in to && asksForm(card)) return fallback.send(to, card, opts);
    const outTrackId = outTrackIdFor(to, opts?.uuid);
    const r = await client.createAndDeliverCard({ cardTemplateId: o.cardTemplateId, outTrackId, cardParamMap: templateParams(card, { t }), to, callback: o.callback });
    return { messageId: r.outTrackId };
  }

  const cards: DingtalkCards = {
    send,
    async update(messageId, card) {
      if (isTemplateFreeId(messageId)) return fallback.update(messageId, card);
      await client.updateCard(messageId, templateParams(card, { t }));
    },
    editsInPlace: (messageId) => (isTemplateFreeId(messageId) ? fallback.editsInPlace(messageId) : true),
  };

  function wrap(bot: Pick<Bot, 'handle' | 'action'>): Pick<Bot, 'handle' | 'action'> {
    return {
      handle: (inbound) => bot.handle(inbound),
      async action(a: CardAction): Promise<ActionReply> {
        const confirm = a.value[CONFIRM_KEY] as { title?: unknown; text?: unknown } | undefined;
        if (confirm && typeof confirm === 'object') {
          const action = (a.value.action ?? {}) as Record<string, unknown>;
          return { card: confirmDoc(t, { title: String(confirm.title ?? ''), text: String(confirm.text ?? '') }, action, a.name) };
        }
        const reply = await bot.action(a);
        const userId = dingtalkUserId(a.openId);
        if (reply.card && userId !== undefined && asksForm(reply.card)) {
          // The template has no form: the form is asked in the chat, and the pressed card says so.
          await fallback.send({ userId }, reply.toast ? { ...reply.card, body: [{ kind: 'text', text: [{ text: reply.toast.content, tone: 'orange' }] }, ...reply.card.body] } : reply.card);
          return { toast: { type: 'info', content: t('dingtalk.card.form_below') } };
        }
        return reply;
      },
    };
  }

  function cardReply(reply: ActionReply): Record<string, unknown> {
    const notice = reply.toast?.content ?? '';
    if (reply.card) return { cardData: { cardParamMap: templateParams(reply.card, { t, notice }) }, cardUpdateOptions: UPDATE_BY_KEY };
    if (notice) return { cardData: { cardParamMap: { notice } }, cardUpdateOptions: UPDATE_BY_KEY };
    return {};
  }

  return { cards, wrap, cardReply };
}
