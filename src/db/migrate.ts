import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Db } from './database.ts';
import { ensureRegions } from './regions/ensure-regions.ts';

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Applies the committed drizzle-kit migrations (append-only) and then the region table, so that
 * every division code is present after `migrate`. Safe to run again: applied steps are skipped.
 */
export async function migrate(db: Db, onPhase: (phase: 'migrations' | 'regions') => void = () => {}): Promise<{ regionsLoaded: number }> {
  onPhase('migrations');
  const migrations = readMigrationFiles({ migrationsFolder });
  // Both drivers' migrators are this one call; going through the dialect keeps one code path.
  const d = db as unknown as { dialect: { migrate(m: unknown, s: unknown, c: unknown): Promise<void> }; session: unknown };
  await d.dialect.migrate(migrations, d.session, { migrationsFolder });
  onPhase('regions');
  const regionsLoaded = await ensureRegions(db);
  return { regionsLoaded };
}
