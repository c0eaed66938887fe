import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { sql } from 'drizzle-orm';
import * as schema from './schema/index.ts';
import { withTimeout, type Database, type Db } from './database.ts';
import { guardClosedConnections } from './postgres-close-guard.ts';

export interface PostgresOptions {
  /** Pool size: a pool on Node, a handful per request on Workers (Hyperdrive pools for us). */
  max?: number;
  /** Workers: skip the type lookup round trip on every new connection. */
  fetchTypes?: boolean;
  /** Startup parameters beyond the basics; off behind Hyperdrive, which pools connections for us. */
  sessionSettings?: boolean;
  /** What the connections serve; sets their server-side timeouts (issue 18 item 3). */
  role?: PostgresRole;
}

export type PostgresRole = 'request' | 'job' | 'migration';

/**
 * Server-side timeouts per role, in ms (0 = none): a runaway statement is cancelled, and a session
 * left `idle in transaction` (a broken import) is ended so it stops holding row locks.
 * Requests must fit Feishu's 3 s card budget; jobs (imports, reminder ticks) may run longer;
 * migrations may rewrite tables but must not hold locks while idle either.
 */
export const POSTGRES_TIMEOUTS: Record<PostgresRole, { statement: number; idleInTransaction: number }> = {
  request: { statement: 10_000, idleInTransaction: 30_000 },
  job: { statement: 120_000, idleInTransaction: 60_000 },
  migration: { statement: 0, idleInTransaction: 60_000 },
};

/**
 * postgres.js reconnects by itself: a query after the server came back opens a new connection,
 * so the service keeps running through a database restart.
 */
export function createPostgresDb(url: string, opts: PostgresOptions = {}): Database {
  const t = POSTGRES_TIMEOUTS[opts.role ?? 'request'];
  const timeouts = { statement_timeout: t.statement, idle_in_transaction_session_timeout: t.idleInTransaction };
  const client = postgres(url, {
    max: opts.max ?? 10,
    idle_timeout: 30,
    // A hung server must turn into a 503 well inside Feishu's 3 s budget, not after 5 s + a ping.
    connect_timeout: 2,
    fetch_types: opts.fetchTypes ?? true,
    onnotice: () => {},
    // JIT compilation added tens of ms to coverage queries and saved nothing at this size.
    // Behind Hyperdrive the timeouts are not sent: whether its pooler passes them on is unverified.
    connection: opts.sessionSettings === false ? { TimeZone: 'Asia/Shanghai' } : { application_name: 'liangxin-bot', TimeZone: 'Asia/Shanghai', jit: 'off', ...timeouts },
  });
  // A reset connection must fail its transaction, never the process (postgres-close-guard.ts).
  const db = drizzle(guardClosedConnections(client), { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async ping(timeoutMs = 2000) {
      try {
        await withTimeout(db.execute(sql`select 1`), timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
