/**
 * Coverage for CLI, API and chat alike: the policy of the region names the basis (unless the
 * caller asks for another), one query counts the region and its children, and the answer says
 * which basis it used. The lists behind the figures use the same rules.
 */
import type { Db, Tx } from '../db/database.ts';
import { findCoveringBase, type CoverageBaseRef } from '../db/ledger/coverage-base-store.ts';
import { getRegion } from '../db/regions/region-store.ts';
import { coverageRows, figureListPage, type CountSource, type ListCursor, type OrgListItem, type Page } from '../db/ledger/coverage-query.ts';
import type { KindFilter, OrgListKey } from '../db/ledger/coverage-predicates.ts';
import { normalizeRegionCode } from '../domain/policy/index.ts';
import { shanghaiDate } from '../domain/shanghai-date.ts';
import { buildCoverageReport, type CoverageReport } from './coverage-report.ts';
import { coverageRulesOf, type CoverageRules, type InForce, type SupportedBasis } from './ledger-rules.ts';

export class UnknownRegionError extends Error {
  constructor(readonly code: string) {
    super(`unknown region code: ${code}`);
  }
}

/** The canonical code (370112000 → 370112), or UnknownRegionError for anything that is not a code. */
export function canonicalRegionCode(code: string): string {
  try {
    return normalizeRegionCode(code);
  } catch {
    throw new UnknownRegionError(code);
  }
}

/** The frozen basis was asked for (or is the policy's) but no base list covers the region. */
export class NoFrozenBaseError extends Error {
  constructor(
    readonly regionCode: string,
    readonly baseName?: string,
  ) {
    super(baseName === undefined ? `no frozen base list covers region ${regionCode}` : `no frozen base list named ${baseName} covers region ${regionCode}`);
  }
}

/**
 * The rules for a region: the basis asked for, else the policy's; naming a base implies the
 * frozen basis. On the frozen basis, the base named or else the newest one covering the region.
 */
export async function coverageRulesWithBase(
  db: Db | Tx,
  at: InForce,
  regionCode: string,
  basis?: SupportedBasis,
  baseName?: string,
): Promise<{ rules: CoverageRules; base: CoverageBaseRef | null }> {
  const policy = at.policy.of(regionCode);
  const wanted = basis ?? (baseName !== undefined ? 'frozen' : policy.coverage.basis);
  if (wanted !== 'frozen') return { rules: coverageRulesOf(policy, wanted), base: null };
  const base = await findCoveringBase(db, regionCode, baseName);
  if (!base) {
    if (!(await getRegion(db as Db, regionCode))) throw new UnknownRegionError(regionCode);
    throw new NoFrozenBaseError(regionCode, baseName);
  }
  return { rules: coverageRulesOf(policy, 'frozen', base.id), base };
}

export async function coverageRulesFor(db: Db | Tx, at: InForce, regionCode: string, basis?: SupportedBasis, baseName?: string): Promise<CoverageRules> {
  return (await coverageRulesWithBase(db, at, regionCode, basis, baseName)).rules;
}

/** Throws UnknownRegionError, or NoFrozenBaseError on the frozen basis without a base list. */
/** Counted from the rollups; `source: 'rows'` counts the orgs themselves (the bench's reference). */
export async function computeCoverage(db: Db | Tx, at: InForce, code: string, basis?: SupportedBasis, opts: { base?: string; source?: CountSource } = {}): Promise<CoverageReport> {
  const regionCode = canonicalRegionCode(code);
  const { rules, base } = await coverageRulesWithBase(db, at, regionCode, basis, opts.base);
  const rows = await coverageRows(db, regionCode, rules, opts.source);
  if (!rows.some((r) => r.code === regionCode)) throw new UnknownRegionError(code);
  return buildCoverageReport(rows, regionCode, rules.basis, shanghaiDate(at.clock.now()), base ?? undefined);
}

/** A page of the orgs behind a figure: after a cursor (the previous page's `next`), or at an offset. */
export async function coverageList(
  db: Db | Tx,
  at: InForce,
  q: { regionCode: string; list: OrgListKey; kind: KindFilter; basis?: SupportedBasis; base?: string; limit: number; offset?: number; after?: ListCursor },
): Promise<Page<OrgListItem> & { next: ListCursor | null }> {
  const rules = await coverageRulesFor(db, at, q.regionCode, q.basis, q.base);
  return figureListPage(db, q.regionCode, rules, q.list, q.kind, { limit: q.limit, offset: q.offset, after: q.after });
}
