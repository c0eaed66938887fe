import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import type { Database } from './database.ts';
import { createPostgresDb, type PostgresRole } from './postgres-db.ts';

/**
 * Node's factory: postgres.js when DATABASE_URL is set, else embedded PGlite in DATA_DIR.
 * (The Worker builds its own postgres.js client from the Hyperdrive binding.)
 */
export async function createDb(config: Pick<Config, 'databaseUrl' | 'dataDir'>, role: PostgresRole = 'request'): Promise<Database> {
  if (config.databaseUrl) return createPostgresDb(config.databaseUrl, { role });
  const { createPgliteDb } = await import('./pglite-db.ts');
  return createPgliteDb(join(config.dataDir, 'pglite'));
}
