/**
 * The one definition of each coverage figure as a condition on an `orgs` row. The counts
 * (`count(*) filter (where …)`) and the lists behind them (`where …`) are built from these same
 * fragments, so a figure and its list can never disagree (001 forbids 假账假数).
 *
 * Columns read are all in orgs_coverage_idx, so the aggregate is an index-only scan of the
 * region's key range.
 */
import { sql, type SQL } from 'drizzle-orm';
import { orgs } from '../schema/ledger.ts';
import { startsWith } from '../sql.ts';
import { coverageBaseOrgs } from '../schema/coverage-bases.ts';
import type { CoverageRules } from '../../ledger/ledger-rules.ts';
import type { OrgKind } from '../schema/ledger.ts';

export const FIGURES = ['inScope', 'partyOrg', 'standalone', 'work'] as const;
export type Figure = (typeof FIGURES)[number];

/** Lists an officer can open: the four figures and the gaps between them. */
export const ORG_LISTS = ['inScope', 'partyOrg', 'standalone', 'joint', 'work', 'noPartyOrg', 'noWork'] as const;
export type OrgListKey = (typeof ORG_LISTS)[number];

export type KindFilter = OrgKind | 'all';

/** Orgs in the subtree of a region: a range on orgs_coverage_idx. */
export function inRegion(code: string): SQL {
  return startsWith(sql`${orgs.regionCode}`, code);
}

/** Formal members as F1 counts them (F1b adds the untransferred in 兼合式 regions). */
export function effectiveMembers(countUntransferred: boolean): SQL {
  return countUntransferred ? sql`(${orgs.membersFormal} + ${orgs.membersUntransferred})` : sql`${orgs.membersFormal}`;
}

const num = (n: number) => sql.raw(String(Number(n)));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The orgs of a frozen base list. The id goes in as a checked literal (not a parameter) because
 * the counting statement is compiled once per rules and must hold literals only.
 */
export function inFrozenBase(baseId: string): SQL {
  if (!UUID.test(baseId)) throw new RangeError(`not a base id: ${baseId}`);
  return sql`(${orgs.id} in (select b.org_id from ${coverageBaseOrgs} b where b.base_id = ${sql.raw(`'${baseId.toLowerCase()}'`)}::uuid))`;
}

/** 在统计范围 as the operating basis has it: what a frozen base list freezes. */
export function operatingPredicate(): SQL {
  return sql`${orgs.status} = 'operating'`;
}

export function coveragePredicates(r: CoverageRules): Record<Figure, SQL> {
  const operating = operatingPredicate();
  if (r.basis === 'frozen' && !r.frozenBaseId) throw new Error('the frozen basis needs a base list');
  const inScope =
    r.basis === 'frozen'
      ? inFrozenBase(r.frozenBaseId!)
      : r.basis === 'qualified'
        ? sql`(${operating} and ${effectiveMembers(r.countUntransferred)} >= ${num(r.minFormalMembers)})`
        : r.basis === 'above_scale'
          ? sql`(${operating} and ${orgs.kind} = 'enterprise' and (${orgs.employees} >= ${num(r.aboveScale.minEmployees)} or coalesce(${orgs.revenue}, 0) >= ${num(r.aboveScale.minRevenueWanYuan)}))`
          : operating;
  // A party org counts when the row is linked to one; 功能型 ones only if the policy says so.
  const hasPartyOrg = r.functionalCounts
    ? sql`(${orgs.formation} <> 'none' and ${orgs.partyOrgType} is not null)`
    : sql`(${orgs.formation} <> 'none' and ${orgs.partyOrgType} is not null and ${orgs.partyOrgType} <> 'functional_branch')`;
  return {
    inScope,
    partyOrg: sql`(${inScope} and ${hasPartyOrg})`,
    standalone: sql`(${inScope} and ${hasPartyOrg} and ${orgs.formation} = 'standalone')`,
    work: sql`(${inScope} and (${hasPartyOrg} or ${orgs.hasInstructor} or ${orgs.massOrgs} <> '{}'))`,
  };
}

export function listPredicate(r: CoverageRules, list: OrgListKey): SQL {
  const p = coveragePredicates(r);
  switch (list) {
    case 'joint':
      return sql`(${p.partyOrg} and not ${p.standalone})`;
    case 'noPartyOrg':
      return sql`(${p.inScope} and not ${p.partyOrg})`;
    case 'noWork':
      return sql`(${p.inScope} and not ${p.work})`;
    default:
      return p[list];
  }
}

/** How many orgs a list holds, from the figures (standalone ⊆ partyOrg ⊆ work ⊆ inScope): listPredicate's twin. */
export function listTotal(f: Record<Figure, number>, list: OrgListKey): number {
  switch (list) {
    case 'joint':
      return f.partyOrg - f.standalone;
    case 'noPartyOrg':
      return f.inScope - f.partyOrg;
    case 'noWork':
      return f.inScope - f.work;
    default:
      return f[list];
  }
}

export function kindPredicate(kind: KindFilter): SQL {
  return kind === 'all' ? sql`true` : sql`${orgs.kind} = ${kind}`;
}
