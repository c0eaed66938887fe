/**
 * 挂图作战 / 销号管理 (001 二(四); 002 四 三) for CLI and chat alike: the frozen base covering a
 * region, what of it is crossed off (recorded or derived) and what is open, recording a crossing
 * with its audit entry, and the region's own progress against its policy targets (001 一: 80% and
 * 100% of qualifying orgs; 003 二: 超60争100). Only the region asked about is counted: the
 * documents compare a region with its target, never regions with each other.
 */
import type { Clock } from '../clock.ts';
import type { Db, Tx } from '../db/database.ts';
import { AlreadyCrossedError, baseOrgs, crossingCounts, findBaseOrg, recordCrossing, type BaseOrgItem, type CrossingCounts } from '../db/ledger/base-crossing-store.ts';
import type { CoverageBaseRef } from '../db/ledger/coverage-base-store.ts';
import type { CrossingReason } from '../db/schema/base-crossings.ts';
import { writeAudit } from '../db/stores/audit-store.ts';
import type { Policy } from '../domain/policy/index.ts';
import { computeCoverage, coverageRulesWithBase, NoFrozenBaseError } from './coverage-service.ts';
import type { CoverageReport } from './coverage-report.ts';
import type { CoverageRules, InForce } from './ledger-rules.ts';

export interface RegionBase {
  rules: CoverageRules;
  base: CoverageBaseRef;
}

/** The base covering the region (named, else the newest), or null when none does. */
export async function regionBase(db: Db | Tx, at: InForce, regionCode: string, baseName?: string): Promise<RegionBase | null> {
  try {
    const { rules, base } = await coverageRulesWithBase(db, at, regionCode, 'frozen', baseName);
    return base ? { rules, base } : null;
  } catch (e) {
    if (e instanceof NoFrozenBaseError) return null;
    throw e;
  }
}

export async function openBaseOrgs(db: Db | Tx, rb: RegionBase, regionCode: string, page?: { limit: number; offset: number }): Promise<BaseOrgItem[]> {
  return baseOrgs(db, { baseId: rb.base.id, regionCode, rules: rb.rules, which: 'open', ...page });
}

export async function crossedBaseOrgs(db: Db | Tx, rb: RegionBase, regionCode: string): Promise<BaseOrgItem[]> {
  return baseOrgs(db, { baseId: rb.base.id, regionCode, rules: rb.rules, which: 'crossed' });
}

export class BaseOrgNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no org of the base matches ${key}`);
  }
}
export class AmbiguousBaseOrgError extends Error {
  constructor(readonly key: string) {
    super(`several orgs of the base are named ${key}; give the credit code`);
  }
}
export { AlreadyCrossedError };

/**
 * Crosses one org of the base off with a reason and date, in one transaction with its audit
 * entry. The org must be in the base and inside the region (the officer's scope). An org already
 * crossed off by a record is refused; one the ledger already crosses off may still be recorded,
 * which gives it the date and the officer's word.
 */
export async function crossOff(
  tx: Tx,
  clock: Clock,
  c: { rb: RegionBase; regionCode: string; key: string; reason: CrossingReason; crossedOn: string; note: string | null; actorId: string | null; actorLabel: string },
): Promise<BaseOrgItem> {
  const found = await findBaseOrg(tx, { baseId: c.rb.base.id, regionCode: c.regionCode, rules: c.rb.rules, key: c.key });
  if (found.length === 0) throw new BaseOrgNotFoundError(c.key);
  if (found.length > 1) throw new AmbiguousBaseOrgError(c.key);
  const org = found[0]!;
  if (org.recorded) throw new AlreadyCrossedError(org);
  const at = clock.now();
  const createdBy = c.actorId ?? c.actorLabel;
  if (!(await recordCrossing(tx, { baseId: c.rb.base.id, orgId: org.orgId, reason: c.reason, crossedOn: c.crossedOn, note: c.note, createdBy, at }))) throw new AlreadyCrossedError(org);
  await writeAudit(tx, {
    actorId: c.actorId,
    actorLabel: c.actorLabel,
    action: 'create',
    entity: 'base_crossing',
    entityId: org.orgId,
    after: { base: c.rb.base.name, baseRegion: c.rb.base.regionCode, reason: c.reason, crossedOn: c.crossedOn, note: c.note },
    reason: c.note,
    at,
  });
  return { ...org, reason: c.reason, recorded: true, crossedOn: c.crossedOn, note: c.note };
}

export interface TargetProgress {
  targets: Policy['targets'];
  /** The qualifying orgs' figures (the 'qualified' basis), when the policy sets a target for them. */
  qualified: { partyOrg: number; inScope: number } | null;
  /** The 销号 progress against the base covering the region, when there is one. */
  crossing: { base: CoverageBaseRef; counts: CrossingCounts } | null;
}

/** The region's progress against its own targets, beside the coverage report it was asked with. */
export async function targetProgress(db: Db | Tx, at: InForce, report: CoverageReport): Promise<TargetProgress> {
  const code = report.region.code;
  const targets = at.policy.of(code).targets;
  let qualified: TargetProgress['qualified'] = null;
  if (targets.qualifiedCoveragePct !== null) {
    const q = report.basis === 'qualified' ? report : await computeCoverage(db, at, code, 'qualified');
    qualified = { partyOrg: q.total.partyOrg, inScope: q.total.inScope };
  }
  const rb = await regionBase(db, at, code, report.base?.name);
  const crossing = rb ? { base: rb.base, counts: await crossingCounts(db, rb.base.id, code, rb.rules) } : null;
  return { targets, qualified, crossing };
}

/** How many more orgs reach `pct`% of `inScope` (0 once it is reached). */
export function shortOf(pct: number, count: number, inScope: number): number {
  return Math.max(0, Math.ceil((pct * inScope) / 100 - 1e-9) - count);
}
