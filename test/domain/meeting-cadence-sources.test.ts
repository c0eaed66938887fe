/**
 * 组织生活会 is due in Q4 (条例 第十七条, 004 §14 一般安排在第四季度): due-soon, and reminded, from
 * 1 October, not only in the year's last ten days. Both the obligations and the reminders
 * planner ask dueSoonDaysFor, so they agree.
 */
import { describe, expect, test } from 'vitest';
import { dueSoonDaysFor, obligationsFor } from '../../src/domain/meeting-obligations.ts';
import { NATIONAL_DEFAULTS } from '../../src/domain/policy/national-defaults.ts';
import { periodContaining } from '../../src/domain/periods.ts';
import { meetingWindows } from '../../src/reminders/plan-context.ts';
import { policyBook } from '../../src/domain/policy/index.ts';

const life = (today: string) =>
  obligationsFor({ partyOrg: { foundedOn: '2020-01-01', groups: [] }, policy: NATIONAL_DEFAULTS, meetings: [], today, kinds: ['life_meeting'] }).find((o) => o.period.key === today.slice(0, 4))!;

describe('组织生活会 in Q4', () => {
  test('due on 30 September, due-soon from 1 October', () => {
    expect(life('2026-09-30').status).toBe('due');
    expect(life('2026-10-01')).toMatchObject({ status: 'due_soon', daysLeft: 91 });
    expect(life('2026-12-21').status).toBe('due_soon');
  });
  test('the reminders planner opens the window on 1 October', () => {
    const v = policyBook([]).variants;
    const win = (today: string) => meetingWindows(v, today).filter((w) => w.kind === 'life_meeting' && w.status === 'due_soon');
    expect(win('2026-09-30')).toEqual([]);
    expect(win('2026-10-01')).toMatchObject([{ periodKey: '2026', days: 91 }]);
  });
  test('other yearly kinds keep the tail of policy.reminders.dueSoonDays', () => {
    const year = periodContaining('year', '2026-06-01');
    expect(dueSoonDaysFor(NATIONAL_DEFAULTS.meetings.appraisal, NATIONAL_DEFAULTS.reminders, year)).toBe(10);
    expect(dueSoonDaysFor(NATIONAL_DEFAULTS.meetings.life_meeting, NATIONAL_DEFAULTS.reminders, year)).toBe(92);
  });
});
