import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { getConnInfo } from '@hono/node-server/conninfo';
import { randomUUID } from 'node:crypto';
import type { Bot } from '../bot/bot.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { Dedupe } from '../db/stores/dedupe-store.ts';
import { dispatchFeishuBody } from '../http/feishu-receiver.ts';
import type { Card } from '../messenger/messenger.ts';
import type { Logger } from '../log/logger.ts';
import type { ConsoleMessage, ConsoleMessenger } from '../messenger/console-messenger.ts';
import type { Defer } from '../runtime/defer.ts';
import type { ConsoleRemindersResponse } from './contract.ts';
import { consolePage, consolePageCsp } from './page.ts';
import { bodyLimit } from 'hono/body-limit';
import { consolePeople } from './console-people.ts';
import { downloadHeaders } from './download-headers.ts';
import { cardViews } from './card-views.ts';
import { actionEnvelope, fileEnvelope, textEnvelope } from '../messenger/console-envelopes.ts';

export interface ConsoleDeps {
  database: Database;
  messenger: ConsoleMessenger;
  bot: Bot;
  dedupe: Dedupe;
  defer: Defer;
  clock: Clock;
  logger: Logger;
  /** CONSOLE=on set explicitly: answer clients beyond loopback too. */
  open: boolean;
  /** Runs the reminders as of an instant (issue 8); absent until reminders are wired. */
  runReminders?: (now: Date) => Promise<ConsoleRemindersResponse>;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;
/**
 * What the bot could download of a file sent in Feishu (获取消息中的资源文件: 仅支持下载 100 MB 以内的
 * 资源文件), so the console takes what chat would; a chat ledger's own bounds are the reader's
 * (100,000 data rows, 300 MB unpacked).
 */
const MAX_UPLOAD = 100 * 1024 * 1024;
/** Room for the multipart envelope around a file of MAX_UPLOAD bytes. */
const MAX_UPLOAD_BODY = MAX_UPLOAD + 64 * 1024;
/** Host names that only this machine resolves to itself; any port. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** An Origin header is acceptable when absent or naming the very host the request was sent to. */
function sameOrigin(origin: string | undefined, host: string): boolean {
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host === new URL(`${u.protocol}//${host}`).host;
  } catch {
    return false; // "null" (sandboxed frames, file pages) and garbage
  }
}

/**
 * The local console (issue 9): messages and clicks enter the same bot core as Feishu's events and
 * callbacks (dispatchFeishuBody) — only the signature check is skipped, on this route alone — and
 * the bot's outbound messages come back through the console's Messenger as a live stream.
 */
export function consoleRoutes(deps: ConsoleDeps): Hono {
  const app = new Hono();
  // The person's own messages are kept by the messenger too, so the chat replays (and survives a restart) whole.
  const remember = (m: ConsoleMessage) => deps.messenger.noteOwn(m);

  app.use('*', async (c, next) => {
    if (!deps.open) {
      let addr = '';
      try {
        addr = getConnInfo(c).remote.address ?? '';
      } catch {
        addr = '';
      }
      if (!LOOPBACK.test(addr)) return c.text('The console answers only local clients (set CONSOLE=on to open it).', 403);
    }
    // DNS rebinding (issue 18 item 10): evil.example resolving to 127.0.0.1 passes the address
    // check above, but its Host header still names evil.example.
    const host = c.req.header('host') ?? '';
    if (!deps.open && !LOOPBACK_HOST.test(host)) return c.text('The console answers only loopback host names (set CONSOLE=on to open it).', 403);
    // Cross-site requests: a browser names the page's origin; another site's page is refused.
    if (!sameOrigin(c.req.header('origin'), host)) return c.text('Cross-origin requests are refused.', 403);
    // A JSON body must say so: text/plain is what another site's page may send without a preflight.
    if (c.req.method === 'POST' && !c.req.path.endsWith('/api/upload')) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') return c.json({ error: 'Content-Type must be application/json' }, 415);
    }
    await next();
  });

  app.get('/', (c) => {
    c.header('Content-Security-Policy', consolePageCsp());
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(consolePage());
  });
  app.get('/api/people', async (c) => c.json(await consolePeople(deps.database.db)));

  const dispatch = (body: unknown) => dispatchFeishuBody(deps, body as never);

  app.post('/api/message', async (c) => {
    const { openId, text } = (await c.req.json().catch(() => ({}))) as { openId?: string; text?: string };
    if (!openId || typeof text !== 'string' || !text.trim()) return c.json({ error: 'openId and text are required' }, 400);
    const messageId = `om_console_${randomUUID()}`;
    remember({ id: messageId, to: openId, kind: 'text', text, at: deps.clock.now().toISOString(), from: 'user' });
    deps.messenger.registerInbound(messageId, { openId });
    await dispatch(textEnvelope(openId, messageId, text, deps.clock.now()));
    return c.json({ ok: true }, 202);
  });

  app.post('/api/action', async (c) => {
    const req = (await c.req.json().catch(() => ({}))) as { openId?: string; messageId?: string; value?: unknown; formValue?: Record<string, unknown>; name?: string };
    if (!req.openId || !req.messageId) return c.json({ error: 'openId and messageId are required' }, 400);
    const token = `c-console-${randomUUID()}`;
    deps.messenger.registerToken(token, req.messageId);
    const out = (await dispatch(actionEnvelope({ ...req, openId: req.openId, messageId: req.messageId, token }, deps.clock.now()))) as {
      toast?: unknown;
      card?: { data: Card };
    };
    // Feishu replaces the card in place; keep the console's record in step so a reload shows it.
    if (out.card) await deps.messenger.updateCard(req.messageId, out.card.data).catch(() => {});
    return c.json({ ...(out.toast ? { toast: out.toast } : {}), ...(out.card ? { card: out.card.data } : {}) });
  });

  // Refused by Content-Length before a byte is buffered; a chunked body is cut off as it streams.
  const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BODY, onError: (c) => c.json({ error: 'file too large' }, 413) });
  app.post('/api/upload', uploadLimit, async (c) => {
    const form = await c.req.formData().catch(() => null);
    const file = form?.get('file');
    const openId = form?.get('openId');
    if (!(file instanceof File) || typeof openId !== 'string') return c.json({ error: 'file and openId are required' }, 400);
    if (file.size > MAX_UPLOAD) return c.json({ error: 'file too large' }, 413);
    const messageId = `om_console_${randomUUID()}`;
    const fileKey = `file_console_${randomUUID()}`;
    const image = file.type.startsWith('image/');
    deps.messenger.putResource(messageId, fileKey, new Uint8Array(await file.arrayBuffer()));
    deps.messenger.registerInbound(messageId, { openId });
    remember({ id: messageId, to: openId, kind: 'file', fileName: file.name, at: deps.clock.now().toISOString(), from: 'user' });
    await dispatch(fileEnvelope(openId, messageId, fileKey, file.name, image, deps.clock.now()));
    return c.json({ ok: true }, 202);
  });

  app.get('/api/file/:id', (c) => {
    const m = deps.messenger.message(c.req.param('id'));
    const blob = m?.fileKey ? deps.messenger.upload(m.fileKey) : undefined;
    if (!blob) return c.json({ error: 'not found' }, 404);
    return c.body(blob.data as unknown as ArrayBuffer, 200, downloadHeaders(blob.fileName ?? m?.fileName ?? 'file'));
  });

  // The same document as Feishu's card JSON and as DingTalk's message, for the page's view switch.
  app.get('/api/message/:id/views', (c) => {
    const m = deps.messenger.message(c.req.param('id'));
    if (!m || m.kind !== 'card' || !m.card) return c.json({ error: 'no such card' }, 404);
    return c.json({ id: m.id, ...cardViews(m.card) });
  });

  app.post('/api/reminders', async (c) => {
    const { now } = (await c.req.json().catch(() => ({}))) as { now?: string };
    const at = now ? new Date(now) : deps.clock.now();
    if (Number.isNaN(at.getTime())) return c.json({ error: 'now must be an ISO 8601 instant' }, 400);
    if (!deps.runReminders) return c.json({ sent: [], planned: 0 });
    return c.json(await deps.runReminders(at));
  });

  app.get('/api/stream', (c: Context) => {
    const openId = c.req.query('openId');
    if (!openId) return c.json({ error: 'openId is required' }, 400);
    return streamSSE(c, async (stream) => {
      const history = [...deps.messenger.messages(openId), ...deps.messenger.ownMessages(openId)].sort((a, b) => a.at.localeCompare(b.at));
      for (const m of history) await stream.writeSSE({ data: JSON.stringify({ type: 'message', message: m }) });
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      // Every message goes to every open page: messages for others raise their unread badge.
      const unsubscribe = deps.messenger.subscribe((e) => {
        queue.push(JSON.stringify(e));
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      while (!stream.aborted) {
        while (queue.length) await stream.writeSSE({ data: queue.shift()! });
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 15_000);
        });
        wake = undefined;
        if (!queue.length && !stream.aborted) await stream.writeSSE({ event: 'ping', data: '{}' });
      }
      unsubscribe();
    });
  });
  return app;
}
