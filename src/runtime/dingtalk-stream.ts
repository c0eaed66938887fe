/**
 * DingTalk Stream mode (Node only: it is a long-lived outbound WebSocket) through the official
 * `dingtalk-stream` SDK, with the connection's lifetime owned here. In 2.1.5 the SDK (verified in
 * its dist/client.mjs, README "Stream mode"):
 * - reconnects after a fixed 1 s, forever, with no back-off (`reconnectInterval = 1e3`);
 * - `connect()` catches every error and, with autoReconnect off, resolves as if connected;
 * - on the server's SYSTEM `disconnect` frame only flips flags, leaving the socket open while the
 *   server has stopped delivering (messages sent meanwhile are lost to us until it closes);
 * - shares one module-level `subscriptions` array between clients and subscribes to every EVENT.
 * So: autoReconnect off, our own subscriptions, `getEndpoint()` + `_connect()` called directly
 * (they do throw), a fresh client per connection, exponential back-off with full jitter, the
 * disconnect frame and a silence timer (no frame and no pong for `silenceMs`) both closing the
 * socket, and every callback acknowledged with socketCallBackResponse once it is safe:
 * - a robot message after its msgId is recorded (dedupe) with the message itself (the durable
 *   inbox, replayed after its lease if this process dies before handling it), before it is
 *   handled (defer), so DingTalk does not re-push it in 60 s; if recording fails the frame is not
 *   acked and the re-push comes back to the same dedupe;
 * - a card callback with the answer (DingTalk waits 2 s and shows what we return).
 */
import { DWClient, TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import { systemClock, type Clock } from '../clock.ts';
import type { Logger } from '../log/logger.ts';
import { backoffDelay, type BackoffOptions } from '../messenger/rate-limiter.ts';

/** The part of the SDK's `ws` socket used here (ws ships no types, and @types/ws is not a dependency). */
interface StreamSocket {
  readonly readyState: number;
  readonly OPEN: number;
  readonly CLOSED: number;
  on(event: 'pong' | 'message', listener: (data?: unknown) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  ping(): void;
  terminate(): void;
}

export const STREAM_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000, maxResetMs: 60_000 };
/** DingTalk re-pushes an unacked message after ~60 s; a socket silent for longer is taken as dead. */
export const STREAM_SILENCE_MS = 90_000;

export interface DingtalkStreamDeps {
  dingtalk: { clientId: string; clientSecret: string };
  /** A frame's data (robot message or card callback) → what to acknowledge it with. */
  handle(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  logger: Logger;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  backoff?: BackoffOptions;
  silenceMs?: number;
  /** Runs `check` every `ms` until the returned function is called (tests tick it by hand). */
  every?: (ms: number, check: () => void) => () => void;
  createClient?: (opts: ConstructorParameters<typeof DWClient>[0]) => DWClient;
}

export interface DingtalkStream {
  /** Resolves once the first connection is open (or stop() was called). */
  ready: Promise<void>;
  stop(): Promise<void>;
  /** Connections opened so far, and connection attempts that failed (gateway or socket). */
  stats(): { connections: number; failures: number; acked: number };
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const realEvery = (ms: number, check: () => void) => {
  const h = setInterval(check, ms);
  h.unref?.();
  return () => clearInterval(h);
};

/** Only the error's kind and status reach the log: the socket URL carries the connection ticket. */
function failure(e: unknown): Record<string, unknown> {
  const x = e as { name?: unknown; code?: unknown; response?: { status?: unknown } };
  return { error: typeof x?.name === 'string' ? x.name : 'Error', code: typeof x?.code === 'string' ? x.code : undefined, httpStatus: x?.response?.status };
}

export function startDingtalkStream(deps: DingtalkStreamDeps): DingtalkStream {
  const clock = deps.clock ?? systemClock;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const backoff = deps.backoff ?? STREAM_BACKOFF;
  const silenceMs = deps.silenceMs ?? STREAM_SILENCE_MS;
  const every = deps.every ?? realEvery;
  const createClient = deps.createClient ?? ((o) => new DWClient(o));
  const log = deps.logger;
  const counts = { connections: 0, failures: 0, acked: 0 };
  let stopped = false;
  let current: { client: DWClient; socket?: StreamSocket } | undefined;
  let wake: () => void = () => {};
  const stoppedSignal = new Promise<void>((resolve) => (wake = resolve));
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  function newClient(): DWClient {
    const opts = {
      clientId: deps.dingtalk.clientId,
      clientSecret: deps.dingtalk.clientSecret,
      keepAlive: false,
      debug: false,
      // Not in the constructor's type but read from the merged config (dist/client.mjs).
      autoReconnect: false,
      subscriptions: [
        { type: 'CALLBACK', topic: TOPIC_ROBOT },
        { type: 'CALLBACK', topic: TOPIC_CARD },
      ],
    };
    const client = createClient(opts as ConstructorParameters<typeof DWClient>[0]);
    const onFrame = (frame: DWClientDownStream) => void acknowledge(client, frame);
    client.registerCallbackListener(TOPIC_ROBOT, onFrame);
    client.registerCallbackListener(TOPIC_CARD, onFrame);
    return client;
  }

  async function acknowledge(client: DWClient, frame: DWClientDownStream) {
    const messageId = frame.headers?.messageId;
    let body: unknown;
    try {
      body = JSON.parse(frame.data);
    } catch {
      body = undefined;
    }
    if (!messageId) return;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      // Unreadable now means unreadable on every re-push: take it off DingTalk's queue.
      client.socketCallBackResponse(messageId, {});
      return;
    }
    try {
      const response = await deps.handle(body as Record<string, unknown>);
      client.socketCallBackResponse(messageId, response);
      counts.acked++;
    } catch (error) {
      // Not acknowledged: DingTalk pushes it again in about a minute, to the same dedupe.
      log.error('dingtalk stream frame not handled; left for redelivery', { topic: frame.headers.topic, error });
    }
  }

  /** One connection from gateway call to close; resolves when the socket is gone. */
  async function connectOnce(): Promise<{ opened: boolean; heard: boolean }> {
    const client = newClient();
    current = { client };
    try {
      await client.getEndpoint();
      if (stopped) return { opened: false, heard: false };
      await client._connect();
    } catch (e) {
      counts.failures++;
      log.warn('dingtalk stream connect failed', failure(e));
      return { opened: false, heard: false };
    }
    const socket = (client as unknown as { socket?: StreamSocket }).socket;
    if (!socket) return { opened: false, heard: false };
    current.socket = socket;
    counts.connections++;
    log.info('dingtalk stream connected', { connections: counts.connections });
    let heard = false;
    let lastSign = clock.now().getTime();
    const alive = () => {
      lastSign = clock.now().getTime();
    };
    socket.on('pong', alive);
    socket.on('message', (data: unknown) => {
      alive();
      heard = true;
      let frame: { type?: unknown; headers?: { topic?: unknown } } | undefined;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      if (frame?.type === 'SYSTEM' && frame.headers?.topic === 'disconnect') {
        log.info('dingtalk stream asked to reconnect');
        socket.terminate();
      }
    });
    const stopChecks = every(Math.max(1000, Math.floor(silenceMs / 3)), () => {
      if (clock.now().getTime() - lastSign > silenceMs) {
        log.warn('dingtalk stream silent; reconnecting', { silentMs: clock.now().getTime() - lastSign });
        socket.terminate();
        return;
      }
      // A ping asks for a pong, so a quiet but healthy socket stays alive.
      if (socket.readyState === socket.OPEN) socket.ping();
    });
    markReady();
    await new Promise<void>((resolve) => {
      if (socket.readyState === socket.CLOSED) return resolve();
      socket.once('close', () => resolve());
    });
    stopChecks();
    return { opened: true, heard };
  }

  async function run() {
    let attempt = 0;
    while (!stopped) {
      const r = await connectOnce();
      if (stopped) break;
      // A connection that delivered frames was healthy: the next drop starts the back-off over.
      attempt = r.heard ? 1 : attempt + 1;
      const delayMs = backoffDelay(attempt, undefined, random, backoff);
      log.info('dingtalk stream reconnecting', { attempt, delayMs });
      await Promise.race([sleep(delayMs), stoppedSignal]);
    }
  }

  const running = run().catch((error) => log.error('dingtalk stream loop failed', { error }));

  return {
    ready: Promise.race([ready, stoppedSignal]),
    stats: () => ({ ...counts }),
    async stop() {
      stopped = true;
      wake();
      current?.client.disconnect();
      current?.socket?.terminate();
      await running;
    },
  };
}
