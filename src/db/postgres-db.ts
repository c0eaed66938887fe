import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { sql } from 'drizzle-orm';
import * as schema from './schema/index.ts';
import { withTimeout, type Database, type Db } from './database.ts';

export interface PostgresOptions {
  /** Pool size: a pool on Node, a handful per request on Workers (Hyperdrive pools for us). */
  max?: number;
  /** Workers: skip the type lookup round trip on every new connection. */
  fetchTypes?: boolean;
  /** Startup parameters beyond the basics; off behind Hyperdrive, which pools connections for us. */
  sessionSettings?: boolean;
}

/**
 * postgres.js reconnects by itself: a query after the server came back opens a new connection,
 * so the service keeps running through a database restart.
 */
export function createPostgresDb(url: string, opts: PostgresOptions = {}): Database {
  const client = postgres(url, {
    max: opts.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 5,
    fetch_types: opts.fetchTypes ?? true,
    onnotice: () => {},
    // JIT compilation added tens of ms to coverage queries and saved nothing at this size.
    connection: opts.sessionSettings === false ? { TimeZone: 'Asia/Shanghai' } : { application_name: 'liangxin-bot', TimeZone: 'Asia/Shanghai', jit: 'off' },
  });
  const db = drizzle(client, { schema }) as unknown as Db;
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
