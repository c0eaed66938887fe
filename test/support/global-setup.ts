import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { createPgliteDb } from '../../src/db/pglite-db.ts';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { pgTemplateName, pgliteTemplatePath, schemaFingerprint, withDatabase } from './db-template.ts';

/**
 * Builds one migrated database (with regions) per schema version, once: a PostgreSQL template
 * database when DATABASE_URL is set, else a PGlite data-dir dump. Each test file then clones it in
 * well under a second instead of migrating (PGlite's initdb alone takes ~4 s).
 */
export default async function setup() {
  const fp = schemaFingerprint();
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = pgTemplateName(fp);
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      // Templates of older schema versions are garbage now, but only a CI run may say so: on a
      // developer's machine several checkouts (branches) share one server and each needs its own.
      const stale = process.env.CI !== 'true' ? [] : await admin`select datname from pg_database where datname like 'lx_template_%' and datname <> ${name} and datname not like '%_building_%'`;
      for (const s of stale) await admin.unsafe(`drop database if exists "${s.datname}" with (force)`).catch(() => {});
      const found = await admin`select 1 from pg_database where datname = ${name}`;
      if (found.length === 0) {
        const tmp = `${name}_building_${process.pid}`;
        await admin.unsafe(`drop database if exists "${tmp}"`);
        await admin.unsafe(`create database "${tmp}"`);
        const d = createPostgresDb(withDatabase(url, tmp), { max: 1 });
        await migrate(d.db);
        await d.close();
        // rename is atomic: a concurrent run never sees a half-built template
        await admin.unsafe(`alter database "${tmp}" rename to "${name}"`).catch(async () => {
          await admin.unsafe(`drop database if exists "${tmp}"`);
        });
      }
    } finally {
      await admin.end();
    }
    return;
  }
  const path = pgliteTemplatePath(fp);
  if (existsSync(path)) return;
  for (const f of process.env.CI === 'true' && existsSync(dirname(path)) ? readdirSync(dirname(path)) : []) {
    if (f.startsWith('pglite-') && f.endsWith('.tar.gz')) rmSync(join(dirname(path), f), { force: true });
  }
  mkdirSync(dirname(path), { recursive: true });
  const d = (await createPgliteDb(undefined)) as Awaited<ReturnType<typeof createPgliteDb>> & {
    client: { dumpDataDir(c: 'gzip'): Promise<Blob> };
  };
  await migrate(d.db);
  const blob = await d.client.dumpDataDir('gzip');
  writeFileSync(`${path}.tmp`, Buffer.from(await blob.arrayBuffer()));
  renameSync(`${path}.tmp`, path);
  await d.close();
}
