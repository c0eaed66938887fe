import { afterAll, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { fileHistory } from '../../src/console/console-history-file.ts';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import type { CardDoc } from '../../src/cards/document.ts';
import { serveConsole } from './serve-console.ts';

/** Issue 20 item 13: the console's chat is kept across restarts (a JSON file under DATA_DIR). */
const dir = mkdtempSync(join(tmpdir(), 'console-chat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = { now: () => new Date('2026-03-02T02:00:00Z') };
const card: CardDoc = { title: '记录会议', color: 'blue', body: [{ kind: 'text', text: [{ text: '3号楼(东)会议室' }] }] };

/** The first `n` stream events for one person. */
async function replay(port: number, openId: string, n: number): Promise<Array<{ type: string; message: Record<string, unknown> }>> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/console/api/stream?openId=${openId}`, headers: { host: `localhost:${port}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        text += d;
        const events = text.split('\n').filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5)));
        if (events.length >= n) {
          resolve(events.slice(0, n));
          req.destroy();
        }
      });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
  });
}

test('after a restart the chat replays both sides, cards stay updatable, and new ids never repeat old ones', async () => {
  const path = join(dir, 'a', 'console-chat.json');
  const before = createConsoleMessenger({ clock, history: fileHistory(path, undefined, 0) });
  before.noteOwn({ id: 'om_console_u1', to: 'ou_sec', kind: 'text', text: '记录会议', at: '2026-03-02T01:59:00.000Z', from: 'user' });
  const { messageId } = await before.sendCard({ openId: 'ou_sec' }, card);
  await before.sendText({ openId: 'ou_other' }, '别人的消息');
  await new Promise((r) => setTimeout(r, 20));
  expect(existsSync(path)).toBe(true);

  // A new process: a new messenger over the same file.
  const after = createConsoleMessenger({ clock, history: fileHistory(path, undefined, 0) });
  expect(after.messages('ou_sec').map((m) => m.id)).toEqual([messageId]);
  expect(after.message(messageId)?.card).toEqual(card);
  expect(after.ownMessages('ou_sec')).toEqual([expect.objectContaining({ id: 'om_console_u1', text: '记录会议', from: 'user' })]);
  expect(after.messages('ou_other')).toHaveLength(1);
  // A click on the old card updates it in place, as before the restart.
  const saved: CardDoc = { ...card, title: '已保存' };
  await after.updateCard(messageId, saved);
  const { messageId: next } = await after.sendText({ openId: 'ou_sec' }, '新消息');
  expect([messageId, after.messages('ou_other')[0]!.id]).not.toContain(next);
  await new Promise((r) => setTimeout(r, 20));
  const third = createConsoleMessenger({ clock, history: fileHistory(path, undefined, 0) });
  expect(third.message(messageId)?.card).toEqual(saved);
  expect(third.messages('ou_sec').map((m) => m.id)).toEqual([messageId, next]);
});

test('the stream replays the kept chat, the person\'s own messages and the bot\'s, in order', async () => {
  const path = join(dir, 'b', 'console-chat.json');
  const before = createConsoleMessenger({ clock: { now: () => new Date('2026-03-02T02:00:00Z') }, history: fileHistory(path, undefined, 0) });
  before.noteOwn({ id: 'om_console_u1', to: 'ou_sec', kind: 'text', text: '帮助', at: '2026-03-02T01:59:00.000Z', from: 'user' });
  await before.sendCard({ openId: 'ou_sec' }, card);
  await new Promise((r) => setTimeout(r, 20));
  const messenger = createConsoleMessenger({ clock, history: fileHistory(path, undefined, 0) });
  const server = await serveConsole({ messenger });
  try {
    const events = await replay(server.port, 'ou_sec', 2);
    expect(events.map((e) => [e.type, e.message.from ?? 'bot', e.message.kind])).toEqual([
      ['message', 'user', 'text'],
      ['message', 'bot', 'card'],
    ]);
    expect(events[1]!.message.card).toEqual(card);
  } finally {
    server.close();
  }
});

test('writes are coalesced and atomic; an unreadable file starts an empty chat', async () => {
  const path = join(dir, 'c.json');
  const store = fileHistory(path, undefined, 50);
  store.save({ seq: 1, messages: [] });
  store.save({ seq: 2, messages: [] });
  expect(existsSync(path)).toBe(false);
  store.flush();
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ seq: 2, messages: [] });
  expect(existsSync(`${path}.tmp`)).toBe(false);
  writeFileSync(path, '{"seq": 3, "messa');
  const warned: string[] = [];
  const logger = { warn: (m: string) => warned.push(m) } as never;
  expect(fileHistory(path, logger).load()).toBeUndefined();
  expect(warned).toHaveLength(1);
  expect(createConsoleMessenger({ clock, history: fileHistory(path) }).recipients()).toEqual([]);
});
