import { describe, expect, test } from 'vitest';
import { NATIONAL_DEFAULTS } from '../../../src/domain/policy/national-defaults.ts';
import { LICHENG_370112, LINSHU_371329, REGIONAL_PRESETS, WUHAN_4201 } from '../../../src/domain/policy/regional-presets.ts';
import {
  normalizeRegionCode,
  PolicyError,
  regionLineage,
  resolvePolicy,
  validatePolicyOverride,
  type PolicyOverride,
} from '../../../src/domain/policy/resolve-policy.ts';

describe('region codes', () => {
  test.each([
    ['37', '37'],
    ['370000', '37'],
    ['3701', '3701'],
    ['370100', '3701'],
    ['370112', '370112'],
    ['370112020', '370112020'],
    ['370112020000', '370112020'],
    ['370112000000', '370112'],
    [' 371329 ', '371329'],
  ])('%s → %s', (code, expected) => {
    expect(normalizeRegionCode(code)).toBe(expected);
  });

  test.each(['', '3', '37011', '3701120', 'abc', '000000', '370112020201'])('%s is refused', (code) => {
    expect(() => normalizeRegionCode(code)).toThrow(RangeError);
  });

  test('lineage runs from the province down', () => {
    expect(regionLineage('370112020')).toEqual(['37', '3701', '370112', '370112020']);
    expect(regionLineage('4201')).toEqual(['42', '4201']);
  });
});

describe('resolvePolicy', () => {
  test('no overrides: the national defaults, as a fresh unfrozen copy', () => {
    const p = resolvePolicy('370112', []);
    expect(p).toEqual(NATIONAL_DEFAULTS);
    expect(p).not.toBe(NATIONAL_DEFAULTS);
    p.instructors.visitsPerMonth = 3; // a caller may adjust its own copy
    expect(NATIONAL_DEFAULTS.instructors.visitsPerMonth).toBe(1);
  });

  test('历城: 2 visits a month and untransferred members count, down to its streets', () => {
    for (const code of ['370112', '370112020', '370112020000']) {
      const p = resolvePolicy(code, REGIONAL_PRESETS);
      expect(p.instructors.visitsPerMonth, code).toBe(2);
      expect(p.formation.countUntransferredMembers, code).toBe(true);
      expect(p.formation.minFormalMembers, code).toBe(3);
      expect(p.targets.orgCoveragePct, code).toBe(60);
      expect(p.reports.township_monthly_to_county.monthDays).toEqual([25]);
      expect(p.reports.annual_plan.enabled).toBe(true); // national duties stay
    }
  });

  test('a neighbouring district and a sibling county are untouched', () => {
    const lixia = resolvePolicy('370102', REGIONAL_PRESETS);
    expect(lixia.instructors.visitsPerMonth).toBe(1);
    expect(lixia.formation.countUntransferredMembers).toBe(false);
    expect(lixia.reports.township_monthly_to_county).toBeUndefined();
    const lanshan = resolvePolicy('371302', REGIONAL_PRESETS);
    expect(lanshan.thresholds.aboveScale.standaloneRequired).toBe(false);
    expect(lanshan.thresholds.ledgerScope.enabled).toBe(false);
  });

  test('临沭: T4 and T5 on with their numbers', () => {
    const p = resolvePolicy('371329101', REGIONAL_PRESETS); // 蛟龙镇
    expect(p.thresholds.aboveScale).toEqual({ standaloneRequired: true, minRevenueWanYuan: 2000, minEmployees: 100 });
    expect(p.thresholds.ledgerScope).toEqual({ enabled: true, enterpriseMinEmployees: 10, socialOrgMinStaff: 15 });
    expect(p.instructors.visitsPerMonth).toBe(1);
  });

  test('武汉: half-monthly reports reach its districts', () => {
    expect(resolvePolicy('420111', [WUHAN_4201]).reports.county_half_monthly_to_city.monthDays).toEqual([10, 25]);
  });

  test('narrower regions win, from the shortest prefix to the longest, whatever the array order', () => {
    const overrides: PolicyOverride[] = [
      { regionCode: '370112020', settings: { instructors: { visitsPerMonth: 3 } } },
      { regionCode: '37', settings: { instructors: { visitsPerMonth: 4, maxOrgsWithPartyOrg: 6 } } },
      LICHENG_370112,
      { regionCode: '3701', settings: { formation: { minFormalMembers: 4 }, instructors: { visitsPerMonth: 1 } } },
    ];
    const street = resolvePolicy('370112020', overrides);
    expect(street.instructors).toMatchObject({ maxOrgsWithPartyOrg: 6, maxOrgsWithoutPartyOrg: 3, visitsPerMonth: 3 });
    expect(street.formation.minFormalMembers).toBe(4);
    const otherStreet = resolvePolicy('370112001', overrides);
    expect(otherStreet.instructors.visitsPerMonth).toBe(2); // the district's, not the province's or city's
    const otherCity = resolvePolicy('3713', overrides);
    expect(otherCity.instructors.visitsPerMonth).toBe(4);
    expect(otherCity.formation.minFormalMembers).toBe(3);
  });

  test('overrides of the same region apply in array order', () => {
    const p = resolvePolicy('370112', [
      { regionCode: '370112', settings: { instructors: { visitsPerMonth: 3 } } },
      { regionCode: '370112000000', settings: { instructors: { visitsPerMonth: 4 } } },
    ]);
    expect(p.instructors.visitsPerMonth).toBe(4);
  });

  test('arrays replace, they do not append', () => {
    const p = resolvePolicy('370112', [{ regionCode: '370112', settings: { terms: { reminderLeadMonths: [6] } } }]);
    expect(p.terms.reminderLeadMonths).toEqual([6]);
  });

  test('a region can switch off a national report duty and change a cadence', () => {
    const p = resolvePolicy('370112', [
      {
        regionCode: '370112',
        settings: { reports: { ledger_recheck: { enabled: false } }, meetings: { lecture: { period: 'half_year' } } },
      },
    ]);
    expect(p.reports.ledger_recheck.enabled).toBe(false);
    expect(p.reports.ledger_recheck.yearDates).toEqual(['06-30', '12-31']);
    expect(p.meetings.lecture).toEqual({ enabled: true, period: 'half_year', count: 1 });
  });

  test('a misspelt key, a wrong type or an incomplete new duty throws PolicyError', () => {
    const bad = (settings: unknown) => () =>
      resolvePolicy('370112', [{ regionCode: '370112', settings: settings as PolicyOverride['settings'] }]);
    expect(bad({ instructors: { visitPerMonth: 2 } })).toThrow(PolicyError);
    expect(bad({ instructors: { visitsPerMonth: '2' } })).toThrow(/instructors\.visitsPerMonth/);
    expect(bad({ instructors: { visitsPerMonth: 9 } })).toThrow(PolicyError);
    expect(bad({ reports: { new_duty: { enabled: true } } })).toThrow(/reports\.new_duty/);
    expect(bad({ thresholds: { ledgerScope: { enabled: true } } })).toThrow(/both numbers/);
    expect(bad(JSON.parse('{"__proto__": {"x": 1}}'))).toThrow(PolicyError);
  });

  test('a malformed region code throws', () => {
    expect(() => resolvePolicy('3701x', [])).toThrow(RangeError);
    expect(() => resolvePolicy('370112', [{ regionCode: '37011', settings: {} }])).toThrow(RangeError);
  });
});

describe('validatePolicyOverride', () => {
  test('the presets are valid', () => {
    for (const preset of REGIONAL_PRESETS) expect(validatePolicyOverride(preset), preset.name).toEqual({ ok: true });
    expect(REGIONAL_PRESETS).toContain(LINSHU_371329);
  });

  test('names the path of each problem', () => {
    const r = validatePolicyOverride({
      regionCode: '370112',
      settings: { reminders: { digestAt: '9:00' } } as PolicyOverride['settings'],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(['reminders.digestAt']);
    const code = validatePolicyOverride({ regionCode: 'x', settings: {} });
    expect(code).toMatchObject({ ok: false, issues: [{ path: 'regionCode' }] });
  });
});
