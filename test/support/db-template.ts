import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashTree } from '../../src/db/pglite-template.ts';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Changes whenever a migration or the region extract changes, so stale templates are rebuilt. */
export function schemaFingerprint(): string {
  const h = createHash('sha256');
  hashTree(h, join(root, 'migrations'));
  hashTree(h, join(root, 'src/db/regions'));
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
