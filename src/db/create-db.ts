import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import type { Database } from './database.ts';
import { clearPgliteDir, copyPgliteTemplate } from './pglite-template.ts';
import { createPostgresDb, type PostgresRole } from './postgres-db.ts';

/**
 * Node's factory: postgres.js when DATABASE_URL is set, else embedded PGlite in DATA_DIR, restored
 * copied from the prebuilt template when the directory is empty (see pglite-template.ts).
 * (The Worker builds its own postgres.js client from the Hyperdrive binding.)
 */
export const pgliteDirOf = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'pglite');

export async function createDb(config: Pick<Config, 'databaseUrl' | 'dataDir'>, role: PostgresRole = 'request'): Promise<Database> {
  if (config.databaseUrl) return createPostgresDb(config.databaseUrl, { role });
  const { createPgliteDb } = await import('./pglite-db.ts');
  const dir = pgliteDirOf(config);
  if (!copyPgliteTemplate(dir)) return createPgliteDb(dir);
  try {
    return await createPgliteDb(dir);
  } catch {
    // A broken template (a cache damaged by hand) must not stop a first start: initdb instead.
    clearPgliteDir(dir);
    return createPgliteDb(dir);
  }
}
