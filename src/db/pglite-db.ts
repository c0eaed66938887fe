import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { sql } from 'drizzle-orm';
import * as schema from './schema/index.ts';
import type { Database, Db } from './database.ts';

/**
 * Embedded PostgreSQL (Node only: PGlite does not start under workerd). One connection, so
 * transactions must use their own `tx` handle.
 */
export async function createPgliteDb(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir ?? 'memory://', loadDataDir ? { loadDataDir } : {});
  await client.waitReady;
  await client.exec(`set time zone 'Asia/Shanghai'`);
  const db = drizzle(client, { schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: 'pglite',
    client,
    async ping() {
      if (closed) return false;
      try {
        await db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  } as Database & { client: PGlite };
}
