/**
 * A migrated PGlite data directory with every region loaded, built once per schema version and
 * PGlite version under node_modules/.cache (by `npm ci`'s postinstall, src/runtime/postinstall.ts).
 * A first start on an empty DATA_DIR copies it instead of running initdb, the migrations and the
 * 44,703-row region load. Measured on these 2 cores under others' load (issue 12): initdb ~6 s,
 * restoring a gzip dump with PGlite's loadDataDir ~1.9 s, copying this directory and opening it ~1 s.
 *
 * Only a shortcut: `migrate` still runs after the copy, so a template that is missing, stale or
 * broken costs time and nothing else.
 */
import { createHash, type Hash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

let fingerprint: string | undefined;

/** Feeds every file below `dir` (names and contents, in a stable order) into a hash. */
export function hashTree(h: Hash, dir: string): void {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) hashTree(h, p);
    else h.update(f).update(readFileSync(p));
  }
}

/** What the dump depends on: the engine that wrote it, the migrations and the region extract. */
function templateFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash('sha256');
  h.update(JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version as string);
  hashTree(h, join(root, 'migrations'));
  for (const f of ['divisions.txt', 'ensure-regions.ts']) h.update(f).update(readFileSync(join(root, 'src/db/regions', f)));
  fingerprint = h.digest('hex').slice(0, 16);
  return fingerprint;
}

export function pgliteTemplateDir(): string {
  return join(root, 'node_modules/.cache/liangxin-bot', `pglite-${templateFingerprint()}`);
}

/** How a PGlite directory will be opened: as it is, from the template, or by a fresh initdb. */
export type PgliteOpening = 'existing' | 'template' | 'initdb';

export function pgliteOpening(dir: string): PgliteOpening {
  // A directory with files but no cluster is someone else's (or a broken initdb): PGlite decides.
  if (existsSync(dir) && readdirSync(dir).length > 0) return 'existing';
  try {
    return existsSync(join(pgliteTemplateDir(), 'PG_VERSION')) ? 'template' : 'initdb';
  } catch {
    return 'initdb'; // no node_modules next to the sources (a bundled deployment)
  }
}

/** Copies the template into `dir` when `dir` is empty and a template for this schema exists. */
export function copyPgliteTemplate(dir: string): boolean {
  if (pgliteOpening(dir) !== 'template') return false;
  cpSync(pgliteTemplateDir(), dir, { recursive: true });
  return true;
}

/** Removes what a failed start left behind, so the fallback starts from an empty directory. */
export function clearPgliteDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Builds the template for the current schema unless it exists; returns its path. Older templates
 * in the cache are removed (they can never match again). Built aside and renamed into place, so
 * a concurrent start never copies half a template.
 */
export async function buildPgliteTemplate(): Promise<{ path: string; built: boolean }> {
  const path = pgliteTemplateDir();
  if (existsSync(join(path, 'PG_VERSION'))) return { path, built: false };
  const { createPgliteDb } = await import('./pglite-db.ts');
  const { migrate } = await import('./migrate.ts');
  const cache = dirname(path);
  mkdirSync(cache, { recursive: true });
  const building = `${path}.building-${process.pid}`;
  try {
    const d = await createPgliteDb(building);
    try {
      await migrate(d.db);
    } finally {
      await d.close();
    }
    renameSync(building, path);
    for (const f of readdirSync(cache)) if (f.startsWith('pglite-') && !f.includes('.building-') && join(cache, f) !== path) rmSync(join(cache, f), { recursive: true, force: true });
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return { path, built: true };
}
