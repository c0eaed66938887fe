import { afterAll, expect, test } from 'vitest';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import { serveConsole } from './serve-console.ts';

/** Issue 20 item 13: a download carries its real content type and its (Chinese) name. */
const messenger = createConsoleMessenger({ clock: { now: () => new Date('2026-03-02T02:00:00Z') } });
const server = await serveConsole({ messenger });
afterAll(() => server.close());

async function sent(name: string, bytes: Uint8Array): Promise<string> {
  const { fileKey } = await messenger.uploadFile(bytes, name);
  return (await messenger.sendFile({ openId: 'ou_dl' }, fileKey)).messageId;
}

test('an xlsx export is sent as a spreadsheet with its Chinese name in filename*', async () => {
  const bytes = new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]);
  const id = await sent('历城区台账(2026).xlsx', bytes);
  const r = await server.get(`/console/api/file/${id}`);
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(r.headers['content-disposition']).toBe(
    `attachment; filename="_____(2026).xlsx"; filename*=UTF-8''${encodeURIComponent('历城区台账')}%282026%29.xlsx`,
  );
  expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(r.headers['content-disposition']!)![1]!)).toBe('历城区台账(2026).xlsx');
  expect([...r.data]).toEqual([...bytes]);
});

test('a csv is text/csv in UTF-8; an unknown kind stays octet-stream', async () => {
  const csv = await server.get(`/console/api/file/${await sent('未导入的行.rejected.csv', new TextEncoder().encode('a,b\n'))}`);
  expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('未导入的行.rejected.csv')}`);
  const other = await server.get(`/console/api/file/${await sent('note.bin', new Uint8Array([1]))}`);
  expect(other.headers['content-type']).toBe('application/octet-stream');
  expect((await server.get('/console/api/file/om_missing')).status).toBe(404);
});
