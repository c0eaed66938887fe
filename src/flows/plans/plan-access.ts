/**
 * Who may record an org's 一企一策 and whose list a person sees. The documents give the plan to
 * the instructor who works with the org and to the district that runs the campaign (武汉 二(三):
 * 区级党组织…一企一策), so: an instructor for an org in their scope (assigned, or in their
 * instructor region: the same scope as visits), an officer or admin for an org in their regions.
 */
import type { Person } from '../../bot/types.ts';
import type { Db, Tx } from '../../db/database.ts';
import type { PlanScope } from '../../db/ledger/org-plan-store.ts';
import { findOrgInScope } from '../../db/visits/org-scope-store.ts';
import { officerRegions, regionInScope } from '../../ledger/officer-scope.ts';
import { scopeOf } from '../visits/instructor-scope.ts';

/** Whether this person may record the plan of this org (its id and region already read). */
export async function mayPlan(db: Db | Tx, person: Person, org: { orgId: string; regionCode: string }): Promise<boolean> {
  if (regionInScope(officerRegions(person), org.regionCode)) return true;
  const scope = scopeOf(person);
  return !!scope && !!(await findOrgInScope(db, scope, org.orgId));
}

/** The list a person sees: an officer's regions, else an instructor's assigned orgs (as 我的单位). */
export function planListScope(person: Person): PlanScope | null {
  const regions = officerRegions(person);
  if (regions.length > 0) return { regionPrefixes: regions };
  const scope = scopeOf(person);
  return scope ? { instructorId: scope.instructorId } : null;
}
