/**
 * The policy book: every policy in force, built from the national defaults, the regional presets
 * written as overrides and the stored rows of policy_overrides. Pure and immutable, so it is
 * loaded once per request, tick or job (db/stores/policy-book-store.ts) and handed down: nothing
 * caches it across requests, so a written override is seen by the very next one.
 */
import { NATIONAL_DEFAULTS } from './national-defaults.ts';
import type { Policy } from './policy-schema.ts';
import { normalizeRegionCode, resolvePolicy, type PolicyOverride } from './resolve-policy.ts';

type Overrides = ReadonlyArray<Pick<PolicyOverride, 'regionCode' | 'settings'>>;

/**
 * One distinct policy in force, for set-based SQL: every override code starts a variant that holds
 * for its whole subtree unless a deeper override starts another.
 */
export interface Variant {
  idx: number;
  /** '' for the national defaults. */
  prefix: string;
  policy: Policy;
}

export interface Variants {
  /** The national defaults first, then one per override code (sorted). */
  list: Variant[];
  /** The variant of a region code (longest matching prefix) — what `of` gives for it. */
  of(regionCode: string): Variant;
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

export interface PolicyBook {
  /** The national defaults (one schedule per deployment: digest hour, send window). */
  readonly national: Policy;
  /** The overrides the book was built from (a preview lays a candidate over them). */
  readonly overrides: Overrides;
  /** The policy in force at a region; a code that is no division code gets the national defaults. */
  of(regionCode: string): Policy;
  /** The few distinct policies in force, for queries that apply regional rules in SQL. */
  readonly variants: Variants;
  /** The region's policy and those of the overriding regions inside it (the compliance checks). */
  within(rootCode: string): RegionalPolicies;
}

export function policyBook(overrides: Overrides): PolicyBook {
  // Resolving validates the whole policy, which costs more than a county's coverage query: a
  // district's orgs share a handful of codes, so each is resolved once per book.
  const resolved = new Map<string, Policy>();
  const of = (regionCode: string): Policy => {
    let p = resolved.get(regionCode);
    if (!p) {
      try {
        p = resolvePolicy(regionCode, overrides);
      } catch (e) {
        // A code that is no division code has no override that could reach it; a broken override
        // (PolicyError) must stop the caller, so only RangeError falls back.
        if (!(e instanceof RangeError)) throw e;
        p = NATIONAL_DEFAULTS;
      }
      resolved.set(regionCode, p);
    }
    return p;
  };
  const codes = new Set<string>();
  for (const o of overrides) {
    try {
      codes.add(normalizeRegionCode(o.regionCode));
    } catch {
      // resolvePolicy ignores an override that matches no region; so does the book.
    }
  }
  let variants: Variants | undefined;
  return {
    national: NATIONAL_DEFAULTS,
    overrides,
    of,
    get variants() {
      return (variants ??= variantsOf([...codes].sort(), of));
    },
    within(rootCode) {
      const inside = [...codes].filter((c) => c.length > rootCode.length && c.startsWith(rootCode));
      const nested = inside.sort((a, b) => b.length - a.length || a.localeCompare(b)).map((code) => ({ code, policy: of(code) }));
      return { rootCode, root: of(rootCode), nested };
    },
  };
}

/** A party org takes the variant of the longest override code prefixing its region — what `of` gives. */
function variantsOf(codes: string[], of: (code: string) => Policy): Variants {
  const list: Variant[] = [{ idx: 0, prefix: '', policy: NATIONAL_DEFAULTS }];
  for (const code of codes) list.push({ idx: list.length, prefix: code, policy: of(code) });
  const byLength = [...list].sort((a, b) => b.prefix.length - a.prefix.length);
  return { list, of: (regionCode) => byLength.find((v) => regionCode.startsWith(v.prefix))! };
}
