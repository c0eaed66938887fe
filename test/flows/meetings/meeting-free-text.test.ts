/**
 * "今天开了支委会，到了5个人" (issue 20 item 1): a secretary gets the meeting form with the kind, day
 * and attendance filled in; a secretary of two branches picks the branch first and keeps them;
 * nothing is saved until they submit; what a card's args say is checked, not trusted.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { buttonValue, cardText, fieldValue, liveMeetings, seedPartyOrg, seedSecretary } from './meeting-kit.ts';

const NOW = '2026-11-20T02:00:00Z'; // Friday 10:00 in Shanghai
let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
});
afterAll(() => h.close());

test('one branch: the form opens prefilled, and nothing is saved yet', async () => {
  const org = await seedPartyOrg(h.db, { name: '句子一支部' });
  await seedSecretary(h.db, 'ou_ft_one', '甲书记', [org.id]);
  const [card] = await h.say('ou_ft_one', '昨天开了支委会，到了4个人');
  expect((card as any).header.title.content).toBe('支委会');
  expect(fieldValue(card, 'date')).toBe('2026-11-19');
  expect(fieldValue(card, 'present')).toBe('4');
  expect(fieldValue(card, 'expected')).toBe('5'); // the committee's size, as the form prefills it
  expect(await liveMeetings(h.db, org.id)).toEqual([]);
});

test('two branches: the branch step first, then the form keeps the kind and what was said', async () => {
  const a = await seedPartyOrg(h.db, { name: '句子甲支部' });
  const b = await seedPartyOrg(h.db, { name: '句子乙支部' });
  await seedSecretary(h.db, 'ou_ft_two', '乙书记', [a.id, b.id]);
  const [pick] = await h.say('ou_ft_two', '今天召开了党员大会，实到9人');
  expect(cardText(pick)).toContain('句子乙支部');
  const r = await h.click('ou_ft_two', buttonValue(pick, '句子乙支部'));
  expect((r.card as any).header.title.content).toBe('党员大会');
  expect(cardText(r.card)).toContain('句子乙支部');
  expect(fieldValue(r.card, 'date')).toBe('2026-11-20');
  expect(fieldValue(r.card, 'present')).toBe('9');
});

test('odd values in a card\'s args are dropped, not put in the form', async () => {
  const org = await seedPartyOrg(h.db, { name: '句子丙支部' });
  await seedSecretary(h.db, 'ou_ft_args', '丙书记', [org.id]);
  const r = await h.click('ou_ft_args', { cmd: 'start', flow: 'meeting', args: { kind: 'committee', heard: { date: '2026-13-45', present: -3, expected: 'x' } } });
  expect((r.card as any).header.title.content).toBe('支委会');
  expect(fieldValue(r.card, 'date')).toBe('2026-11-20');
  expect(fieldValue(r.card, 'present') ?? '').toBe('');
  expect(fieldValue(r.card, 'expected')).toBe('5');
});
