import { afterAll, expect, test } from 'vitest';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import type { Database } from '../../src/db/database.ts';

/** Issue 18 item 3: server-side timeouts on every PostgreSQL connection; a hung server is a fast 503. */
const url = process.env.DATABASE_URL;
const opened: Database[] = [];
const sockets: Socket[] = [];
afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  await Promise.all(opened.map((d) => d.close()));
});

const show = async (d: Database, name: string) => {
  const r = (await d.db.execute(sql.raw(`show ${name}`))) as unknown as Record<string, string>[];
  return Object.values(r[0]!)[0];
};

test.skipIf(!url)('the service pool sets statement_timeout and idle_in_transaction_session_timeout, per role', async () => {
  const request = createPostgresDb(url!, { max: 1 });
  const job = createPostgresDb(url!, { max: 1, role: 'job' });
  const migration = createPostgresDb(url!, { max: 1, role: 'migration' });
  opened.push(request, job, migration);
  expect(await show(request, 'statement_timeout')).toBe('10s');
  expect(await show(request, 'idle_in_transaction_session_timeout')).toBe('30s');
  expect(await show(job, 'statement_timeout')).toBe('2min');
  expect(await show(migration, 'statement_timeout')).toBe('0');
  expect(await show(migration, 'idle_in_transaction_session_timeout')).toBe('1min');
  // The timeout is real: a longer statement is cancelled by the server.
  const quick = createPostgresDb(url!, { max: 1 });
  opened.push(quick);
  await quick.db.execute(sql`set statement_timeout = 50`);
  await expect(quick.db.execute(sql`select pg_sleep(1)`)).rejects.toThrow();
});

test('a database that swallows every packet makes the health ping (what /healthz asks) fail within 2.5 s', async () => {
  // Accepts TCP and never answers: what a hung server or a black-holed route looks like.
  const server = createServer((s) => {
    sockets.push(s);
    s.on('data', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const hung = createPostgresDb(`postgres://postgres@127.0.0.1:${port}/test`, { max: 1 });
  const t0 = Date.now();
  expect(await hung.ping()).toBe(false);
  expect(Date.now() - t0).toBeLessThan(2500);
  // A second request on the same pool is no slower.
  const t1 = Date.now();
  expect(await hung.ping()).toBe(false);
  expect(Date.now() - t1).toBeLessThan(2500);
  sockets.forEach((s) => s.destroy());
  server.close();
  await hung.close().catch(() => {});
}, 20_000);
