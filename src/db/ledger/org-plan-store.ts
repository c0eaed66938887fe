/**
 * 一企一策 / 一社一策 (000 二1 "对尚未建立党组织的…一企一策"; 武汉 二(三); 临沭 三(二)2): each
 * operating org without a party org gets a plan — measures (orgs.plan), 完成时限 (plan_due_on) and
 * 责任人 (plan_owner) — read and written here only. Who may see or write which org is decided by
 * the caller's scope (src/flows/plans/plan-access.ts); every list here filters by that scope in SQL.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { people } from '../schema/core.ts';
import { instructorAssignments, orgs, type OrgKind, type OrgStatus } from '../schema/ledger.ts';
import { startsWith } from '../sql.ts';
import type { CalendarDate } from '../../domain/shanghai-date.ts';
import { isUuid } from '../../domain/uuid.ts';

/**
 * The orgs a plan is owed for: operating, and not linked to any party org (000 二1 and 武汉
 * 二(三) ask it of every org "尚未建立党组织"; a closed org is crossed off, not planned for).
 */
export const planOwed: SQL = sql`(${orgs.status} = 'operating' and ${orgs.partyOrgId} is null)`;

/** Whose orgs: an instructor's assigned ones, or the orgs in some region subtrees. */
export type PlanScope = { instructorId: string } | { regionPrefixes: readonly string[] };

export const PLAN_FILTERS = ['all', 'without', 'with', 'overdue'] as const;
export type PlanFilter = (typeof PLAN_FILTERS)[number];

export interface OrgPlan {
  orgId: string;
  orgName: string;
  kind: OrgKind;
  regionCode: string;
  status: OrgStatus;
  hasPartyOrg: boolean;
  measures: string | null;
  dueOn: CalendarDate | null;
  owner: string | null;
  updatedAt: Date | null;
  updatedByName: string | null;
}

const columns = {
  orgId: orgs.id,
  orgName: orgs.name,
  kind: orgs.kind,
  regionCode: orgs.regionCode,
  status: orgs.status,
  hasPartyOrg: sql<boolean>`(${orgs.partyOrgId} is not null)`,
  measures: orgs.plan,
  dueOn: orgs.planDueOn,
  owner: orgs.planOwner,
  updatedAt: orgs.planUpdatedAt,
  updatedByName: people.name,
};

function scopeCond(scope: PlanScope): SQL {
  if ('instructorId' in scope) {
    return sql`exists (select 1 from ${instructorAssignments} ia where ia.org_id = ${orgs.id} and ia.instructor_id = ${scope.instructorId}::uuid)`;
  }
  const prefixes = scope.regionPrefixes.filter((p) => /^\d+$/.test(p));
  if (prefixes.length === 0) return sql`false`;
  return sql`(${sql.join(prefixes.map((p) => startsWith(sql`${orgs.regionCode}`, p)), sql` or `)})`;
}

/** A plan is overdue once its 完成时限 has passed while the org still has no party org. */
function filterCond(filter: PlanFilter, today: CalendarDate): SQL {
  switch (filter) {
    case 'without':
      return sql`${orgs.planDueOn} is null`;
    case 'with':
      return sql`${orgs.planDueOn} is not null`;
    case 'overdue':
      return sql`${orgs.planDueOn} < ${today}::date`;
    default:
      return sql`true`;
  }
}

/** One org with its plan (no scope check: for ids the caller has checked). */
export async function orgPlan(db: Db | Tx, orgId: string, opts: { lock?: boolean } = {}): Promise<OrgPlan | null> {
  if (!isUuid(orgId)) return null;
  const q = db.select(columns).from(orgs).leftJoin(people, eq(people.id, orgs.planUpdatedBy)).where(eq(orgs.id, orgId)).limit(1);
  const rows = opts.lock ? await q.for('update', { of: orgs }) : await q;
  return rows[0] ?? null;
}

/** An org by its id or its 统一社会信用代码 (the CLI names orgs either way), locked when asked. */
export async function orgPlanByKey(db: Db | Tx, key: string, opts: { lock?: boolean } = {}): Promise<OrgPlan | null> {
  const code = key.trim().toUpperCase();
  if (isUuid(key)) return orgPlan(db, key, opts);
  const [row] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.creditCode, code)).limit(1);
  return row ? orgPlan(db, row.id, opts) : null;
}

/** The plans of several orgs (ids the caller has checked), by org id. */
export async function plansOfOrgs(db: Db | Tx, orgIds: readonly string[]): Promise<Map<string, OrgPlan>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db.select(columns).from(orgs).leftJoin(people, eq(people.id, orgs.planUpdatedBy)).where(inArray(orgs.id, [...orgIds]));
  return new Map(rows.map((r) => [r.orgId, r]));
}

/** Whether a plan is owed for this org now (see planOwed). */
export const planIsOwed = (p: Pick<OrgPlan, 'status' | 'hasPartyOrg'>) => p.status === 'operating' && !p.hasPartyOrg;

export interface PlanFields {
  measures: string;
  dueOn: CalendarDate;
  owner: string;
}

/** Writes the plan (one per org: a new one replaces it). The caller holds the row lock and audits. */
export async function savePlan(db: Db | Tx, orgId: string, f: PlanFields, by: { personId: string | null; at: Date }): Promise<void> {
  await db
    .update(orgs)
    .set({ plan: f.measures, planDueOn: f.dueOn, planOwner: f.owner, planUpdatedAt: by.at, planUpdatedBy: by.personId, updatedAt: by.at })
    .where(eq(orgs.id, orgId));
}

/** The plan-owed orgs of a scope, a page at a time: overdue first, then by due date, then by name. */
export async function listPlans(
  db: Db | Tx,
  scope: PlanScope,
  filter: PlanFilter,
  today: CalendarDate,
  page: { limit: number; offset: number },
): Promise<{ items: OrgPlan[]; total: number }> {
  const where = and(planOwed, scopeCond(scope), filterCond(filter, today));
  const items = await db
    .select(columns)
    .from(orgs)
    .leftJoin(people, eq(people.id, orgs.planUpdatedBy))
    .where(where)
    .orderBy(sql`${orgs.planDueOn} asc nulls last`, asc(orgs.name), asc(orgs.id))
    .limit(page.limit)
    .offset(page.offset);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(orgs).where(where);
  return { items, total: Number(c?.n ?? 0) };
}

export interface PlanCounts {
  owed: number;
  withPlan: number;
  overdue: number;
}

/** The figures of a scope's list: orgs owed a plan, those that have one, those overdue. */
export async function planCounts(db: Db | Tx, scope: PlanScope, today: CalendarDate): Promise<PlanCounts> {
  const [r] = await db
    .select({
      owed: sql<number>`count(*)::int`,
      withPlan: sql<number>`(count(*) filter (where ${orgs.planDueOn} is not null))::int`,
      overdue: sql<number>`(count(*) filter (where ${orgs.planDueOn} < ${today}::date))::int`,
    })
    .from(orgs)
    .where(and(planOwed, scopeCond(scope)));
  return { owed: Number(r?.owed ?? 0), withPlan: Number(r?.withPlan ?? 0), overdue: Number(r?.overdue ?? 0) };
}
