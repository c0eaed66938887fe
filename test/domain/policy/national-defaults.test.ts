import { expect, test } from 'vitest';
import { NATIONAL_DEFAULTS } from '../../../src/domain/policy/national-defaults.ts';
import { MEETING_KINDS, policySchema } from '../../../src/domain/policy/policy-schema.ts';
import { LINSHU_371329, namedPreset, resolvePolicy } from '../../../src/domain/policy/index.ts';

test('the national defaults satisfy the schema', () => {
  expect(policySchema.safeParse(NATIONAL_DEFAULTS).success).toBe(true);
});

test('domain.md numbers', () => {
  const p = NATIONAL_DEFAULTS;
  expect(p.formation).toEqual({
    minFormalMembers: 3,
    countUntransferredMembers: false,
    jointOrgMaxOrgs: 5,
    generalBranchAboveMembers: 50,
    partyCommitteeAboveMembers: 100,
    instructorHelpedMembers: 2,
  });
  expect([p.thresholds.memberRequiredFromEmployees, p.thresholds.partyOrgRequiredFromEmployees]).toEqual([50, 100]);
  expect(p.thresholds.keySocialOrgs.partyOrgRequiredFromStaff).toBe(30);
  expect(p.thresholds.keySocialOrgs.subtypes).toContain('律师事务所');
  expect(p.thresholds.aboveScale.standaloneRequired).toBe(false);
  expect(p.thresholds.ledgerScope.enabled).toBe(false);
  // I1 + I2 (002 二(二)) by default; I1b (004 §10, 5 in all) only where a region chooses it.
  expect(p.instructors).toEqual({ maxOrgsWithPartyOrg: 5, maxOrgsWithoutPartyOrg: 3, maxOrgsInTotal: null, newPartyOrgMonths: 12, allPartyOrgsNeedOne: false, visitsPerMonth: 1 });
  expect(p.terms.years).toMatchObject({ committee: 5, general_branch: 3, branch: 3 });
  expect(p.terms.reminderLeadMonths).toEqual([3, 1]);
  expect(p.coverage).toEqual({ basis: 'operating', functionalCounts: false });
  expect(p.targets).toEqual({ orgCoveragePct: 80, workCoveragePct: 100, qualifiedCoveragePct: null });
  expect(p.reminders).toEqual({
    dueSoonDays: { month: 3, quarter: 10, half_year: 10, year: 10 },
    escalateAfterOverdueDays: 14,
    deliveryAttempts: 5,
    sendWindow: { from: '08:30', until: '20:00' },
    digestAt: '09:00',
  });
  expect(p.memberFinding).toEqual({
    contactWithinWorkingDays: 3,
    escalateAfterWorkingDays: 2,
    outOfContactMonths: 6,
    eraseNotMemberAfterDays: 180,
  });
});

test('meeting cadences cover every kind', () => {
  expect(Object.keys(NATIONAL_DEFAULTS.meetings).sort()).toEqual([...MEETING_KINDS].sort());
  const m = NATIONAL_DEFAULTS.meetings;
  expect([m.general_assembly.period, m.committee.period, m.group.period, m.lecture.period]).toEqual([
    'quarter',
    'month',
    'month',
    'quarter',
  ]);
  expect([m.theme_day.period, m.life_meeting.period, m.appraisal.period, m.heart_talk.period]).toEqual([
    'month',
    'year',
    'year',
    'year',
  ]);
});

test('the defaults cannot be changed in place', () => {
  expect(() => {
    (NATIONAL_DEFAULTS.instructors as { visitsPerMonth: number }).visitsPerMonth = 9;
  }).toThrow(TypeError);
  expect(() => (NATIONAL_DEFAULTS.terms.reminderLeadMonths as number[]).push(6)).toThrow(TypeError);
  expect(NATIONAL_DEFAULTS.instructors.visitsPerMonth).toBe(1);
});

test('the 宁夏2018 preset caps an instructor at 5 units in all (004 §10); 临沭 gives every party org one (002 二(二))', () => {
  const nx = resolvePolicy('640104', [{ regionCode: '640104', settings: namedPreset('宁夏2018')!.settings }]);
  expect(nx.instructors.maxOrgsInTotal).toBe(5);
  const ls = resolvePolicy('371329001', [LINSHU_371329]);
  expect(ls.instructors).toMatchObject({ maxOrgsInTotal: null, allPartyOrgsNeedOne: true });
});
