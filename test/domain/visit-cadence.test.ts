import { describe, expect, test } from 'vitest';
import { visitCadence, visitSlots, type VisitCadenceInput } from '../../src/domain/visit-cadence.ts';

const longAgo = '2025-01-01';

function cadence(over: Partial<VisitCadenceInput> & { today: string }) {
  return visitCadence({ visitsPerMonth: 1, visits: [], assignedOn: longAgo, ...over });
}

describe('visitSlots', () => {
  const ends = (date: string, n: number) => visitSlots(date, n).map((s) => `${s.start.slice(8)}-${s.end.slice(8)}`);
  test('split into near-equal parts', () => {
    expect(ends('2026-11-22', 1)).toEqual(['01-30']);
    expect(ends('2026-11-22', 2)).toEqual(['01-15', '16-30']);
    expect(ends('2026-12-01', 2)).toEqual(['01-15', '16-31']);
    expect(ends('2026-02-01', 2)).toEqual(['01-14', '15-28']);
    expect(ends('2028-02-01', 2)).toEqual(['01-14', '15-29']);
    expect(ends('2026-12-01', 3)).toEqual(['01-10', '11-20', '21-31']);
    expect(ends('2026-11-01', 4)).toEqual(['01-07', '08-15', '16-22', '23-30']);
  });
  test('refuses a cadence below one', () => {
    expect(() => visitSlots('2026-11-01', 0)).toThrow(RangeError);
  });
});

describe('once a month', () => {
  test('not yet visited this month: due at its end', () => {
    expect(cadence({ today: '2026-11-20', visits: ['2026-10-15'] })).toEqual({
      requiredThisMonth: 1,
      doneThisMonth: 0,
      lastVisitOn: '2026-10-15',
      nextDueOn: '2026-11-30',
      daysUntilDue: 10,
      overdueDays: 0,
      sortKey: 10,
    });
  });

  test('visited this month: due at the end of next month', () => {
    expect(cadence({ today: '2026-11-20', visits: ['2026-11-05', '2026-10-15'] })).toMatchObject({
      doneThisMonth: 1,
      lastVisitOn: '2026-11-05',
      nextDueOn: '2026-12-31',
      overdueDays: 0,
    });
  });

  test('a missed month is overdue from its end until the next visit', () => {
    expect(cadence({ today: '2026-12-05', visits: ['2026-10-15'] })).toMatchObject({
      nextDueOn: '2026-11-30',
      overdueDays: 5,
      daysUntilDue: -5,
      sortKey: -5,
    });
    expect(cadence({ today: '2026-12-05', visits: ['2026-10-15', '2026-12-03'] })).toMatchObject({
      nextDueOn: '2027-01-31',
      overdueDays: 0,
    });
  });

  test('on the due day itself it is not yet overdue', () => {
    expect(cadence({ today: '2026-11-30', visits: ['2026-10-15'] })).toMatchObject({ daysUntilDue: 0, overdueDays: 0 });
  });

  test('assigned mid-month: the first month is not owed', () => {
    expect(cadence({ assignedOn: '2026-11-20', today: '2026-11-25' })).toMatchObject({
      requiredThisMonth: 0,
      lastVisitOn: null,
      nextDueOn: '2026-12-31',
    });
    expect(cadence({ assignedOn: '2026-11-01', today: '2026-11-25' })).toMatchObject({ requiredThisMonth: 1, nextDueOn: '2026-11-30' });
  });

  test('never visited since assignment: overdue from the first month owed', () => {
    expect(cadence({ assignedOn: '2026-09-01', today: '2026-11-25' })).toMatchObject({ nextDueOn: '2026-09-30', overdueDays: 56 });
  });

  test('visits before the assignment or after today are not counted', () => {
    expect(cadence({ assignedOn: '2026-11-10', today: '2026-11-25', visits: ['2026-11-05', '2026-11-28'] })).toMatchObject({
      lastVisitOn: null,
      doneThisMonth: 0,
      nextDueOn: '2026-12-31',
    });
  });
});

describe('twice a month (历城): the month in halves, counted cumulatively', () => {
  const two = (over: Partial<VisitCadenceInput> & { today: string }) => cadence({ visitsPerMonth: 2, ...over });

  test('none yet this month: due by the 15th', () => {
    expect(two({ today: '2026-11-10', visits: ['2026-10-05', '2026-10-20'] })).toMatchObject({
      requiredThisMonth: 2,
      doneThisMonth: 0,
      nextDueOn: '2026-11-15',
      daysUntilDue: 5,
    });
  });

  test('one visit in the first half: the second by the month end', () => {
    expect(two({ today: '2026-11-20', visits: ['2026-11-03'] })).toMatchObject({ doneThisMonth: 1, nextDueOn: '2026-11-30' });
  });

  test('two early visits satisfy both halves', () => {
    expect(two({ today: '2026-11-20', visits: ['2026-11-03', '2026-11-04'] })).toMatchObject({ doneThisMonth: 2, nextDueOn: '2026-12-15' });
  });

  test('a late first visit restarts the clock', () => {
    expect(two({ today: '2026-11-22', visits: ['2026-10-05', '2026-10-20', '2026-11-20'] })).toMatchObject({
      nextDueOn: '2026-11-30',
      overdueDays: 0,
    });
  });

  test('the first half missed is overdue from the 16th', () => {
    expect(two({ today: '2026-11-18', visits: ['2026-10-03', '2026-10-25'] })).toMatchObject({ nextDueOn: '2026-11-15', overdueDays: 3 });
  });

  test('one visit short last month is overdue from its end', () => {
    expect(two({ today: '2026-11-05', visits: ['2026-10-10'] })).toMatchObject({ nextDueOn: '2026-10-31', overdueDays: 5 });
  });

  test('February halves end on the 14th', () => {
    expect(two({ today: '2026-02-10', visits: ['2026-01-05', '2026-01-20'] })).toMatchObject({ nextDueOn: '2026-02-14' });
  });

  test('assigned in the first half: only the second half is owed that month', () => {
    expect(two({ assignedOn: '2026-11-10', today: '2026-11-11' })).toMatchObject({ requiredThisMonth: 1, nextDueOn: '2026-11-30' });
    expect(two({ assignedOn: '2026-11-10', today: '2026-11-13', visits: ['2026-11-12'] })).toMatchObject({
      doneThisMonth: 1,
      nextDueOn: '2026-12-15',
    });
  });
});

test('sorting by sortKey puts the most overdue first', () => {
  const orgs = {
    fine: cadence({ today: '2026-11-20', visits: ['2026-11-02'] }),
    dueSoon: cadence({ today: '2026-11-20', visits: ['2026-10-02'] }),
    late: cadence({ today: '2026-11-20', visits: ['2026-09-02'] }),
    veryLate: cadence({ today: '2026-11-20', visits: ['2026-07-02'] }),
  };
  const order = Object.entries(orgs)
    .sort(([, a], [, b]) => a.sortKey - b.sortKey)
    .map(([name]) => name);
  expect(order).toEqual(['veryLate', 'late', 'dueSoon', 'fine']);
});
