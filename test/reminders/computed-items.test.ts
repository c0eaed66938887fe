/** Visit items from visitCadence, with the region's visits per month (a policy override). */
import { expect, test } from 'vitest';
import { visitItems } from '../../src/reminders/computed-items.ts';
import { policyBook } from '../../src/domain/policy/index.ts';
import { LICHENG_370112 } from '../../src/domain/policy/index.ts';

const variants = policyBook([LICHENG_370112]).variants;
const a = (regionCode: string, visits: string[], assignedOn = '2025-06-01') => ({
  instructorId: 'i1',
  orgId: `o-${regionCode}-${visits.join('')}`,
  orgName: '某公司',
  regionCode,
  assignedOn,
  visits,
});

test('due soon in the month tail (3 days), overdue after, per the region’s cadence', () => {
  // 1 a month nationally: visited in February, so due 03-31; on 03-29 that is 2 days away.
  const national = a('370102001', ['2026-02-10']);
  expect(visitItems([national], variants, '2026-03-27')).toEqual([]);
  expect(visitItems([national], variants, '2026-03-29').map((i) => [i.kind, i.period_key, i.payload.days])).toEqual([['due_soon', '2026-03-31', 2]]);
  expect(visitItems([national], variants, '2026-04-02').map((i) => [i.kind, i.period_key, i.escalate])).toEqual([['overdue', '2026-03-31', false]]);
  expect(visitItems([national], variants, '2026-04-14').map((i) => [i.kind, i.escalate])).toEqual([['overdue', false]]); // 14 days
  expect(visitItems([national], variants, '2026-04-15').map((i) => [i.kind, i.escalate])).toEqual([['overdue', true]]); // more than 14
  // 历城 (370112…): twice a month, so a visit on 03-03 leaves the second half due 03-31 …
  const licheng = a('370112020', ['2026-03-03']);
  expect(visitItems([licheng], variants, '2026-03-14')).toEqual([]);
  expect(visitItems([licheng], variants, '2026-03-29').map((i) => [i.kind, i.period_key])).toEqual([['due_soon', '2026-03-31']]);
  // … and without one in March, the first half is overdue from 03-16.
  expect(visitItems([a('370112020', ['2026-02-03', '2026-02-20'])], variants, '2026-03-16').map((i) => [i.kind, i.period_key])).toEqual([['overdue', '2026-03-15']]);
});
