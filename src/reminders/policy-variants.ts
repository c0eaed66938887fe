/**
 * The few distinct policies in force, so set-based SQL can apply regional rules without a query
 * per region: every override region code starts a variant that holds for its whole subtree unless
 * a deeper override starts another. A party org takes the variant of the longest override code
 * that prefixes its region code (the national defaults when none does) — exactly what
 * resolvePolicy would give for its region, since only override levels change anything.
 */
import { NATIONAL_DEFAULTS, normalizeRegionCode, resolvePolicy, type Policy, type PolicyOverride } from '../domain/policy/index.ts';

export interface Variant {
  idx: number;
  /** '' for the national defaults. */
  prefix: string;
  policy: Policy;
}

export interface Variants {
  list: Variant[];
  /** The variant of a region code (longest matching prefix). */
  of(regionCode: string): Variant;
}

export function buildVariants(overrides: ReadonlyArray<Pick<PolicyOverride, 'regionCode' | 'settings'>>): Variants {
  const codes = new Set<string>();
  for (const o of overrides) {
    try {
      codes.add(normalizeRegionCode(o.regionCode));
    } catch {
      // resolvePolicy ignores an override that matches no region; so does this.
    }
  }
  const list: Variant[] = [{ idx: 0, prefix: '', policy: NATIONAL_DEFAULTS }];
  for (const code of [...codes].sort()) list.push({ idx: list.length, prefix: code, policy: resolvePolicy(code, overrides) });
  // Longest prefix first, so the first match is the right one.
  const byLength = [...list].sort((a, b) => b.prefix.length - a.prefix.length);
  return {
    list,
    of: (regionCode) => byLength.find((v) => regionCode.startsWith(v.prefix))!,
  };
}
