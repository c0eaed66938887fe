/**
 * The coverage answer in the JSON shape of interfaces.md, built from the counted rows, and the
 * rates as shown to people: one decimal place, rounded half up on exact integers (1710/2400 is
 * 71.25%, shown 71.3%), with numerator and denominator alongside.
 */
import type { OrgKind } from '../db/schema/ledger.ts';
import type { SupportedBasis } from './ledger-rules.ts';

export interface Figures {
  inScope: number;
  partyOrg: number;
  standalone: number;
  work: number;
}

export interface CoverageGroup {
  total: Figures;
  enterprise: Figures;
  socialOrg: Figures;
}

export interface RegionRef {
  code: string;
  name: string;
}

/** The frozen base list a `frozen` answer counted (named only on that basis). */
export interface BaseRef {
  name: string;
  frozenOn: string;
}

export interface CoverageReport extends CoverageGroup {
  region: RegionRef;
  basis: SupportedBasis;
  base?: BaseRef;
  asOf: string;
  children: Array<{ region: RegionRef } & CoverageGroup>;
}

export interface CountedRow extends Figures {
  code: string;
  name: string;
  kind: OrgKind | null;
}

const zero = (): Figures => ({ inScope: 0, partyOrg: 0, standalone: 0, work: 0 });
const group = (): CoverageGroup => ({ total: zero(), enterprise: zero(), socialOrg: zero() });

function add(g: CoverageGroup, r: CountedRow) {
  if (!r.kind) return;
  const part = r.kind === 'enterprise' ? g.enterprise : g.socialOrg;
  for (const k of ['inScope', 'partyOrg', 'standalone', 'work'] as const) {
    part[k] += r[k];
    g.total[k] += r[k];
  }
}

/** Rows of coverageRows (the region's own row and its children's) → the report. */
export function buildCoverageReport(rows: CountedRow[], regionCode: string, basis: SupportedBasis, asOf: string, base?: BaseRef): CoverageReport {
  const own = rows.find((r) => r.code === regionCode);
  if (!own) throw new Error(`region ${regionCode} missing from its coverage rows`);
  const total = group();
  const children = new Map<string, { region: RegionRef } & CoverageGroup>();
  for (const r of rows) {
    add(total, r);
    if (r.code === regionCode) continue;
    let c = children.get(r.code);
    if (!c) children.set(r.code, (c = { region: { code: r.code, name: r.name }, ...group() }));
    add(c, r);
  }
  const named = base ? { base: { name: base.name, frozenOn: base.frozenOn } } : {};
  return { region: { code: own.code, name: own.name }, basis, ...named, asOf, ...total, children: [...children.values()] };
}

/** count ÷ inScope as a percentage with one decimal, or null when nothing is in scope. */
export function ratePercent(count: number, inScope: number): number | null {
  if (inScope <= 0) return null;
  return Math.round((count * 1000) / inScope) / 10;
}

/** `71.3%`, or `—` when the denominator is zero. */
export function formatRate(count: number, inScope: number): string {
  const r = ratePercent(count, inScope);
  return r === null ? '—' : `${r.toFixed(1)}%`;
}

export const RATES = [
  { key: 'partyOrg', label: 'ledger.rate.party_org' },
  { key: 'standalone', label: 'ledger.rate.standalone' },
  { key: 'work', label: 'ledger.rate.work' },
] as const;
