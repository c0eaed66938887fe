import { expect, test } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
test('fixed clock stays put', () => {
  const c = fixedClock('2026-11-22T01:00:00Z');
  expect(c.now().toISOString()).toBe('2026-11-22T01:00:00.000Z');
});
