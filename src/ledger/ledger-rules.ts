/**
 * The policy as the ledger's queries need it. Coverage is computed under the policy of the region
 * asked about, for its whole subtree, so that the children add up to the total; the compliance
 * checks apply each org's own regional thresholds, so a street that overrides a number is judged
 * by it. Both come from resolvePolicy: no number is held here.
 */
import { resolvePolicy, type CoverageBasis, type Policy, type PolicyOverride } from '../domain/policy/index.ts';

type Overrides = ReadonlyArray<Pick<PolicyOverride, 'regionCode' | 'settings'>>;
const resolved = new WeakMap<Overrides, Map<string, Policy>>();

/**
 * resolvePolicy, remembered for as long as the same overrides list is in use (the store keeps one
 * list for a few seconds): resolving validates the whole policy, which costs more than a
 * county's coverage query.
 */
export function policyOf(regionCode: string, overrides: Overrides): Policy {
  let perList = resolved.get(overrides);
  if (!perList) resolved.set(overrides, (perList = new Map()));
  let p = perList.get(regionCode);
  if (!p) perList.set(regionCode, (p = resolvePolicy(regionCode, overrides)));
  return p;
}

/** The bases the engine computes; 'frozen' reads a campaign's base list (coverage_bases). */
export const SUPPORTED_BASES = ['operating', 'qualified', 'above_scale', 'frozen'] as const satisfies readonly CoverageBasis[];
export type SupportedBasis = (typeof SUPPORTED_BASES)[number];

export function isSupportedBasis(b: string): b is SupportedBasis {
  return (SUPPORTED_BASES as readonly string[]).includes(b);
}

export interface CoverageRules {
  basis: SupportedBasis;
  functionalCounts: boolean;
  minFormalMembers: number;
  countUntransferred: boolean;
  aboveScale: { minRevenueWanYuan: number; minEmployees: number };
  /** With basis 'frozen': the base list whose orgs are the denominator (coverage_bases.id). */
  frozenBaseId?: string;
}

export function coverageRulesOf(policy: Policy, basis?: SupportedBasis, frozenBaseId?: string): CoverageRules {
  const b = basis ?? policy.coverage.basis;
  return {
    basis: isSupportedBasis(b) ? b : 'operating',
    ...(frozenBaseId ? { frozenBaseId } : {}),
    functionalCounts: policy.coverage.functionalCounts,
    minFormalMembers: policy.formation.minFormalMembers,
    countUntransferred: policy.formation.countUntransferredMembers,
    aboveScale: { minRevenueWanYuan: policy.thresholds.aboveScale.minRevenueWanYuan, minEmployees: policy.thresholds.aboveScale.minEmployees },
  };
}

/**
 * The policy of a region and of every region inside it that has its own override, narrowest first:
 * an org is judged by the first entry whose code prefixes its region, else by the root.
 */
export interface RegionalPolicies {
  rootCode: string;
  root: Policy;
  nested: Array<{ code: string; policy: Policy }>;
}

export function regionalPolicies(rootCode: string, overrides: Overrides): RegionalPolicies {
  const root = policyOf(rootCode, overrides);
  const inside = [...new Set(overrides.map((o) => o.regionCode))].filter((c) => c.length > rootCode.length && c.startsWith(rootCode));
  const nested = inside.sort((a, b) => b.length - a.length || a.localeCompare(b)).map((code) => ({ code, policy: policyOf(code, overrides) }));
  return { rootCode, root, nested };
}

/** The policy an org in `regionCode` is judged by (the same choice the SQL CASE makes). */
export function policyFor(rp: RegionalPolicies, regionCode: string): Policy {
  return rp.nested.find((n) => regionCode.startsWith(n.code))?.policy ?? rp.root;
}
