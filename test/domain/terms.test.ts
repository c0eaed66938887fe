import { describe, expect, test } from 'vitest';
import { NATIONAL_DEFAULTS } from '../../src/domain/policy/national-defaults.ts';
import { resolvePolicy } from '../../src/domain/policy/resolve-policy.ts';
import { allowedTermShift, termEndsOn, termStatus } from '../../src/domain/terms.ts';

const policy = NATIONAL_DEFAULTS;

describe('termEndsOn', () => {
  test('5 years for a 党委, 3 for a branch or general branch', () => {
    expect(termEndsOn('committee', '2023-06-15', policy)).toBe('2028-06-15');
    expect(termEndsOn('general_branch', '2023-06-15', policy)).toBe('2026-06-15');
    expect(termEndsOn('branch', '2023-06-15', policy)).toBe('2026-06-15');
    expect(termEndsOn('joint_branch', '2024-02-29', policy)).toBe('2027-02-28');
  });
});

describe('termStatus with the default leads [3, 1]', () => {
  const at = (today: string) => termStatus({ type: 'branch', startedOn: '2023-06-15', policy, today });

  test.each([
    ['2026-03-14', 'ok', null],
    ['2026-03-15', 'due_in_3_months', 3],
    ['2026-05-14', 'due_in_3_months', 3],
    ['2026-05-15', 'due_in_1_month', 1],
    ['2026-06-15', 'due_in_1_month', 1],
    ['2026-06-16', 'overdue', null],
  ])('on %s: %s', (today, status, leadMonths) => {
    expect(at(today)).toMatchObject({ endsOn: '2026-06-15', status, leadMonths });
  });

  test('reminder dates and days left', () => {
    expect(at('2026-06-05')).toMatchObject({ remindOn: ['2026-03-15', '2026-05-15'], daysLeft: 10 });
    expect(at('2026-06-20').daysLeft).toBe(-5);
  });
});

test('lead months come from the policy', () => {
  const p = resolvePolicy('370112', [{ regionCode: '370112', settings: { terms: { reminderLeadMonths: [2, 6] } } }]);
  const s = (today: string) => termStatus({ type: 'committee', startedOn: '2021-09-30', policy: p, today });
  expect(s('2026-03-29').status).toBe('ok');
  expect(s('2026-03-30')).toMatchObject({ status: 'due_in_6_months', leadMonths: 6, remindOn: ['2026-03-30', '2026-07-30'] });
  expect(s('2026-07-30').status).toBe('due_in_2_months');
});

describe('an approved shift of the election', () => {
  test('moves the end within the allowed year', () => {
    expect(allowedTermShift('2026-06-15', policy)).toEqual({ earliest: '2025-06-15', latest: '2027-06-15' });
    const s = termStatus({ type: 'branch', startedOn: '2023-06-15', policy, today: '2026-07-01', approvedEndsOn: '2026-12-31' });
    expect(s).toMatchObject({ endsOn: '2026-12-31', status: 'ok' });
  });

  test('beyond the allowed year it is refused', () => {
    expect(() =>
      termStatus({ type: 'branch', startedOn: '2023-06-15', policy, today: '2026-07-01', approvedEndsOn: '2027-06-16' }),
    ).toThrow(RangeError);
  });
});
