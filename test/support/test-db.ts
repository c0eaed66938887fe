import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createPgliteDb } from '../../src/db/pglite-db.ts';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import type { Database } from '../../src/db/database.ts';
import { pgTemplateName, pgliteTemplatePath, schemaFingerprint, withDatabase } from './db-template.ts';

export interface TestDatabase extends Database {
  /** The database's own URL (PostgreSQL only), e.g. for a second pool racing the first. */
  url?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file (so files run in parallel):
 * a clone of the template database on PostgreSQL, or a PGlite loaded from the template dump.
 */
export async function createTestDb(): Promise<TestDatabase> {
  const fp = schemaFingerprint();
  const url = process.env.DATABASE_URL;
  if (!url) {
    const blob = new Blob([readFileSync(pgliteTemplatePath(fp))]);
    const d = await createPgliteDb(undefined, blob);
    return Object.assign(d, { drop: () => d.close() });
  }
  const name = `lx_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database "${name}" template "${pgTemplateName(fp)}"`);
      break;
    } catch (e) {
      // Two files cloning at the same instant can collide on the template; try again.
      if (attempt >= 10) throw e;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }
  const dbUrl = withDatabase(url, name);
  const d = createPostgresDb(dbUrl, { max: 4 });
  return Object.assign(d, {
    url: dbUrl,
    async drop() {
      await d.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  });
}
