import { describe, expect, test } from 'vitest';
import {
  nextPeriod,
  periodContaining,
  periodFromKey,
  periodIncludes,
  periodLabel,
  periodsOverlapping,
  previousPeriod,
} from '../../src/domain/periods.ts';

describe('periodContaining', () => {
  test('month, quarter, half year, year', () => {
    expect(periodContaining('month', '2026-02-14')).toEqual({ kind: 'month', key: '2026-02', start: '2026-02-01', end: '2026-02-28' });
    expect(periodContaining('quarter', '2026-03-31')).toEqual({ kind: 'quarter', key: '2026-Q1', start: '2026-01-01', end: '2026-03-31' });
    expect(periodContaining('quarter', '2026-04-01')).toEqual({ kind: 'quarter', key: '2026-Q2', start: '2026-04-01', end: '2026-06-30' });
    expect(periodContaining('half_year', '2026-07-01')).toEqual({ kind: 'half_year', key: '2026-H2', start: '2026-07-01', end: '2026-12-31' });
    expect(periodContaining('year', '2026-11-22')).toEqual({ kind: 'year', key: '2026', start: '2026-01-01', end: '2026-12-31' });
  });

  test('previous and next cross year boundaries', () => {
    const q1 = periodContaining('quarter', '2026-01-15');
    expect(previousPeriod(q1).key).toBe('2025-Q4');
    expect(previousPeriod(q1).end).toBe('2025-12-31');
    expect(nextPeriod(periodContaining('month', '2026-12-05')).key).toBe('2027-01');
    expect(nextPeriod(periodContaining('half_year', '2026-03-01')).key).toBe('2026-H2');
  });

  test('includes both ends', () => {
    const q = periodContaining('quarter', '2026-05-01');
    expect(periodIncludes(q, '2026-04-01')).toBe(true);
    expect(periodIncludes(q, '2026-06-30')).toBe(true);
    expect(periodIncludes(q, '2026-07-01')).toBe(false);
    expect(periodIncludes(q, '2026-03-31')).toBe(false);
  });
});

test('periodsOverlapping lists every period touching the range, oldest first', () => {
  expect(periodsOverlapping('quarter', '2025-10-01', '2026-11-22').map((p) => p.key)).toEqual([
    '2025-Q4',
    '2026-Q1',
    '2026-Q2',
    '2026-Q3',
    '2026-Q4',
  ]);
  expect(periodsOverlapping('month', '2026-01-31', '2026-03-01').map((p) => p.key)).toEqual(['2026-01', '2026-02', '2026-03']);
  expect(periodsOverlapping('year', '2025-10-01', '2026-01-05').map((p) => p.key)).toEqual(['2025', '2026']);
  expect(periodsOverlapping('month', '2026-03-01', '2026-02-01')).toEqual([]);
});

test('keys round-trip', () => {
  for (const key of ['2026-11', '2026-01', '2026-Q4', '2026-Q1', '2026-H1', '2026-H2', '2026']) {
    expect(periodFromKey(key)?.key).toBe(key);
  }
  expect(periodFromKey('2026-Q3')).toMatchObject({ start: '2026-07-01', end: '2026-09-30' });
  expect(periodFromKey('2026-13')).toBeNull();
  expect(periodFromKey('2026-Q5')).toBeNull();
  expect(periodFromKey('Q1')).toBeNull();
});

test('labels', () => {
  expect(periodLabel(periodContaining('month', '2026-11-22'))).toBe('2026年11月');
  expect(periodLabel(periodContaining('quarter', '2026-11-22'))).toBe('2026年第4季度');
  expect(periodLabel(periodContaining('half_year', '2026-03-22'))).toBe('2026年上半年');
  expect(periodLabel(periodContaining('year', '2026-03-22'))).toBe('2026年');
});
