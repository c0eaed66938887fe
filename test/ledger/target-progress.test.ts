import { expect, test } from 'vitest';
import { shortOf } from '../../src/ledger/crossing-service.ts';
import { namedPreset, resolvePolicy } from '../../src/domain/policy/index.ts';

test('shortOf: orgs still needed to reach a target share', () => {
  expect(shortOf(60, 2, 4)).toBe(1); // 2.4 → 3 orgs
  expect(shortOf(80, 80, 120)).toBe(16); // 96 orgs
  expect(shortOf(100, 110, 120)).toBe(10);
  expect(shortOf(80, 96, 120)).toBe(0);
  expect(shortOf(80, 100, 120)).toBe(0);
  expect(shortOf(80, 0, 0)).toBe(0);
});

test('the presets carry their documents\' targets: 武汉 80% and 100% of qualifying orgs, 历城 超60争100', () => {
  const wuhan = resolvePolicy('420102', [{ regionCode: '420102', settings: namedPreset('武汉2016')!.settings }]);
  expect(wuhan.targets).toEqual({ orgCoveragePct: 80, workCoveragePct: 100, qualifiedCoveragePct: 100 });
  const licheng = resolvePolicy('370112', [{ regionCode: '370112', settings: namedPreset('历城2011')!.settings }]);
  expect(licheng.targets).toEqual({ orgCoveragePct: 60, workCoveragePct: 100, qualifiedCoveragePct: null });
});
