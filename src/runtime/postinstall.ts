/**
 * `npm ci`'s postinstall: prebuilds the PGlite template (src/db/pglite-template.ts), so the first
 * `npm start` on an empty DATA_DIR restores it instead of running initdb and loading the regions.
 * Never fails the install: without the template a first start is only slower.
 */
import { buildPgliteTemplate } from '../db/pglite-template.ts';

const started = Date.now();
try {
  const r = await buildPgliteTemplate();
  if (r.built) process.stdout.write(`liangxin-bot: prebuilt the embedded database for a fast first start (${Date.now() - started} ms)\n`);
} catch (e) {
  process.stderr.write(`liangxin-bot: could not prebuild the embedded database, the first start will take longer: ${(e as Error).message}\n`);
}
process.exit(0);
