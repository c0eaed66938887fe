/**
 * The policy in force for a region, with the overrides stored in policy_overrides (rules as data).
 * The overrides are read once per interaction (the ledger's loader) and resolved per region code
 * with a small cache: a district's instructors and orgs share a handful of codes.
 */
import type { Db, Tx } from '../database.ts';
import { NATIONAL_DEFAULTS, resolvePolicy, type Policy } from '../../domain/policy/index.ts';
import { loadPolicyOverrides } from '../ledger/policy-overrides-store.ts';

export { loadPolicyOverrides };

export type PolicyOf = (regionCode: string) => Policy;

/** A resolver over the stored overrides: policyOf('370112020') → the policy there. */
export async function policyResolver(db: Db | Tx): Promise<PolicyOf> {
  const overrides = await loadPolicyOverrides(db);
  const cache = new Map<string, Policy>();
  return (regionCode) => {
    let p = cache.get(regionCode);
    if (!p) {
      try {
        p = resolvePolicy(regionCode, overrides);
      } catch (e) {
        // A code that is no division code has no override that could reach it; a broken
        // override (PolicyError) must stop the caller, so only RangeError falls back.
        if (!(e instanceof RangeError)) throw e;
        p = NATIONAL_DEFAULTS;
      }
      cache.set(regionCode, p);
    }
    return p;
  };
}

/** Same resolver; the region list is not needed (the table is small and read whole). */
export async function loadPolicies(db: Db | Tx, _regionCodes: readonly string[] = []): Promise<PolicyOf> {
  return policyResolver(db);
}

export async function policyFor(db: Db | Tx, regionCode: string): Promise<Policy> {
  return (await policyResolver(db))(regionCode);
}
