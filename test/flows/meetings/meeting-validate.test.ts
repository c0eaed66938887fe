import { expect, test } from 'vitest';
import { prompts } from '../../../src/bot/all-prompts.ts';
import { NATIONAL_DEFAULTS } from '../../../src/domain/policy/index.ts';
import { notMoreThan, parseAbsentees, parseCount, validateMeeting } from '../../../src/flows/meetings/meeting-validate.ts';

const now = new Date('2026-11-20T02:00:00Z');
const org = { membersFormal: 12, committeeSize: 5, foundedOn: '2020-03-01' };
const form = {
  date: '2026-11-18 +0800',
  time: '14:30 +0800',
  place: '会议室',
  host: '李书记',
  expected: '12',
  present: '10',
  topics: '学习',
};
const run = (kind: Parameters<typeof validateMeeting>[0]['kind'], over: Record<string, unknown> = {}, o = org) =>
  validateMeeting({ kind, form: { ...form, ...over }, org: o, policy: NATIONAL_DEFAULTS, now, t: prompts });

test('counts: whole numbers only, full-width digits read', () => {
  expect(parseCount('12')).toBe(12);
  expect(parseCount(' １２ ')).toBe(12);
  expect(parseCount('0')).toBe(0);
  for (const bad of ['十二', '12人', '-1', '1.5', '', '1e3', null, undefined]) expect(parseCount(bad)).toBeNull();
});

test('absentees: one a line, with or without a reason', () => {
  expect(parseAbsentees('张三 出差\n李四：病假\n王五（外出学习）\n赵六\n\n')).toEqual([
    { name: '张三', reason: '出差' },
    { name: '李四', reason: '病假' },
    { name: '王五', reason: '外出学习' },
    { name: '赵六', reason: '' },
  ]);
});

test('"half or fewer" is exact: 6 of 12 is half, 7 of 12 is more', () => {
  const half = NATIONAL_DEFAULTS.quorum.assembly;
  expect(notMoreThan(6, 12, half)).toBe(true);
  expect(notMoreThan(7, 12, half)).toBe(false);
  expect(notMoreThan(3, 5, half)).toBe(false);
  expect(notMoreThan(2, 5, half)).toBe(true);
});

test('the assembly quorum is measured against formal members, not the expected count typed', () => {
  // Expected includes probationary members (14), but only the 12 formal members vote: 7 present is enough.
  const ok = run('general_assembly', { expected: '14', present: '7' });
  expect(ok.ok && ok.warnings).toEqual([]);
  const low = run('general_assembly', { expected: '14', present: '6' });
  expect(low.ok && low.warnings.map((w) => w.code)).toEqual(['assembly_quorum']);
  // An org with no formal members recorded falls back to the expected count.
  const unknown = run('general_assembly', { expected: '10', present: '5' }, { ...org, membersFormal: 0 });
  expect(unknown.ok && unknown.warnings.map((w) => w.code)).toEqual(['assembly_quorum']);
});

test('a region with another quorum share is followed', () => {
  const policy = { ...NATIONAL_DEFAULTS, quorum: { ...NATIONAL_DEFAULTS.quorum, committee: { num: 2, den: 3 } } };
  const r = validateMeeting({ kind: 'committee', form: { ...form, expected: '6', present: '4' }, org: { ...org, committeeSize: 6 }, policy, now, t: prompts });
  expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['committee_quorum']);
  expect(r.ok && r.warnings[0]!.text).toContain('2/3');
});

test('errors: required fields, place unless online, lecture fields, grades above the formal members', () => {
  const r = run('lecture', { place: '', host: '', topics: '' });
  expect(r.ok).toBe(false);
  // A 党课 has no separate 议题 field: its 题目 is the topic, so only 'title' is flagged.
  expect(!r.ok && Object.keys(r.errors).sort()).toEqual(['host', 'lecturer', 'place', 'title'].sort());
  expect(run('general_assembly', { place: '', online: true }).ok).toBe(true);
  const g = run('appraisal', { g_excellent: '4', g_qualified: '9', g_basic: '0', g_unqualified: '0' });
  expect(!g.ok && g.errors.g_excellent).toContain('多于正式党员 12 人');
  const time = run('committee', { time: '25:00 +0800', expected: '5', present: '5' });
  expect(!time.ok && time.errors.time).toBeTruthy();
});

test('a meeting on the founding day is fine; the day before is not', () => {
  expect(run('committee', { date: '2020-03-01 +0800', expected: '5', present: '5' }).ok).toBe(true);
  const r = run('committee', { date: '2020-02-29 +0800', expected: '5', present: '5' });
  expect(!r.ok && r.errors.date).toContain('2020-03-01');
});

test('换届选举: more than 4/5 of the formal members (选举工作条例); 9 of 12 is not, but is fine without the box; only 党员大会 has it', () => {
  // 4/5 of 12 is 9.6: 10 present is more; 9 is not.
  const ok = run('general_assembly', { present: '10', election: true });
  expect(ok.ok && ok.values.election).toBe(true);
  expect(ok.ok && ok.warnings).toEqual([]);
  const low = run('general_assembly', { present: '9', election: true });
  expect(low.ok && low.warnings.map((w) => w.code)).toEqual(['election_quorum']);
  expect(low.ok && low.warnings[0]!.text).toContain('选举无效');
  // 6 of 12: short of both the majority and the 4/5 — both said.
  const both = run('general_assembly', { present: '6', election: 'true' });
  expect(both.ok && both.warnings.map((w) => w.code)).toEqual(['assembly_quorum', 'election_quorum']);
  expect(run('general_assembly', { present: '9' })).toMatchObject({ ok: true, warnings: [] });
  const committee = run('committee', { expected: '5', present: '3', election: true }, { ...org });
  expect(committee.ok && committee.values.election).toBe(false);
  // A region's own share is followed.
  const policy = { ...NATIONAL_DEFAULTS, quorum: { ...NATIONAL_DEFAULTS.quorum, election: { num: 2, den: 3 } } };
  const r = validateMeeting({ kind: 'general_assembly', form: { ...form, present: '9', election: true }, org, policy, now, t: prompts });
  expect(r.ok && r.warnings).toEqual([]);
});
