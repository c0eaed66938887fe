import { expect, test } from 'vitest';
import { buildCoverageReport, formatRate, ratePercent } from '../../src/ledger/coverage-report.ts';

test('rates to one decimal place, halves rounded up, zero denominators shown as —', () => {
  expect(formatRate(1710, 2400)).toBe('71.3%');
  expect(formatRate(230, 2400)).toBe('9.6%');
  expect(formatRate(2230, 2400)).toBe('92.9%');
  expect(formatRate(1, 3)).toBe('33.3%');
  expect(formatRate(2, 3)).toBe('66.7%');
  expect(formatRate(0, 5)).toBe('0.0%');
  expect(formatRate(5, 5)).toBe('100.0%');
  expect(formatRate(0, 0)).toBe('—');
  expect(ratePercent(1, 8)).toBe(12.5);
});

test('the report sums kinds and children; orgs at the region itself count in the total only', () => {
  const f = (inScope: number, partyOrg: number, standalone: number, work: number) => ({ inScope, partyOrg, standalone, work });
  const rows = [
    { code: '370112', name: '历城区', kind: 'enterprise' as const, ...f(2, 1, 0, 2) },
    { code: '370112001', name: '山大路街道', kind: 'enterprise' as const, ...f(10, 5, 2, 8) },
    { code: '370112001', name: '山大路街道', kind: 'social_org' as const, ...f(4, 1, 1, 2) },
    { code: '370112002', name: '洪家楼街道', kind: null, ...f(0, 0, 0, 0) },
  ];
  const r = buildCoverageReport(rows, '370112', 'operating', '2026-11-22');
  expect(r.region).toEqual({ code: '370112', name: '历城区' });
  expect(r.total).toEqual(f(16, 7, 3, 12));
  expect(r.enterprise).toEqual(f(12, 6, 2, 10));
  expect(r.socialOrg).toEqual(f(4, 1, 1, 2));
  expect(r.children.map((c) => [c.region.name, c.total.inScope])).toEqual([
    ['山大路街道', 14],
    ['洪家楼街道', 0],
  ]);
  expect(Object.keys(r)).toEqual(['region', 'basis', 'asOf', 'total', 'enterprise', 'socialOrg', 'children']);
});
