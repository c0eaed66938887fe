import { describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { createConsoleMessenger, type ConsoleEvent } from '../../src/messenger/console-messenger.ts';
import type { Messenger } from '../../src/messenger/messenger.ts';

const card = (title: string): CardDoc => ({ title, color: 'blue', body: [] });
import type { CardDoc } from '../../src/cards/document.ts';

function setup(opts: Parameters<typeof createConsoleMessenger>[0] = {}) {
  const clock = fixedClock('2026-11-22T01:00:00Z');
  const m = createConsoleMessenger({ clock, ...opts });
  const events: ConsoleEvent[] = [];
  const unsubscribe = m.subscribe((e) => events.push(e));
  return { m, clock, events, unsubscribe };
}

describe('console messenger', () => {
  test('records sends grouped by recipient, with time and kind, and emits them', async () => {
    const { m, events } = setup();
    const a = await m.sendCard({ openId: 'ou_a' }, card('待办'));
    const b = await m.sendText({ chatId: 'oc_g' }, '大家好');
    const c = await m.sendText({ openId: 'ou_a' }, '第二条');
    expect(new Set([a.messageId, b.messageId, c.messageId]).size).toBe(3);
    expect(m.recipients()).toEqual(['ou_a', 'oc_g']);
    expect(m.messages('ou_a')).toEqual([
      { id: a.messageId, to: 'ou_a', kind: 'card', card: card('待办'), at: '2026-11-22T01:00:00.000Z' },
      { id: c.messageId, to: 'ou_a', kind: 'text', text: '第二条', at: '2026-11-22T01:00:00.000Z' },
    ]);
    expect(m.messages('oc_g')).toHaveLength(1);
    expect(m.messages('nobody')).toEqual([]);
    expect(events.map((e) => [e.type, e.message.id])).toEqual([
      ['message', a.messageId],
      ['message', b.messageId],
      ['message', c.messageId],
    ]);
  });

  test('replies land in the conversation of the message replied to', async () => {
    const { m } = setup();
    const sent = await m.sendCard({ openId: 'ou_a' }, card('表单'));
    const r1 = await m.replyText(sent.messageId, '收到');
    m.registerInbound('om_user_1', { chatId: 'oc_g' });
    const r2 = await m.replyCard('om_user_1', card('回复'));
    expect(m.message(r1.messageId)).toMatchObject({ to: 'ou_a', kind: 'text', replyTo: sent.messageId });
    expect(m.message(r2.messageId)).toMatchObject({ to: 'oc_g', kind: 'card', replyTo: 'om_user_1' });
    await expect(m.replyText('om_unknown', 'x')).rejects.toThrow(/no message/);
  });

  test('updateCard replaces the card in place, keeping the id, and emits an update', async () => {
    const { m, clock, events } = setup();
    const { messageId } = await m.sendCard({ openId: 'ou_a' }, card('第 1 步'));
    clock.advance(5_000);
    await m.updateCard(messageId, card('第 2 步'));
    const list = m.messages('ou_a');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: messageId, card: card('第 2 步'), at: '2026-11-22T01:00:00.000Z', updatedAt: '2026-11-22T01:00:05.000Z' });
    expect(events.at(-1)).toMatchObject({ type: 'update', message: { id: messageId, card: card('第 2 步') } });
  });

  test('only cards can be updated, and only existing ones', async () => {
    const { m } = setup();
    const { messageId } = await m.sendText({ openId: 'ou_a' }, 'text');
    await expect(m.updateCard(messageId, card('x'))).rejects.toThrow(/not a card/);
    await expect(m.updateCard('om_nope', card('x'))).rejects.toThrow(/no message/);
  });

  test('updateCardByToken goes through the token registry: twice, within 30 minutes', async () => {
    const { m, clock } = setup();
    const first = await m.sendCard({ openId: 'ou_a' }, card('v1'));
    const second = await m.sendCard({ openId: 'ou_a' }, card('w1'));
    m.registerToken('c-1', first.messageId);
    m.registerToken('c-2', second.messageId);
    await m.updateCardByToken('c-1', card('v2'));
    await m.updateCardByToken('c-1', card('v3'));
    expect(m.message(first.messageId)!.card).toEqual(card('v3'));
    await expect(m.updateCardByToken('c-1', card('v4'))).rejects.toThrow(/used up/);
    expect(m.message(first.messageId)!.card).toEqual(card('v3'));
    await expect(m.updateCardByToken('c-unknown', card('x'))).rejects.toThrow(/unknown or expired/);
    clock.advance(30 * 60 * 1000);
    await expect(m.updateCardByToken('c-2', card('w2'))).rejects.toThrow(/unknown or expired/);
    expect(m.message(second.messageId)!.card).toEqual(card('w1'));
  });

  test('a repeated uuid within an hour yields the first message, as in Feishu', async () => {
    const { m, clock, events } = setup();
    const a = await m.sendText({ openId: 'ou_a' }, '提醒', { uuid: 'rem:1' });
    const b = await m.sendText({ openId: 'ou_a' }, '提醒', { uuid: 'rem:1' });
    expect(b).toEqual(a);
    expect(m.messages('ou_a')).toHaveLength(1);
    expect(events).toHaveLength(1);
    clock.advance(60 * 60 * 1000);
    const c = await m.sendText({ openId: 'ou_a' }, '提醒', { uuid: 'rem:1' });
    expect(c).not.toEqual(a);
    expect(m.messages('ou_a')).toHaveLength(2);
  });

  test('keeps a bounded history per recipient', async () => {
    const { m } = setup({ maxPerRecipient: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await m.sendText({ openId: 'ou_a' }, `#${i}`)).messageId);
    await m.sendText({ openId: 'ou_b' }, 'other');
    expect(m.messages('ou_a').map((x) => x.text)).toEqual(['#2', '#3', '#4']);
    expect(m.message(ids[0]!)).toBeUndefined();
    expect(m.messages('ou_b')).toHaveLength(1);
  });

  test('the 500-message default bound holds', async () => {
    const { m } = setup();
    for (let i = 0; i < 510; i++) await m.sendText({ openId: 'ou_a' }, `#${i}`);
    const list = m.messages('ou_a');
    expect(list).toHaveLength(500);
    expect(list[0]!.text).toBe('#10');
  });

  test('uploads keep the bytes; sendFile records the file name; unknown keys fail', async () => {
    const { m } = setup();
    const bytes = new Uint8Array([1, 2, 3]);
    const { fileKey } = await m.uploadFile(bytes, '台账.xlsx');
    const { imageKey } = await m.uploadImage(new Uint8Array([9]));
    bytes[0] = 99; // the caller's buffer changing later does not change the stored file
    expect(m.upload(fileKey)).toEqual({ data: new Uint8Array([1, 2, 3]), fileName: '台账.xlsx' });
    expect(m.upload(imageKey)!.data).toEqual(new Uint8Array([9]));
    expect(fileKey).not.toBe(imageKey);
    const { messageId } = await m.sendFile({ chatId: 'oc_g' }, fileKey);
    expect(m.message(messageId)).toMatchObject({ kind: 'file', fileKey, fileName: '台账.xlsx', to: 'oc_g' });
    await expect(m.sendFile({ chatId: 'oc_g' }, 'file_nope')).rejects.toThrow(/unknown file key/);
  });

  test('downloadResource returns what putResource registered for that message', async () => {
    const { m } = setup();
    m.putResource('om_in', 'file_k', new Uint8Array([5, 6]));
    expect(await m.downloadResource('om_in', 'file_k', 'file')).toEqual(new Uint8Array([5, 6]));
    await expect(m.downloadResource('om_other', 'file_k', 'file')).rejects.toThrow(/no resource/);
  });

  test('resolveByMobile answers from the directory; unknown numbers are absent', async () => {
    const { m } = setup({ directory: { '13800000001': 'ou_1' } });
    m.setMobile('13800000002', 'ou_2');
    const found = await m.resolveByMobile(['13800000001', '+86 138-0000-0002', '13900000000']);
    expect(found).toEqual(
      new Map([
        ['13800000001', 'ou_1'],
        ['+86 138-0000-0002', 'ou_2'],
      ]),
    );
  });

  test('unsubscribe stops events, and a throwing subscriber does not break sending', async () => {
    const { m, events, unsubscribe } = setup();
    m.subscribe(() => {
      throw new Error('page gone');
    });
    await m.sendText({ openId: 'ou_a' }, 'one');
    unsubscribe();
    await m.sendText({ openId: 'ou_a' }, 'two');
    expect(events).toHaveLength(1);
    expect(m.messages('ou_a')).toHaveLength(2);
  });

  test('what callers and subscribers get are copies, and cards are stored as sent', async () => {
    const { m, events } = setup();
    const c = card('原样');
    const { messageId } = await m.sendCard({ openId: 'ou_a' }, c);
    c.title = 'changed later';
    m.messages('ou_a')[0]!.text = 'mutated';
    events[0]!.message.kind = 'text';
    expect(m.message(messageId)).toMatchObject({ kind: 'card', card: card('原样') });
    expect(m.message(messageId)!.text).toBeUndefined();
  });

  test('clear forgets everything', async () => {
    const { m } = setup();
    await m.sendText({ openId: 'ou_a' }, 'x', { uuid: 'u' });
    m.clear();
    expect(m.recipients()).toEqual([]);
    const again = await m.sendText({ openId: 'ou_a' }, 'x', { uuid: 'u' });
    expect(m.messages('ou_a')).toEqual([expect.objectContaining({ id: again.messageId })]);
  });
});

// The console messenger must stay usable wherever a Messenger is expected.
const _typecheck: (m: ReturnType<typeof createConsoleMessenger>) => Messenger = (m) => m;
void _typecheck;
