/**
 * A stand-in for the real console API, for developing and testing the console page without the
 * bot: demo people, an echo bot that answers with fixture cards, actions that toast, uploads,
 * files and reminders. Implements the contract documented in src/console/page.ts.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { consolePage, consolePageCsp } from '../../src/console/page.ts';
import type { CardDoc } from '../../src/cards/document.ts';
import { coverageCard, formCard, helpCard, tableCard } from './fixtures.ts';

export interface FakePerson { id: string; name: string; roles: string[]; openId: string }
export interface FakeMessage {
  id: string; to: string; kind: 'card' | 'text' | 'file'; card?: CardDoc; text?: string; fileName?: string; at: string; from?: 'user';
}
export type FakeReply = Omit<FakeMessage, 'id' | 'to' | 'at'> & { content?: Uint8Array };

export const demoPeople: FakePerson[] = [
  { id: 'p1', name: '张三', roles: ['党建工作指导员'], openId: 'ou_zhangsan' },
  { id: 'p2', name: '李四', roles: ['组织部干部', '管理员'], openId: 'ou_lisi' },
  { id: 'p3', name: '王五', roles: ['支部书记'], openId: 'ou_wangwu' },
  { id: 'p4', name: '赵六', roles: ['党建工作指导员'], openId: 'ou_zhaoliu' },
  { id: 'p5', name: '欧阳明月', roles: ['党员'], openId: 'ou_ouyang' },
];

/** The echo bot: a fixture card chosen by keyword, else the text back. */
export function defaultReply(text: string): FakeReply[] {
  if (/帮助|菜单|^\s*[?？]\s*$/.test(text)) return [{ kind: 'card', card: helpCard }];
  if (/走访|表单/.test(text)) return [{ kind: 'card', card: formCard }];
  if (/覆盖率/.test(text)) return [{ kind: 'card', card: coverageCard }];
  if (/待办|表格/.test(text)) return [{ kind: 'card', card: tableCard }];
  if (/取消/.test(text)) return [{ kind: 'text', text: '好的，已结束当前对话，没有保存任何内容。' }];
  return [{ kind: 'text', text: `收到：${text}\n说「帮助」看看我能做什么。` }];
}

/** What the fake answers to a card action: a receipt card for a form, a toast otherwise. */
export function defaultAction(body: { value?: any; formValue?: Record<string, unknown>; name?: string }) {
  if (body.value && body.value.cmd === 'cancel') {
    const card: CardDoc = { title: '记录走访 · 已取消', color: 'grey', body: [{ kind: 'text', text: [{ text: '本次记录已放弃，没有保存任何内容。' }] }] };
    return { toast: { type: 'info', content: '已取消' }, card };
  }
  if (body.formValue) {
    const card: CardDoc = {
      title: '记录走访 · 已提交',
      color: 'green',
      body: Object.entries(body.formValue).map(([k, v]) => ({ kind: 'text' as const, text: [{ text: k, bold: true }, { text: `：${JSON.stringify(v)}` }] })),
    };
    return { toast: { type: 'success', content: '已保存' }, card };
  }
  return { toast: { type: 'info', content: `收到操作：${body.name || JSON.stringify(body.value)}` } };
}

export interface FakeConsoleOptions {
  people?: FakePerson[];
  reply?: (text: string, person: FakePerson) => FakeReply[];
  action?: typeof defaultAction;
  now?: () => Date;
}

export function createFakeConsole(opts: FakeConsoleOptions = {}) {
  const people = opts.people ?? demoPeople;
  const reply = opts.reply ?? ((t: string) => defaultReply(t));
  const action = opts.action ?? defaultAction;
  const now = opts.now ?? (() => new Date());
  const log: FakeMessage[] = [];
  const files = new Map<string, { name: string; content: Uint8Array }>();
  const subs = new Set<(ev: unknown) => Promise<void>>();
  const received = { messages: [] as unknown[], actions: [] as any[], uploads: [] as { openId: string; name: string; size: number }[], reminders: [] as string[] };
  let seq = 0;

  /** Deliver a message to a person: logged for replay, pushed to every open stream. */
  function push(to: string, r: FakeReply): FakeMessage {
    const { content, ...rest } = r;
    const m: FakeMessage = { ...rest, id: `om_${++seq}`, to, at: now().toISOString() };
    if (content) files.set(m.id, { name: m.fileName ?? 'file', content });
    log.push(m);
    for (const s of subs) void s({ type: 'message', message: m });
    return m;
  }
  function update(m: FakeMessage): void {
    for (const s of subs) void s({ type: 'update', message: m });
  }
  const person = (openId: unknown) => people.find((p) => p.openId === openId);

  const app = new Hono();
  // The real route's CSP, so the browser tests prove the hashed inline script still runs under it.
  app.get('/console', (c) => c.html(consolePage(), 200, { 'content-security-policy': consolePageCsp() }));
  app.get('/console/api/people', (c) => c.json(people));
  app.post('/console/api/message', async (c) => {
    const body = await c.req.json<{ openId: string; text: string }>();
    const p = person(body.openId);
    if (!p || typeof body.text !== 'string') return c.json({ error: 'unknown person' }, 400);
    received.messages.push(body);
    push(p.openId, { kind: 'text', text: body.text, from: 'user' }); // the person's own message, for replay
    // Reply after the 202, like the real bot (replies arrive on the stream).
    setTimeout(() => reply(body.text, p).forEach((r) => push(p.openId, r)), 30);
    return c.body(null, 202);
  });
  app.post('/console/api/action', async (c) => {
    const body = await c.req.json<any>();
    received.actions.push(body);
    const res: any = action(body);
    const m = log.find((x) => x.id === body.messageId);
    if (m && res.card) m.card = res.card; // so a replay shows the updated card
    return c.json(res);
  });
  app.get('/console/api/stream', (c) => {
    const openId = c.req.query('openId') ?? '';
    return streamSSE(c, async (stream) => {
      for (const m of log.filter((x) => x.to === openId)) await stream.writeSSE({ data: JSON.stringify({ type: 'message', message: m }) });
      const sub = (ev: unknown) => stream.writeSSE({ data: JSON.stringify(ev) });
      subs.add(sub);
      stream.onAbort(() => { subs.delete(sub); });
      while (!stream.aborted) await stream.sleep(1000);
      subs.delete(sub);
    });
  });
  app.get('/console/api/file/:id', (c) => {
    const f = files.get(c.req.param('id'));
    if (!f) return c.notFound();
    return c.body(f.content as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
    });
  });
  app.post('/console/api/upload', async (c) => {
    const form = await c.req.formData();
    const file = form.get('file');
    const p = person(form.get('openId'));
    if (!p || !(file instanceof File)) return c.json({ error: 'need openId and file' }, 400);
    received.uploads.push({ openId: p.openId, name: file.name, size: file.size });
    push(p.openId, { kind: 'file', fileName: file.name, from: 'user', content: new Uint8Array(await file.arrayBuffer()) });
    setTimeout(() => {
      push(p.openId, { kind: 'text', text: `收到文件「${file.name}」（${file.size} 字节），正在导入…` });
      push(p.openId, { kind: 'file', fileName: '导入结果.csv', content: new TextEncoder().encode('\ufeff组织名称,结果\n鲁信科技,已导入\n') });
    }, 30);
    return c.body(null, 202);
  });
  app.post('/console/api/reminders', async (c) => {
    const { now: at } = await c.req.json<{ now: string }>();
    received.reminders.push(at);
    const targets = people.filter((p) => p.roles.includes('党建工作指导员') || p.roles.includes('支部书记'));
    const sent = targets.map((p) => {
      const title = p.roles.includes('支部书记') ? '本月三会一课提醒' : '走访到期提醒';
      push(p.openId, { kind: 'card', card: { title, subtitle: `提醒时间 ${at}`, color: 'orange',
        body: [{ kind: 'text', text: [{ text: `${p.name}，你有 ` }, { text: '1', bold: true }, { text: ' 项工作即将到期，说「待办」查看。' }] }] } });
      return { to: p.name, title };
    });
    return c.json({ sent, planned: sent.length + 2 });
  });
  return { app, log, received, push, update, people };
}

/** Serve the fake on 127.0.0.1 (port 0 = any free port). */
export async function startFakeConsoleServer(opts: FakeConsoleOptions & { port?: number } = {}) {
  const fake = createFakeConsole(opts);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: fake.app.fetch, port: opts.port ?? 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fake,
    close: () => new Promise<void>((resolve) => {
      (server as any).closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

// `npx tsx test/console/fake-console-server.ts [port]` serves the fake for poking at by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startFakeConsoleServer({ port: Number(process.argv[2] ?? 3100) });
  console.log(`fake console: ${s.url}/console`);
}
