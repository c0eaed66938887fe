/** How an item reads: 谈心谈话 is 开展 (not 召开), a 支委会 召开. */
import { describe, expect, test } from 'vitest';
import { prompts } from '../../src/bot/all-prompts.ts';
import { plainText } from '../../src/cards/document.ts';
import { itemText } from '../../src/reminders/item-text.ts';

const meeting = (meetingKind: string, kind: string) =>
  plainText(itemText(prompts, { itemType: 'meeting', kind, payload: { partyOrgName: '唐王党支部', meetingKind, periodKey: '2026-11', days: 3, dueOn: '2026-11-30' } }));

describe('the verb of each kind of meeting', () => {
  test('谈心谈话 is 开展, overdue and due soon', () => {
    expect(meeting('heart_talk', 'overdue')).toContain('谈心谈话未按期开展，已逾期 3 天');
    expect(meeting('heart_talk', 'due_soon')).toContain('谈心谈话还未开展');
  });
  test('支委会 is 召开', () => {
    expect(meeting('committee', 'overdue')).toContain('支委会未按期召开');
  });
});

describe('one date style on cards', () => {
  test('11月30日 this year, with the year otherwise; org names are never read as dates', () => {
    const item = { itemType: 'visit', kind: 'overdue', payload: { orgName: '2026-01-01', days: 3, dueOn: '2026-11-30' } };
    expect(plainText(itemText(prompts, item, { today: '2026-12-03' }))).toBe('2026-01-01：走访已逾期 3 天（应于11月30日前）');
    expect(plainText(itemText(prompts, item, { today: '2027-01-04' }))).toContain('应于2026年11月30日前');
  });
});
