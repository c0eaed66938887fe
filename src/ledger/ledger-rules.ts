/**
 * The policy as the ledger's queries need it. Coverage is computed under the policy of the region
 * asked about, for its whole subtree, so that the children add up to the total; the compliance
 * checks apply each org's own regional thresholds, so a street that overrides a number is judged
 * by it. Both come from the PolicyBook (`of`, `within`): no number is held here.
 */
import type { Clock } from '../clock.ts';
import type { CoverageBasis, Policy, PolicyBook } from '../domain/policy/index.ts';

/** What a ledger figure is computed under: the time (for "today") and the policy book in force. */
export interface InForce {
  clock: Clock;
  policy: PolicyBook;
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
