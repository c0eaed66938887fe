/**
 * The policy in force in a region: the national defaults, then every override of an ancestor
 * region from the widest to the narrowest, then the region's own. A district's settings reach its
 * streets unless a street overrides them.
 *
 * Region codes (GB/T 2260 plus the NBS township part): province = 2 digits, city = 4, county = 6,
 * township = 9, so a region's ancestors are its prefixes of those lengths. Padded forms are
 * accepted and shortened (370000 → 37, 370100 → 3701, 370112020000 → 370112020) because an
 * override keyed by a padded code would otherwise never match and be ignored without a word.
 */
import { NATIONAL_DEFAULTS } from './national-defaults.ts';
import { policySchema, type Policy } from './policy-schema.ts';

/** Objects become optional all the way down; arrays are replaced whole, never merged. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export interface PolicyOverride {
  regionCode: string;
  settings: DeepPartial<Policy>;
  /** Shown to officers next to the figures it changes. */
  name?: string;
  /** The document it comes from. */
  source?: string;
}

export class PolicyError extends Error {
  constructor(
    message: string,
    readonly issues: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}

const LEVEL_LENGTHS = [2, 4, 6, 9] as const;

/** The canonical 2/4/6/9-digit form of a region code; throws on anything else. */
export function normalizeRegionCode(code: string): string {
  let c = code.trim();
  if (!/^\d+$/.test(c)) throw new RangeError(`region code must be digits: ${JSON.stringify(code)}`);
  if (c.length === 12 && c.endsWith('000')) c = c.slice(0, 9);
  if (c.length === 9 && c.endsWith('000')) c = c.slice(0, 6);
  if (c.length === 6 && c.endsWith('00')) c = c.slice(0, 4);
  if (c.length === 4 && c.endsWith('00')) c = c.slice(0, 2);
  if (!(LEVEL_LENGTHS as readonly number[]).includes(c.length) || /^0+$/.test(c)) {
    throw new RangeError(`not a province/city/county/township code: ${JSON.stringify(code)}`);
  }
  return c;
}

/** The region and its ancestors, widest first: '370112020' → ['37', '3701', '370112', '370112020']. */
export function regionLineage(code: string): string[] {
  const c = normalizeRegionCode(code);
  return LEVEL_LENGTHS.filter((n) => n <= c.length).map((n) => c.slice(0, n));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and plain values replace; `undefined` means "not set". */
function merge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (!isPlainObject(patch) || !isPlainObject(base)) return structuredClone(patch);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    // defineProperty, not assignment: a "__proto__" key from stored JSON must stay a plain
    // (and, to the strict schema, unknown) key instead of swapping the object's prototype.
    const own = Object.prototype.hasOwnProperty.call(base, k) ? base[k] : undefined;
    Object.defineProperty(out, k, { value: merge(own, v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** An override with a patch laid over it the way resolvePolicy merges (a chat edit onto the stored one). */
export function mergeOverride(base: DeepPartial<Policy>, patch: DeepPartial<Policy>): DeepPartial<Policy> {
  return merge(base, patch) as DeepPartial<Policy>;
}

function parse(candidate: unknown, context: string): Policy {
  const result = policySchema.safeParse(candidate);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const detail = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
  throw new PolicyError(`invalid policy ${context}: ${detail}`, issues);
}

/**
 * The policy for a region. Overrides that match the same region apply in array order (later
 * wins). Throws PolicyError when the merged result breaks the schema (a misspelt key, a wrong
 * type) and RangeError on a malformed region code: a bad setting must stop the caller, not be
 * quietly replaced by a default. Check overrides when they are saved with validatePolicyOverride.
 */
export function resolvePolicy(
  regionCode: string,
  overrides: ReadonlyArray<Pick<PolicyOverride, 'regionCode' | 'settings'>>,
  base: Policy = NATIONAL_DEFAULTS,
): Policy {
  const lineage = regionLineage(regionCode);
  const applicable = overrides
    .map((o, index) => ({ o, index, depth: lineage.indexOf(normalizeRegionCode(o.regionCode)) }))
    .filter((x) => x.depth >= 0)
    .sort((a, b) => a.depth - b.depth || a.index - b.index);
  let merged: unknown = base;
  for (const { o } of applicable) merged = merge(merged, o.settings);
  const applied = applicable.map((x) => x.o.regionCode).join(', ');
  return parse(merged, `for region ${regionCode}${applied ? ` (overrides: ${applied})` : ''}`);
}

/** Check one override on its own (onto the national defaults) before it is stored. */
export function validatePolicyOverride(
  override: Pick<PolicyOverride, 'regionCode' | 'settings'>,
): { ok: true } | { ok: false; issues: Array<{ path: string; message: string }> } {
  try {
    normalizeRegionCode(override.regionCode);
  } catch (e) {
    return { ok: false, issues: [{ path: 'regionCode', message: (e as Error).message }] };
  }
  try {
    parse(merge(NATIONAL_DEFAULTS, override.settings), `override ${override.regionCode}`);
    return { ok: true };
  } catch (e) {
    if (e instanceof PolicyError) return { ok: false, issues: e.issues };
    throw e;
  }
}
