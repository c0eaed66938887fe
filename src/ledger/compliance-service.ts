/**
 * The compliance lists of a region: which checks apply there (T4/T5 only where a policy turns
 * them on), how many rows each holds, and a page of any one of them.
 */
import type { Db, Tx } from '../db/database.ts';
import { complianceCounts, complianceList, type ComplianceItem } from '../db/ledger/compliance-query.ts';
import type { Page } from '../db/ledger/coverage-query.ts';
import { checkParams, checksIn, type CheckId } from './compliance-checks.ts';
import type { InForce } from './ledger-rules.ts';
import { shanghaiDate } from '../domain/shanghai-date.ts';

export interface CheckSummary {
  id: CheckId;
  count: number;
  /** Numbers for the check's title, from the region's own policy. */
  params: Record<string, string | number>;
}

export async function complianceOverview(db: Db | Tx, at: InForce, regionCode: string): Promise<CheckSummary[]> {
  const rp = at.policy.within(regionCode);
  const counts = await complianceCounts(db, regionCode, rp, shanghaiDate(at.clock.now()));
  return checksIn(rp).map((id) => ({ id, count: counts[id], params: checkParams(rp.root, id) }));
}

export async function complianceListFor(db: Db | Tx, at: InForce, regionCode: string, id: CheckId, page: { limit: number; offset: number }): Promise<Page<ComplianceItem>> {
  return complianceList(db, regionCode, at.policy.within(regionCode), shanghaiDate(at.clock.now()), id, page);
}
