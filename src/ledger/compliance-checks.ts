/**
 * The formation, threshold and instructor checks of domain.md, each a named list an officer can
 * open. Which rows are on a list is decided in SQL (src/db/ledger/compliance-predicates.ts); this
 * file names the checks and says which apply under a policy.
 */
import type { Policy, RegionalPolicies } from '../domain/policy/index.ts';
import { REGISTRATION_LEVEL_WORDS } from './ledger-template.ts';

export const CHECK_IDS = ['F1', 'F4', 'F5', 'F6', 'F7', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'M1', 'P1', 'P2', 'A1', 'I1', 'I2', 'I1b', 'I3'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const ORG_CHECKS = ['F1', 'F5', 'F7', 'T1', 'T2', 'T3', 'T4', 'T5', 'T7', 'A1'] as const satisfies readonly CheckId[];
export const PARTY_ORG_CHECKS = ['F4', 'F6', 'T6', 'I3', 'M1', 'P1', 'P2'] as const satisfies readonly CheckId[];
export const INSTRUCTOR_CHECKS = ['I1', 'I2', 'I1b'] as const satisfies readonly CheckId[];
export type OrgCheckId = (typeof ORG_CHECKS)[number];
export type PartyOrgCheckId = (typeof PARTY_ORG_CHECKS)[number];
export type InstructorCheckId = (typeof INSTRUCTOR_CHECKS)[number];

export type CheckEntity = 'org' | 'party_org' | 'instructor';

export function entityOf(id: CheckId): CheckEntity {
  if ((ORG_CHECKS as readonly string[]).includes(id)) return 'org';
  if ((PARTY_ORG_CHECKS as readonly string[]).includes(id)) return 'party_org';
  return 'instructor';
}

export function isCheckId(s: string): s is CheckId {
  return (CHECK_IDS as readonly string[]).includes(s);
}

/**
 * T4, T5 and T7 are regional rules: they apply where a region's policy turns them on. The instructor
 * caps are one rule or the other: I1 + I2 (002 二(二)) unless the policy caps units in all (I1b,
 * 004 §10).
 */
function onIn(policy: Policy, id: CheckId): boolean {
  if (id === 'T4') return policy.thresholds.aboveScale.standaloneRequired;
  if (id === 'T5') return policy.thresholds.ledgerScope.enabled;
  if (id === 'T7') return policy.thresholds.registeredSocialOrgs.fromLevel !== null;
  if (id === 'I1' || id === 'I2') return policy.instructors.maxOrgsInTotal === null;
  if (id === 'I1b') return policy.instructors.maxOrgsInTotal !== null;
  if (id === 'M1') return policy.people.secretaryLecture.enabled;
  if (id === 'P1') return policy.people.secretaryReservesMin > 0;
  if (id === 'A1') return policy.people.activistsPerYear.enterprise.length + policy.people.activistsPerYear.socialOrg.length > 0;
  return true;
}

/** Instructor caps are the subtree root's (an instructor may span several streets), so only the root decides. */
const INSTRUCTOR_SET = new Set<CheckId>(INSTRUCTOR_CHECKS);

/** The checks that apply anywhere in the subtree. */
export function checksIn(rp: RegionalPolicies): CheckId[] {
  return CHECK_IDS.filter((id) => onIn(rp.root, id) || (!INSTRUCTOR_SET.has(id) && rp.nested.some((n) => onIn(n.policy, id))));
}

/** The numbers a check's title shows (e.g. "3名以上正式党员"), from the region's own policy. */
export function checkParams(policy: Policy, id: CheckId): Record<string, string | number> {
  const f = policy.formation;
  const th = policy.thresholds;
  switch (id) {
    case 'F1':
    case 'F5':
      return { n: f.minFormalMembers };
    case 'F4':
      return { n: f.jointOrgMaxOrgs };
    case 'F6':
      return { gb: f.generalBranchAboveMembers, pc: f.partyCommitteeAboveMembers };
    case 'F7':
      return { n: f.instructorHelpedMembers };
    case 'T6':
      return { n: f.minFormalMembers };
    case 'I3':
      return { months: policy.instructors.newPartyOrgMonths };
    case 'I1b':
      return { n: policy.instructors.maxOrgsInTotal ?? 0 };
    case 'M1':
      return { n: policy.people.secretaryLecture.perYear };
    case 'P1':
      return { n: policy.people.secretaryReservesMin };
    case 'A1':
      return {};
    case 'P2':
      return { secretary: policy.people.secretaryTrainingEveryYears, workers: policy.people.workerTrainingEveryYears };
    case 'T1':
      return { n: th.memberRequiredFromEmployees };
    case 'T2':
      return { n: th.partyOrgRequiredFromEmployees };
    case 'T3':
      return { n: th.keySocialOrgs.partyOrgRequiredFromStaff };
    case 'T4':
      return { revenue: th.aboveScale.minRevenueWanYuan, n: th.aboveScale.minEmployees };
    case 'T5':
      return { e: th.ledgerScope.enterpriseMinEmployees ?? 0, s: th.ledgerScope.socialOrgMinStaff ?? 0 };
    case 'T7': {
      const level = th.registeredSocialOrgs.fromLevel;
      return { level: level ? REGISTRATION_LEVEL_WORDS[level] : '' };
    }
    case 'I1':
      return { n: policy.instructors.maxOrgsWithPartyOrg };
    case 'I2':
      return { n: policy.instructors.maxOrgsWithoutPartyOrg };
  }
}

/** What a list shows beside each row: F7 is listed "with the instructor assigned or missing"; I3 with the founding date. */
export function checkDetail(id: CheckId): 'instructor' | 'founded' | undefined {
  if (id === 'F7') return 'instructor';
  if (id === 'I3') return 'founded';
  return undefined;
}

/** Lists of people (instructors' names and mobiles): every view is audited. */
export function listsPeople(id: CheckId): boolean {
  return entityOf(id) === 'instructor';
}
