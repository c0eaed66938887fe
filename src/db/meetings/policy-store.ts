import { and, eq, inArray } from 'drizzle-orm';
import { policyOverrides } from '../schema/core.ts';
import type { Db, Tx } from '../database.ts';
import { NATIONAL_DEFAULTS, regionLineage, resolvePolicy, type DeepPartial, type Policy } from '../../domain/policy/index.ts';

/** The lineage of a code, or just the code when it is not a division code (never throws). */
function lineageOf(code: string): string[] {
  try {
    return regionLineage(code);
  } catch {
    return [];
  }
}

/**
 * The policy in force for each of many regions, with one query for all their overrides (the
 * table is small; a region's override reaches everything under it). Returns a resolver that
 * caches per region code.
 */
export async function loadPolicies(db: Db | Tx, regionCodes: readonly string[]): Promise<(regionCode: string) => Policy> {
  const wanted = [...new Set(regionCodes.flatMap(lineageOf))];
  const rows = wanted.length
    ? await db
        .select({ regionCode: policyOverrides.regionCode, settings: policyOverrides.settings })
        .from(policyOverrides)
        .where(and(eq(policyOverrides.active, true), inArray(policyOverrides.regionCode, wanted)))
    : [];
  const overrides = rows.map((r) => ({ regionCode: r.regionCode, settings: r.settings as DeepPartial<Policy> }));
  const cache = new Map<string, Policy>();
  return (code) => {
    let p = cache.get(code);
    if (!p) {
      // A code that is no division code has no overrides that could reach it.
      p = lineageOf(code).length ? resolvePolicy(code, overrides) : NATIONAL_DEFAULTS;
      cache.set(code, p);
    }
    return p;
  };
}

export async function policyFor(db: Db | Tx, regionCode: string): Promise<Policy> {
  return (await loadPolicies(db, [regionCode]))(regionCode);
}
