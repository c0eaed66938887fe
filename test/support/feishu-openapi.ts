/**
 * A stand-in for the parts of Feishu's Open API the ledger jobs use, on msw: the tenant token,
 * im/v1/files (refusing a file over the bound, as Feishu refuses one over 30 MB), im/v1/messages
 * (dropping a repeated uuid as Feishu does within the hour, so `shown` is what the person sees),
 * PATCH of a card, and downloads of what a person sent. Faults are queued per endpoint.
 */
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { createFeishuMessenger } from '../../src/messenger/feishu-messenger.ts';
import type { Messenger } from '../../src/messenger/messenger.ts';
import { createRateLimiter } from '../../src/messenger/rate-limiter.ts';
import { steppingTime } from '../messenger/fake-time.ts';

export const FS_BASE = 'https://open.feishu.test';

export interface FsUpload {
  fileKey: string;
  fileName: string;
  bytes: Uint8Array;
}

export interface FsMessage {
  messageId: string;
  to: string;
  msgType: string;
  content: Record<string, unknown>;
  uuid: string;
}

export interface FeishuStandIn {
  uploads: FsUpload[];
  /** Messages the person sees, in order: one per uuid. */
  shown: FsMessage[];
  /** Every create call, repeats included. */
  creates: number;
  patches: Array<{ messageId: string; content: Record<string, unknown> }>;
  /** Files people sent, by `${messageId}/${fileKey}`. */
  resources: Map<string, Uint8Array>;
  /** The next calls to an endpoint fail with a Feishu error (500, code 1) — a fault retrying cannot see coming. */
  fail: { files: number; messages: number; resources: number };
  /** Message-create calls that fail, by their number (1-based, counting every call). */
  failCreates: Set<number>;
}

const failure = () => HttpResponse.json({ code: 1, msg: 'internal error (stand-in fault)' }, { status: 500 });

export function installFeishuStandIn(server: SetupServer, o: { maxFileBytes: number }): FeishuStandIn {
  const s: FeishuStandIn = { uploads: [], shown: [], creates: 0, patches: [], resources: new Map(), fail: { files: 0, messages: 0, resources: 0 }, failCreates: new Set() };
  let seq = 0;
  let createCalls = 0;
  server.use(
    http.post(`${FS_BASE}/open-apis/auth/v3/tenant_access_token/internal`, () => HttpResponse.json({ code: 0, msg: 'ok', tenant_access_token: 't-1', expire: 7200 })),
    http.post(`${FS_BASE}/open-apis/im/v1/files`, async ({ request }) => {
      if (s.fail.files > 0 && s.fail.files--) return failure();
      const form = await request.formData();
      const file = form.get('file') as File;
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (bytes.length > o.maxFileBytes) return HttpResponse.json({ code: 234006, msg: 'The file size exceeds the limit.' }, { status: 400 });
      const fileKey = `file_v3_${++seq}`;
      s.uploads.push({ fileKey, fileName: String(form.get('file_name')), bytes });
      return HttpResponse.json({ code: 0, msg: 'success', data: { file_key: fileKey } });
    }),
    http.post(`${FS_BASE}/open-apis/im/v1/messages`, async ({ request }) => {
      if (s.failCreates.has(++createCalls) || (s.fail.messages > 0 && s.fail.messages--)) return failure();
      s.creates++;
      const body = (await request.json()) as { receive_id: string; msg_type: string; content: string; uuid: string };
      const seen = s.shown.find((m) => m.uuid === body.uuid);
      if (seen) return HttpResponse.json({ code: 0, msg: 'success', data: { message_id: seen.messageId } });
      const m: FsMessage = { messageId: `om_${++seq}`, to: body.receive_id, msgType: body.msg_type, content: JSON.parse(body.content) as Record<string, unknown>, uuid: body.uuid };
      s.shown.push(m);
      return HttpResponse.json({ code: 0, msg: 'success', data: { message_id: m.messageId } });
    }),
    http.patch(`${FS_BASE}/open-apis/im/v1/messages/:mid`, async ({ request, params }) => {
      const body = (await request.json()) as { content: string };
      s.patches.push({ messageId: String(params.mid), content: JSON.parse(body.content) as Record<string, unknown> });
      return HttpResponse.json({ code: 0, msg: 'success', data: {} });
    }),
    http.get(`${FS_BASE}/open-apis/im/v1/messages/:mid/resources/:key`, ({ params }) => {
      if (s.fail.resources > 0 && s.fail.resources--) return failure();
      const data = s.resources.get(`${String(params.mid)}/${String(params.key)}`);
      if (!data) return HttpResponse.json({ code: 234003, msg: 'File not in msg.' }, { status: 400 });
      return new HttpResponse(data, { headers: { 'content-type': 'application/octet-stream' } });
    }),
  );
  return s;
}

/** The real Feishu messenger against the stand-in, with the upload bound given (tests split without 30 MB files). */
export function standInMessenger(maxFileBytes: number): Messenger {
  const time = steppingTime(1_000_000);
  return createFeishuMessenger({ appId: 'cli_standin', appSecret: 'shh', domain: FS_BASE, limiter: createRateLimiter(time), sleep: time.sleep, random: () => 0.5, maxFileBytes });
}

/** All text of a card as Feishu received it (JSON 2.0), for assertions. */
export function shownText(m: FsMessage | undefined): string {
  // Feishu shows character references as the characters they stand for.
  return m ? JSON.stringify(m.content).replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))) : '';
}
