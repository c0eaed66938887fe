import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { CardDoc } from '../../../src/cards/document.ts';
import { prompts as t } from '../../../src/bot/all-prompts.ts';
import type { ActionReply, CardAction } from '../../../src/bot/types.ts';
import { CONFIRM_KEY } from '../../../src/cards/render-dingtalk-template.ts';
import { createDingtalkClient, DingtalkApiError } from '../../../src/messenger/dingtalk/dingtalk-client.ts';
import { createDingtalkMessenger, type DingtalkCards } from '../../../src/messenger/dingtalk/dingtalk-messenger.ts';
import { createTemplateCards, type TemplateCardsOptions } from '../../../src/messenger/dingtalk/dingtalk-template-cards.ts';
import { DT_BASE, installDingtalkStandIn } from '../../support/dingtalk-openapi.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ACTION = { flow: 'visit', step: 'pick', rev: 3, org: '鼎盛' };
const CARD: CardDoc = {
  title: '走访记录',
  subtitle: '11月',
  color: 'green',
  body: [
    { kind: 'text', text: [{ text: '已保存' }] },
    { kind: 'buttons', buttons: [{ kind: 'button', text: '记录下一次走访', action: ACTION, style: 'primary' }] },
  ],
};
const FORM_CARD: CardDoc = {
  title: '记录走访',
  color: 'blue',
  body: [
    {
      kind: 'form',
      name: 'f',
      blocks: [
        { kind: 'field', type: 'text', name: 'found', label: '了解到的情况', required: true, maxLength: 100 },
        { kind: 'button', text: '提交', action: { flow: 'visit', step: 'form', rev: 1 }, style: 'strong', submit: true, name: 'submit' },
      ],
    },
  ],
};

function setup(o: Partial<Pick<TemplateCardsOptions, 'callback'>> = {}) {
  const dt = installDingtalkStandIn(server);
  const slept: number[] = [];
  const client = createDingtalkClient({ clientId: 'dingapp', clientSecret: 'secret', robotCode: 'dingrobot', api: DT_BASE, sleep: async (ms) => void slept.push(ms), random: () => 0.5 });
  const plain: Array<{ via: 'send' | 'update'; card: CardDoc; id?: string }> = [];
  const fallback: DingtalkCards = {
    send: async (_to, card) => {
      plain.push({ via: 'send', card });
      return { messageId: '["u","u1","pqk-1"]' };
    },
    update: async (id, card) => void plain.push({ via: 'update', card, id }),
    editsInPlace: () => false,
  };
  const template = createTemplateCards({ client, cardTemplateId: 'tpl.schema', callback: o.callback ?? { type: 'STREAM' }, fallback, t });
  const messenger = createDingtalkMessenger({ client, cards: template.cards });
  return { dt, slept, plain, template, messenger };
}

test('a card to a person is created and delivered with the template, in their robot chat', async () => {
  const { dt, messenger } = setup();
  const sent = await messenger.sendCard({ openId: 'dt:u1' }, CARD);
  const [call] = dt.to('/v1.0/card/instances/createAndDeliver');
  expect(call!.body).toEqual({
    cardTemplateId: 'tpl.schema',
    outTrackId: sent.messageId,
    callbackType: 'STREAM',
    cardData: { cardParamMap: expect.objectContaining({ title: '走访记录', subtitle: '11月', color: 'green', notice: '' }) },
    userIdType: 1,
    openSpaceId: 'dtv1.card//IM_ROBOT.u1',
    imRobotOpenSpaceModel: { supportForward: false },
    imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: 'dingrobot' },
  });
  expect(call!.token).toMatch(/^v1-token-/);
  // Every variable is a string; the button's value is the action, JSON-encoded, and comes back whole.
  const params = call!.body.cardData.cardParamMap as Record<string, unknown>;
  expect(Object.values(params).every((v) => typeof v === 'string')).toBe(true);
  const [button] = JSON.parse(params.buttons as string);
  expect(button).toEqual({ text: '记录下一次走访', style: 'primary', value: JSON.stringify(ACTION) });
  expect(params.markdown).toContain('已保存');
  expect(params.markdown).not.toContain('记录下一次走访');
});

test('a card to a group goes to the group space with the robot code; HTTP mode names the route key', async () => {
  const { dt, messenger } = setup({ callback: { type: 'HTTP', routeKey: 'rk-1' } });
  await messenger.sendCard({ chatId: 'cidGroup==' }, CARD);
  expect(dt.to('/v1.0/card/instances/createAndDeliver')[0]!.body).toMatchObject({
    openSpaceId: 'dtv1.card//IM_GROUP.cidGroup==',
    imGroupOpenSpaceModel: { supportForward: false },
    imGroupOpenDeliverModel: { robotCode: 'dingrobot' },
    callbackType: 'HTTP',
    callbackRouteKey: 'rk-1',
  });
  expect(dt.to('/v1.0/card/instances/createAndDeliver')[0]!.body.imRobotOpenDeliverModel).toBeUndefined();
});

test('an update goes to PUT /v1.0/card/instances with the same outTrackId, changing only the keys given', async () => {
  const { dt, messenger } = setup();
  const { messageId } = await messenger.sendCard({ openId: 'dt:u1' }, CARD);
  await messenger.updateCard(messageId, { ...CARD, title: '进度', body: [{ kind: 'text', text: [{ text: '已导入 10 行' }] }] });
  await messenger.updateCardByToken(messageId, { ...CARD, title: '完成' });
  const puts = dt.to('/v1.0/card/instances').filter((c) => c.method === 'PUT');
  expect(puts).toHaveLength(2);
  expect(puts[0]!.body).toMatchObject({ outTrackId: messageId, cardUpdateOptions: { updateCardDataByKey: true }, cardData: { cardParamMap: { title: '进度', buttons: '[]' } } });
  expect(puts[0]!.body.cardData.cardParamMap.markdown).toContain('已导入 10 行');
  expect(puts[1]!.body).toMatchObject({ outTrackId: messageId, cardData: { cardParamMap: { title: '完成' } } });
  expect(dt.to('/v1.0/card/instances/createAndDeliver')).toHaveLength(1);
});

test('the idempotency key names the card: the same key to the same person, the same outTrackId; to another, another', async () => {
  const { messenger } = setup();
  const a = await messenger.sendCard({ openId: 'dt:u1' }, CARD, { uuid: 'bulk-7' });
  const again = await messenger.sendCard({ openId: 'dt:u1' }, CARD, { uuid: 'bulk-7' });
  const other = await messenger.sendCard({ openId: 'dt:u2' }, CARD, { uuid: 'bulk-7' });
  const random = await messenger.sendCard({ openId: 'dt:u1' }, CARD);
  expect(again.messageId).toBe(a.messageId);
  expect(other.messageId).not.toBe(a.messageId);
  expect(random.messageId).not.toBe(a.messageId);
  for (const id of [a, other, random].map((s) => s.messageId)) expect(id.length).toBeLessThanOrEqual(43);
});

test('a throttled createAndDeliver is tried again after a back-off with the same outTrackId; a card that reached nobody is an error', async () => {
  const { dt, slept, messenger } = setup();
  dt.next('/v1.0/card/instances/createAndDeliver', () => HttpResponse.json({ code: 'Forbidden.AccessDenied.QpsLimitForApi', message: 'qps' }, { status: 429 }));
  const { messageId } = await messenger.sendCard({ openId: 'dt:u1' }, CARD, { uuid: 'r-1' });
  const calls = dt.to('/v1.0/card/instances/createAndDeliver');
  expect(calls.map((c) => c.body.outTrackId)).toEqual([messageId, messageId]);
  expect(slept).toHaveLength(1);

  dt.next('/v1.0/card/instances/createAndDeliver', () => HttpResponse.json({ success: true, result: { outTrackId: 'x', deliverResults: [{ success: false, errorMsg: 'user not in org' }] } }));
  const err = await messenger.sendCard({ openId: 'dt:nobody' }, CARD).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DingtalkApiError);
  expect((err as DingtalkApiError).retryable).toBe(false);
  // A 5xx is not repeated here (the card may exist): the caller's own retry reuses the outTrackId.
  dt.next('/v1.0/card/instances/createAndDeliver', () => HttpResponse.json({ code: 'ServiceUnavailable' }, { status: 503 }));
  await expect(messenger.sendCard({ openId: 'dt:u1' }, CARD, { uuid: 'r-2' })).rejects.toMatchObject({ retryable: true });
  expect(dt.to('/v1.0/card/instances/createAndDeliver')).toHaveLength(4);
});

test('a card with a form goes to a person the template-free way (one question per message); a template-free id updates that way', async () => {
  const { dt, plain, messenger } = setup();
  const sent = await messenger.sendCard({ openId: 'dt:u1' }, FORM_CARD);
  expect(sent.messageId).toBe('["u","u1","pqk-1"]');
  await messenger.updateCard(sent.messageId, CARD);
  expect(plain.map((p) => p.via)).toEqual(['send', 'update']);
  expect(dt.to('/v1.0/card/instances/createAndDeliver')).toHaveLength(0);
  // In a group no form is asked (as without a template): the card goes with the template.
  await messenger.sendCard({ chatId: 'cidGroup==' }, FORM_CARD);
  expect(dt.to('/v1.0/card/instances/createAndDeliver')).toHaveLength(1);
});

test('taps: a confirm is asked in the card without the engine; an answer with a form is asked in the chat; the answer updates the card', async () => {
  const { plain, template } = setup();
  const seen: CardAction[] = [];
  let next: ActionReply = { card: CARD, toast: { type: 'success', content: '已保存' } };
  const bot = template.wrap({ handle: async () => {}, action: async (a) => (seen.push(a), next) });
  const at = new Date('2026-11-20T02:00:00Z');

  const ask = await bot.action({ openId: 'dt:u1', value: { [CONFIRM_KEY]: { title: '确认删除', text: '删除后不能恢复。' }, action: { h: 'visit.delete' } }, at });
  expect(seen).toHaveLength(0);
  const asked = template.cardReply(ask) as { cardData: { cardParamMap: Record<string, string> } };
  expect(asked.cardData.cardParamMap.title).toBe('确认删除');
  expect(JSON.parse(JSON.parse(asked.cardData.cardParamMap.buttons)[0].value)).toEqual({ h: 'visit.delete' });

  const saved = template.cardReply(await bot.action({ openId: 'dt:u1', value: ACTION, at }));
  expect(seen[0]!.value).toEqual(ACTION);
  expect(saved).toMatchObject({ cardUpdateOptions: { updateCardDataByKey: true }, cardData: { cardParamMap: { title: '走访记录', notice: '已保存' } } });
  expect(template.cardReply({ toast: { type: 'info', content: '记录已删除' } })).toEqual({ cardData: { cardParamMap: { notice: '记录已删除' } }, cardUpdateOptions: { updateCardDataByKey: true } });
  expect(template.cardReply({})).toEqual({});

  next = { card: FORM_CARD };
  const form = await bot.action({ openId: 'dt:u1', value: ACTION, at });
  expect(plain.map((p) => p.card.title)).toEqual(['记录走访']);
  expect(template.cardReply(form)).toEqual({ cardData: { cardParamMap: { notice: t('dingtalk.card.form_below') } }, cardUpdateOptions: { updateCardDataByKey: true } });
});
