/**
 * The read-only API (interfaces.md): `GET /coverage?region=CODE[&basis=NAME][&base=NAME]`
 * (`base` names a frozen base list and implies basis=frozen), mounted by the
 * runtime at /api/v1. Off (404) unless API_TOKEN is set; a request without the right bearer
 * token gets 401. Tokens are compared as SHA-256 digests in constant time, so neither where they
 * differ nor the configured token's length shows in the timing.
 */
import { Hono } from 'hono';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { computeCoverage, NoFrozenBaseError, UnknownRegionError } from '../ledger/coverage-service.ts';
import { isSupportedBasis, SUPPORTED_BASES } from '../ledger/ledger-rules.ts';
import { constantTimeEqual } from './feishu-crypto.ts';
import { loadPolicyBook } from '../db/stores/policy-book-store.ts';

export interface ApiDeps {
  database: Database;
  clock: Clock;
  apiToken?: string;
}

const encoder = new TextEncoder();

async function digest(s: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(s)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function apiRoutes(deps: ApiDeps): Hono {
  const app = new Hono();
  const expected = deps.apiToken ? digest(deps.apiToken) : null;

  app.use('*', async (c, next) => {
    if (!expected) return c.json({ error: 'not found' }, 404);
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    const given = await digest(m ? m[1]!.trim() : '');
    // Always compare, even when the header is missing, so the answer takes the same time.
    const ok = constantTimeEqual(given, await expected) && !!m;
    if (!ok) {
      c.header('WWW-Authenticate', 'Bearer realm="api"');
      return c.json({ error: 'unauthorized' }, 401);
    }
    await next();
  });

  app.get('/coverage', async (c) => {
    const region = (c.req.query('region') ?? '').trim();
    const basis = c.req.query('basis');
    const base = c.req.query('base');
    if (!/^\d{2}(\d{2}(\d{2}(\d{3})?)?)?$/.test(region)) {
      return c.json({ error: 'bad region: expected a 2, 4, 6 or 9 digit division code' }, 400);
    }
    if (basis !== undefined && !isSupportedBasis(basis)) {
      return c.json({ error: `bad basis: expected one of ${SUPPORTED_BASES.join(', ')}` }, 400);
    }
    if (base !== undefined && (base.trim() === '' || (basis !== undefined && basis !== 'frozen'))) {
      return c.json({ error: 'bad base: a base names a frozen base list, with basis=frozen or no basis' }, 400);
    }
    try {
      // The policy book per API request: an override written a moment ago is in force.
      const at = { clock: deps.clock, policy: await loadPolicyBook(deps.database.db) };
      const report = await computeCoverage(deps.database.db, at, region, basis, { base: base?.trim() });
      return c.json(report);
    } catch (e) {
      if (e instanceof UnknownRegionError) return c.json({ error: `bad region: ${region} is not a known division code` }, 400);
      if (e instanceof NoFrozenBaseError) {
        const which = e.baseName === undefined ? 'no frozen base list covers' : `no frozen base list named "${e.baseName}" covers`;
        return c.json({ error: `bad basis: frozen: ${which} region ${region}; freeze one with \`cli freeze-base\`` }, 400);
      }
      throw e;
    }
  });

  return app;
}
