/**
 * 销号 against a frozen base (001 二(四) 挂图作战、销号管理; 002 四 三): each org of the base in a
 * region subtree is either crossed off — recorded by an officer with a reason and date, or derived
 * from what the ledger says today — or still open. The counts and the lists come from the same
 * one reason expression, so a figure and its list cannot disagree (001: 不得做假账，不得报假数).
 */
import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { baseCrossings, type CrossingReason } from '../schema/base-crossings.ts';
import { coverageBaseOrgs } from '../schema/coverage-bases.ts';
import { orgs } from '../schema/ledger.ts';
import type { CoverageRules } from '../../ledger/ledger-rules.ts';
import { coveragePredicates, inRegion } from './coverage-predicates.ts';

/**
 * The reason the ledger itself gives for crossing an org off, or null. Gone first: a closed org
 * with a party org is a case for 撤改立 (002 三(二)1), not a formation. 停业/破产/注销 are 注销/停业;
 * a 空壳 firm is stripped from the base as not belonging to it (001 一: 剔除空壳、僵尸、影子企业).
 * A party org counts as the coverage figures count it (功能型 only where the policy says so).
 */
export function derivedReason(rules: CoverageRules): SQL<CrossingReason | null> {
  // On the operating basis partyOrg / standalone are "operating and …"; the status cases
  // before them have already taken every org that is not operating.
  const p = coveragePredicates({ ...rules, basis: 'operating', frozenBaseId: undefined });
  return sql<CrossingReason | null>`(case
    when ${orgs.status} in ('suspended', 'bankrupt', 'deregistered') then 'closed'
    when ${orgs.status} = 'shell' then 'out_of_scope'
    when ${p.standalone} then 'party_org'
    when ${p.partyOrg} then 'joint'
    else null end)`;
}

export interface BaseOrgItem {
  orgId: string;
  name: string;
  creditCode: string | null;
  regionCode: string;
  /** The officer's reason and date when recorded, else the derived reason (no date), else null: still open. */
  reason: CrossingReason | null;
  recorded: boolean;
  crossedOn: string | null;
  note: string | null;
}

function baseOrgQuery(db: Db | Tx, baseId: string, regionCode: string, rules: CoverageRules) {
  const derived = derivedReason(rules);
  return {
    derived,
    query: db
      .select({
        orgId: orgs.id,
        name: orgs.name,
        creditCode: orgs.creditCode,
        regionCode: orgs.regionCode,
        recordedReason: baseCrossings.reason,
        crossedOn: baseCrossings.crossedOn,
        note: baseCrossings.note,
        derivedReason: derived,
      })
      .from(coverageBaseOrgs)
      .innerJoin(orgs, eq(orgs.id, coverageBaseOrgs.orgId))
      .leftJoin(baseCrossings, and(eq(baseCrossings.baseId, coverageBaseOrgs.baseId), eq(baseCrossings.orgId, coverageBaseOrgs.orgId))),
    where: and(eq(coverageBaseOrgs.baseId, baseId), inRegion(regionCode)),
  };
}

type Row = { orgId: string; name: string; creditCode: string | null; regionCode: string; recordedReason: CrossingReason | null; crossedOn: string | null; note: string | null; derivedReason: CrossingReason | null };

const item = (r: Row): BaseOrgItem => ({
  orgId: r.orgId,
  name: r.name,
  creditCode: r.creditCode,
  regionCode: r.regionCode,
  reason: r.recordedReason ?? r.derivedReason,
  recorded: r.recordedReason !== null,
  crossedOn: r.crossedOn,
  note: r.note,
});

/** The base's orgs in the region subtree: all, only the open ones, or only those crossed off. */
export async function baseOrgs(db: Db | Tx, q: { baseId: string; regionCode: string; rules: CoverageRules; which: 'all' | 'open' | 'crossed'; limit?: number; offset?: number }): Promise<BaseOrgItem[]> {
  const { derived, query, where } = baseOrgQuery(db, q.baseId, q.regionCode, q.rules);
  const open = and(isNull(baseCrossings.reason), sql`${derived} is null`);
  const crossed = or(sql`${baseCrossings.reason} is not null`, sql`${derived} is not null`);
  const cond = q.which === 'open' ? and(where, open) : q.which === 'crossed' ? and(where, crossed) : where;
  let rows = query.where(cond).orderBy(asc(orgs.regionCode), asc(orgs.name), asc(orgs.id)).$dynamic();
  if (q.limit !== undefined) rows = rows.limit(q.limit);
  if (q.offset !== undefined) rows = rows.offset(q.offset);
  return ((await rows) as Row[]).map(item);
}

export interface CrossingCounts {
  total: number;
  open: number;
  /** Crossed off, by reason (recorded or derived). */
  byReason: Record<CrossingReason, number>;
  /** Of those, how many an officer recorded with a date. */
  recorded: number;
}

export async function crossingCounts(db: Db | Tx, baseId: string, regionCode: string, rules: CoverageRules): Promise<CrossingCounts> {
  const { derived, where } = baseOrgQuery(db, baseId, regionCode, rules);
  const reason = sql<string | null>`coalesce(${baseCrossings.reason}, ${derived})`;
  const rows = await db
    .select({ reason, recorded: sql<number>`count(${baseCrossings.reason})::int`.mapWith(Number), n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(coverageBaseOrgs)
    .innerJoin(orgs, eq(orgs.id, coverageBaseOrgs.orgId))
    .leftJoin(baseCrossings, and(eq(baseCrossings.baseId, coverageBaseOrgs.baseId), eq(baseCrossings.orgId, coverageBaseOrgs.orgId)))
    .where(where)
    .groupBy(reason);
  const out: CrossingCounts = { total: 0, open: 0, byReason: { party_org: 0, joint: 0, closed: 0, out_of_scope: 0 }, recorded: 0 };
  for (const r of rows) {
    out.total += r.n;
    out.recorded += r.recorded;
    if (r.reason === null) out.open += r.n;
    else out.byReason[r.reason as CrossingReason] += r.n;
  }
  return out;
}

/** The base org in the region subtree matching a credit code or an exact name, or null. */
export async function findBaseOrg(db: Db | Tx, q: { baseId: string; regionCode: string; rules: CoverageRules; key: string }): Promise<BaseOrgItem[]> {
  const { query, where } = baseOrgQuery(db, q.baseId, q.regionCode, q.rules);
  const key = q.key.trim();
  const match = /^[0-9A-Z]{18}$/i.test(key) ? eq(orgs.creditCode, key.toUpperCase()) : /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key) ? eq(orgs.id, key) : eq(orgs.name, key);
  return ((await query.where(and(where, match)).orderBy(asc(orgs.id)).limit(5)) as Row[]).map(item);
}

export class AlreadyCrossedError extends Error {
  constructor(readonly item: BaseOrgItem) {
    super(`${item.name} is already crossed off (${item.reason}${item.crossedOn ? `, ${item.crossedOn}` : ''})`);
  }
}

/** Records one crossing; call it in the transaction that writes its audit entry. A second record for the same org is refused. */
export async function recordCrossing(tx: Tx, c: { baseId: string; orgId: string; reason: CrossingReason; crossedOn: string; note: string | null; createdBy: string; at: Date }): Promise<boolean> {
  const rows = await tx
    .insert(baseCrossings)
    .values({ baseId: c.baseId, orgId: c.orgId, reason: c.reason, crossedOn: c.crossedOn, note: c.note, createdBy: c.createdBy, createdAt: c.at })
    .onConflictDoNothing()
    .returning({ orgId: baseCrossings.orgId });
  return rows.length === 1;
}
