/**
 * Feishu's Open API as kill-ledger-worker.ts's process sees it: msw in that process, keeping what
 * Feishu would keep in the test's database (`feishu_calls`), so that what the killed process sent
 * and what its restart sent can be read together. Like Feishu, a message's id follows from its
 * uuid (a send repeated under the same uuid is the same message, shown once); an uploaded file gets
 * a fresh key each time; the download of the chat upload returns the ledger the test wrote.
 * `hangOnFile`: a file message is taken (recorded) but never answered, as when the connection
 * drops after Feishu got the request: the process is then killed having sent it, unknowingly.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../src/db/database.ts';

export const FEISHU_BASE = 'https://open.feishu.test';

/** Every call the processes made; created by the test, written by the workers. */
export const FEISHU_CALLS_DDL = sql`create table feishu_calls (
  id serial primary key, worker text not null, kind text not null, uuid text, msg_type text, receive_id text,
  message_id text, content text, file_key text, file_name text, bytes bytea, at timestamptz not null default clock_timestamp())`;

/** The id Feishu gives the message sent under `uuid` (the same for a repeated send). */
export const messageIdOf = (uuid: string) => `om_${createHash('sha1').update(uuid).digest('hex').slice(0, 20)}`;

export function startFeishuStandIn(db: Db, worker: string, uploadPath: string, o: { hangOnFile?: boolean } = {}) {
  const record = (v: { kind: string; uuid?: string; msgType?: string; receiveId?: string; messageId?: string; content?: string; fileKey?: string; fileName?: string; bytes?: Buffer }) =>
    db.execute(sql`insert into feishu_calls (worker, kind, uuid, msg_type, receive_id, message_id, content, file_key, file_name, bytes)
      values (${worker}, ${v.kind}, ${v.uuid ?? null}, ${v.msgType ?? null}, ${v.receiveId ?? null}, ${v.messageId ?? null},
        ${v.content ?? null}, ${v.fileKey ?? null}, ${v.fileName ?? null}, ${v.bytes ?? null})`);
  const server = setupServer(
    http.post(`${FEISHU_BASE}/open-apis/auth/v3/tenant_access_token/internal`, () => HttpResponse.json({ code: 0, msg: 'ok', tenant_access_token: `t-${worker}`, expire: 7200 })),
    http.get(`${FEISHU_BASE}/open-apis/im/v1/messages/:mid/resources/:key`, async () => {
      await record({ kind: 'download' });
      return new HttpResponse(readFileSync(uploadPath), { headers: { 'content-type': 'application/octet-stream' } });
    }),
    http.post(`${FEISHU_BASE}/open-apis/im/v1/messages`, async ({ request }) => {
      const b = (await request.json()) as { receive_id: string; msg_type: string; content: string; uuid: string };
      const messageId = messageIdOf(b.uuid);
      const fileKey = b.msg_type === 'file' ? (JSON.parse(b.content) as { file_key: string }).file_key : undefined;
      await record({ kind: 'send', uuid: b.uuid, msgType: b.msg_type, receiveId: b.receive_id, messageId, content: b.content, fileKey });
      if (fileKey && o.hangOnFile) await new Promise(() => {});
      return HttpResponse.json({ code: 0, msg: 'success', data: { message_id: messageId } });
    }),
    http.patch(`${FEISHU_BASE}/open-apis/im/v1/messages/:id`, async ({ request, params }) => {
      const b = (await request.json()) as { content: string };
      await record({ kind: 'update', messageId: String(params.id), content: b.content });
      return HttpResponse.json({ code: 0, msg: 'success', data: {} });
    }),
    http.post(`${FEISHU_BASE}/open-apis/im/v1/files`, async ({ request }) => {
      const form = await request.formData();
      const file = form.get('file') as File;
      const fileKey = `file_v3_${randomUUID()}`;
      await record({ kind: 'upload', fileKey, fileName: String(form.get('file_name')), bytes: Buffer.from(await file.arrayBuffer()) });
      return HttpResponse.json({ code: 0, msg: 'success', data: { file_key: fileKey } });
    }),
  );
  server.listen({ onUnhandledRequest: 'error' });
  return server;
}
