/**
 * Coverage for CLI, API and chat alike: the policy of the region names the basis (unless the
 * caller asks for another), one query counts the region and its children, and the answer says
 * which basis it used. The lists behind the figures use the same rules.
 */
import type { Clock } from '../clock.ts';
import type { Db, Tx } from '../db/database.ts';
import { cachedPolicyOverrides } from '../db/ledger/policy-overrides-store.ts';
import { coverageRows, figureListPage, type OrgListItem, type Page } from '../db/ledger/coverage-query.ts';
import type { KindFilter, OrgListKey } from '../db/ledger/coverage-predicates.ts';
import { normalizeRegionCode } from '../domain/policy/index.ts';
import { shanghaiDate } from '../domain/shanghai-date.ts';
import { buildCoverageReport, type CoverageReport } from './coverage-report.ts';
import { coverageRulesOf, policyOf, type CoverageRules, type SupportedBasis } from './ledger-rules.ts';

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

export async function coverageRulesFor(db: Db | Tx, clock: Clock, regionCode: string, basis?: SupportedBasis): Promise<CoverageRules> {
  const overrides = await cachedPolicyOverrides(db, clock.now().getTime());
  return coverageRulesOf(policyOf(regionCode, overrides), basis);
}

export async function computeCoverage(db: Db | Tx, clock: Clock, code: string, basis?: SupportedBasis): Promise<CoverageReport> {
  const regionCode = canonicalRegionCode(code);
  const rules = await coverageRulesFor(db, clock, regionCode, basis);
  const rows = await coverageRows(db, regionCode, rules);
  if (!rows.some((r) => r.code === regionCode)) throw new UnknownRegionError(code);
  return buildCoverageReport(rows, regionCode, rules.basis, shanghaiDate(clock.now()));
}

export async function coverageList(
  db: Db | Tx,
  clock: Clock,
  q: { regionCode: string; list: OrgListKey; kind: KindFilter; basis?: SupportedBasis; limit: number; offset: number },
): Promise<Page<OrgListItem>> {
  const rules = await coverageRulesFor(db, clock, q.regionCode, q.basis);
  return figureListPage(db, q.regionCode, rules, q.list, q.kind, { limit: q.limit, offset: q.offset });
}
