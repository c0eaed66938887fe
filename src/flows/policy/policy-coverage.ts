/**
 * How the region's party-org coverage would move under a new policy, shown in the preview when it
 * is cheap: only when the rules coverage is counted by differ (basis, 兼合式 counting, 规模以上
 * lines), never on the frozen basis, and counted from the rows (one GROUP BY over the region's
 * orgs) so a preview builds no rollup variant and writes nothing.
 */
import type { Db, Tx } from '../../db/database.ts';
import { coverageRows } from '../../db/ledger/coverage-query.ts';
import { variantKey, variantOf } from '../../db/ledger/coverage-rollup-store.ts';
import type { Policy } from '../../domain/policy/index.ts';
import { buildCoverageReport, formatRate } from '../../ledger/coverage-report.ts';
import { coverageRulesOf, type CoverageRules } from '../../ledger/ledger-rules.ts';

async function partyOrgRate(db: Db | Tx, code: string, rules: CoverageRules, asOf: string): Promise<string | null> {
  const rows = await coverageRows(db, code, rules, 'rows');
  if (!rows.some((r) => r.code === code)) return null;
  const f = buildCoverageReport(rows, code, rules.basis, asOf).total;
  return formatRate(f.partyOrg, f.inScope);
}

export async function coverageShift(db: Db | Tx, code: string, before: Policy, after: Policy, asOf: string): Promise<{ before: string; after: string } | null> {
  const b = coverageRulesOf(before);
  const a = coverageRulesOf(after);
  if (b.basis === 'frozen' || a.basis === 'frozen') return null;
  if (variantKey(variantOf(b)) === variantKey(variantOf(a))) return null;
  const [rb, ra] = [await partyOrgRate(db, code, b, asOf), await partyOrgRate(db, code, a, asOf)];
  return rb === null || ra === null ? null : { before: rb, after: ra };
}
