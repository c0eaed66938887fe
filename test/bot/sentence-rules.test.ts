/** The sentence rules are data (src/bot/sentences.json); these check the few things code does with them. */
import { expect, test } from 'vitest';
import { dateIn, numberIn, numberPatterns, sentenceRules, toNumber } from '../../src/bot/sentence-rules.ts';
import { MEETING_KINDS } from '../../src/flows/meetings/kinds.ts';
import { VISIT_TOPICS } from '../../src/db/schema/visits.ts';

test('numbers as people type them: digits and Chinese numerals', () => {
  expect(['5', '12', '五', '两', '十', '十二', '二十', '二十三', '零'].map(toNumber)).toEqual([5, 12, 5, 2, 10, 12, 20, 23, null]);
  const pats = numberPatterns(sentenceRules.meeting.attendance);
  expect(numberIn('今天开了支委会，到了5个人', pats)).toBe(5);
  expect(numberIn('开了党员大会，十二人参加', pats)).toBe(12);
  expect(numberIn('开了支委会', pats)).toBeNull();
});

test('day words: 今天, 昨天, 前天, 上周三 (Friday 2026-11-20 is today)', () => {
  const today = '2026-11-20';
  expect(dateIn('今天去了', today)).toBe('2026-11-20');
  expect(dateIn('昨天去了', today)).toBe('2026-11-19');
  expect(dateIn('前天去了', today)).toBe('2026-11-18');
  expect(dateIn('上周三去了', today)).toBe('2026-11-11');
  expect(dateIn('上星期天开了', today)).toBe('2026-11-15');
  expect(dateIn('去了', today)).toBeNull();
});

test('every topic and meeting kind named in the rules is one the records know', () => {
  expect(Object.keys(sentenceRules.visit.topics).filter((k) => !(VISIT_TOPICS as readonly string[]).includes(k))).toEqual([]);
  expect(Object.keys(sentenceRules.meeting.kinds).filter((k) => !(MEETING_KINDS as readonly string[]).includes(k))).toEqual([]);
});
