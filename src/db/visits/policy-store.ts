/**
 * The policy in force for a region, with the overrides stored in policy_overrides (rules as data).
 * Overrides are read once per interaction and resolved per region code with a small cache: a
 * district's instructors and orgs usually share a handful of codes.
 *
 * Kept in the visits area because no shared loader existed when visits landed; when one appears
 * (src/db/stores/policy-store.ts or similar), this file should become a re-export of it.
 */
import { eq } from 'drizzle-orm';
import { policyOverrides } from '../schema/core.ts';
import type { Db, Tx } from '../database.ts';
import { resolvePolicy, type Policy, type PolicyOverride } from '../../domain/policy/index.ts';

export async function loadPolicyOverrides(db: Db | Tx): Promise<PolicyOverride[]> {
  const rows = await db
    .select({ regionCode: policyOverrides.regionCode, settings: policyOverrides.settings })
    .from(policyOverrides)
    .where(eq(policyOverrides.active, true));
  return rows.map((r) => ({ regionCode: r.regionCode, settings: r.settings as PolicyOverride['settings'] }));
}

export type PolicyOf = (regionCode: string) => Policy;

/** A resolver over the stored overrides: policyOf('370112020') → the policy there. */
export async function policyResolver(db: Db | Tx): Promise<PolicyOf> {
  const overrides = await loadPolicyOverrides(db);
  const cache = new Map<string, Policy>();
  return (regionCode) => {
    let p = cache.get(regionCode);
    if (!p) {
      p = resolvePolicy(regionCode, overrides);
      cache.set(regionCode, p);
    }
    return p;
  };
}
