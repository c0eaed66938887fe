/**
 * Where instructors are assigned, the cap is the one the region's policy chooses: I1 + I2
 * (002 二(二): 5 with a party org, 3 without) by default, I1b (004 §10: 5 units in all) under the
 * 宁夏2018 preset. The same instructor load passes one and is over the other.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { namedPreset } from '../../../src/domain/policy/index.ts';
import { checkInstructorCap, isOverCap } from '../../../src/domain/instructor-caps.ts';
import { NATIONAL_DEFAULTS } from '../../../src/domain/policy/national-defaults.ts';
import { resolvePolicy } from '../../../src/domain/policy/resolve-policy.ts';
import { assign, cardText, COUNTY, driver, field, seedInstructor, seedOfficer, seedOrg, useOverride } from './visit-kit.ts';

let h: BotHarness;
const off = () => driver(h, 'ou_nx_off');

beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
  await useOverride(h.db, { regionCode: COUNTY, settings: namedPreset('宁夏2018')!.settings });
  await seedOfficer(h.db, 'ou_nx_off', '宁干部');
  const id = await seedInstructor(h.db, 'ou_nx_ins', '五家指导员');
  // 3 with a party org and 2 without: within I1 (5) and I2 (3), at I1b's 5 in all.
  for (let i = 1; i <= 3; i++) await assign(h.db, id, await seedOrg(h.db, { name: `有党组织${i}`, formation: 'standalone' }));
  for (let i = 1; i <= 2; i++) await assign(h.db, id, await seedOrg(h.db, { name: `无党组织${i}` }));
  await seedOrg(h.db, { name: '第六家公司' });
});
afterAll(() => h.close());

test('the pure rule: the same load is within I1 + I2 and over I1b', () => {
  const load = { withPartyOrg: 3, withoutPartyOrg: 2 };
  expect(checkInstructorCap(NATIONAL_DEFAULTS.instructors, load, false, true)).toEqual({ rule: 'without', after: 3, cap: 3, exceeds: false });
  const nx = resolvePolicy('640104', [{ regionCode: '640104', settings: namedPreset('宁夏2018')!.settings }]).instructors;
  expect(checkInstructorCap(nx, load, false, true)).toEqual({ rule: 'total', after: 6, cap: 5, exceeds: true });
  expect(checkInstructorCap(nx, load, false, false).exceeds).toBe(false); // a closed org counts towards no cap
  expect([isOverCap(NATIONAL_DEFAULTS.instructors, { withPartyOrg: 4, withoutPartyOrg: 3 }), isOverCap(nx, { withPartyOrg: 4, withoutPartyOrg: 3 })]).toEqual([false, true]);
});

test('under 宁夏2018 a sixth unit needs an officer\'s exception with a reason', async () => {
  const form = await off().clickValue({ cmd: 'start', flow: 'visit-assign', args: { fresh: true } });
  const value = (field(form.card, 'instructor')!.options as Array<{ value: string; text: { content: string } }>).find((o) => o.text.content === '五家指导员')?.value;
  const confirm = await off().click(form.card, '下一步', { instructor: value ?? 'x', org: '第六家', op: 'assign' });
  expect(cardText(confirm.card)).toContain('指派后联系单位共将达 6 个，超过上限 5 个');
  expect(field(confirm.card, 'reason')?.required).toBe(true);
  const done = await off().click(confirm.card, '确认例外指派', { reason: '暂无其他指导员' });
  expect(cardText(done.card)).toContain('例外指派');
});
