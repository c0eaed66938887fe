import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Changes whenever a migration or the region extract changes, so stale templates are rebuilt. */
export function schemaFingerprint(): string {
  const h = createHash('sha256');
  const add = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) add(p);
      else h.update(f).update(readFileSync(p));
    }
  };
  add(join(root, 'migrations'));
  add(join(root, 'src/db/regions'));
  return h.digest('hex').slice(0, 12);
}

export const pgliteTemplatePath = (fp: string) => join(root, 'node_modules/.cache/liangxin-test', `pglite-${fp}.tar.gz`);
export const pgTemplateName = (fp: string) => `lx_template_${fp}`;

/** The server URL with another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
