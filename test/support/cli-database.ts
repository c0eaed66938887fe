import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, type TestDatabase } from './test-db.ts';

/**
 * A database of its own for a CLI test file, handed to the CLI the way an operator would: a
 * DATABASE_URL on PostgreSQL runs, a DATA_DIR for embedded PGlite otherwise. `dir` is a scratch
 * folder for input and output files, removed afterwards.
 */
export function cliDatabase(prefix: string): { dir: string; env(): Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let t: TestDatabase | undefined;
  let env: Record<string, string> = {};
  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      t = await createTestDb();
      env = { DATABASE_URL: t.url!, LOG_LEVEL: 'silent' };
    } else {
      env = { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
    }
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, env: () => env };
}
