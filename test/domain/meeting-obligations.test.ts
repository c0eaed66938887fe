import { describe, expect, test } from 'vitest';
import {
  defaultWindowStart,
  obligationsFor,
  type MeetingRecord,
  type Obligation,
  type ObligationsInput,
} from '../../src/domain/meeting-obligations.ts';
import { NATIONAL_DEFAULTS } from '../../src/domain/policy/national-defaults.ts';
import { resolvePolicy } from '../../src/domain/policy/resolve-policy.ts';
import type { MeetingKind } from '../../src/domain/policy/policy-schema.ts';

const org = { foundedOn: '2020-06-01', groups: [] as string[] };

function run(over: Partial<ObligationsInput> & { today: string }): Obligation[] {
  return obligationsFor({ partyOrg: org, policy: NATIONAL_DEFAULTS, meetings: [], ...over });
}

function one(list: Obligation[], kind: MeetingKind, key: string, groupId?: string): Obligation {
  const found = list.filter((o) => o.kind === kind && o.period.key === key && o.groupId === groupId);
  expect(found, `${kind} ${key} ${groupId ?? ''}`).toHaveLength(1);
  return found[0];
}

describe('the default window: this year and the previous quarter', () => {
  test('in November: the whole year', () => {
    expect(defaultWindowStart('2026-11-22')).toBe('2026-01-01');
    const list = run({ today: '2026-11-22', kinds: ['general_assembly', 'committee', 'life_meeting'] });
    expect(list.filter((o) => o.kind === 'general_assembly').map((o) => o.period.key)).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    expect(list.filter((o) => o.kind === 'committee')).toHaveLength(11);
    expect(list.filter((o) => o.kind === 'life_meeting').map((o) => o.period.key)).toEqual(['2026']);
  });

  test('in February: last year\'s fourth quarter and last year\'s yearly kinds too', () => {
    expect(defaultWindowStart('2026-02-10')).toBe('2025-10-01');
    const list = run({ today: '2026-02-10', kinds: ['general_assembly', 'life_meeting'] });
    expect(list.map((o) => `${o.kind} ${o.period.key} ${o.status}`)).toEqual([
      'general_assembly 2025-Q4 overdue',
      'general_assembly 2026-Q1 due',
      'life_meeting 2025 overdue',
      'life_meeting 2026 due',
    ]);
  });

  test('an explicit window', () => {
    const list = run({ today: '2026-11-22', kinds: ['general_assembly'], since: '2026-10-01' });
    expect(list.map((o) => o.period.key)).toEqual(['2026-Q4']);
  });
});

describe('judging a quarter at its boundaries (党员大会, due-soon in the last 10 days)', () => {
  const kinds: MeetingKind[] = ['general_assembly'];
  test.each([
    ['2026-03-21', 'due', { daysLeft: 10 }],
    ['2026-03-22', 'due_soon', { daysLeft: 9 }],
    ['2026-03-31', 'due_soon', { daysLeft: 0 }],
    ['2026-04-01', 'overdue', { overdueDays: 1 }],
    ['2026-04-15', 'overdue', { overdueDays: 15 }],
  ])('Q1 on %s is %s', (today, status, extra) => {
    const q1 = one(run({ today, kinds }), 'general_assembly', '2026-Q1');
    expect(q1).toMatchObject({ status, required: 1, held: 0, dueOn: '2026-03-31', ...extra });
  });

  test('the new quarter starts out due', () => {
    expect(one(run({ today: '2026-04-01', kinds }), 'general_assembly', '2026-Q2')).toMatchObject({ status: 'due', daysLeft: 90 });
  });

  test('a meeting on the last day of the quarter counts for that quarter only', () => {
    const meetings: MeetingRecord[] = [{ kind: 'general_assembly', heldOn: '2026-03-31' }];
    const list = run({ today: '2026-04-01', kinds, meetings });
    expect(one(list, 'general_assembly', '2026-Q1')).toMatchObject({ status: 'done', held: 1, heldOn: ['2026-03-31'] });
    expect(one(list, 'general_assembly', '2026-Q2')).toMatchObject({ status: 'due', held: 0 });
  });

  test('done as soon as held, before the period ends; stays done afterwards', () => {
    const meetings: MeetingRecord[] = [{ kind: 'general_assembly', heldOn: '2026-11-03' }];
    expect(one(run({ today: '2026-11-22', kinds, meetings }), 'general_assembly', '2026-Q4').status).toBe('done');
    expect(one(run({ today: '2027-01-05', kinds, meetings }), 'general_assembly', '2026-Q4').status).toBe('done');
  });
});

describe('monthly kinds are due-soon in their last 3 days', () => {
  test.each([
    ['2026-11-27', 'due'],
    ['2026-11-28', 'due_soon'],
    ['2026-11-30', 'due_soon'],
  ])('支委会 on %s: %s', (today, status) => {
    expect(one(run({ today, kinds: ['committee'] }), 'committee', '2026-11').status).toBe(status);
  });

  test('February has 28 days', () => {
    expect(one(run({ today: '2026-02-25', kinds: ['committee'] }), 'committee', '2026-02').status).toBe('due');
    expect(one(run({ today: '2026-02-26', kinds: ['committee'] }), 'committee', '2026-02').status).toBe('due_soon');
    expect(one(run({ today: '2026-03-01', kinds: ['committee'] }), 'committee', '2026-02').status).toBe('overdue');
  });
});

describe('a party org founded mid-quarter', () => {
  const founded = { foundedOn: '2026-05-10', groups: [] };

  test('owes nothing for the founding periods, everything after', () => {
    const list = run({ partyOrg: founded, today: '2026-07-15', kinds: ['general_assembly', 'committee'] });
    expect(list.map((o) => `${o.kind} ${o.period.key} ${o.status}`)).toEqual([
      'general_assembly 2026-Q2 not_owed',
      'general_assembly 2026-Q3 due',
      'committee 2026-05 not_owed',
      'committee 2026-06 overdue',
      'committee 2026-07 due',
    ]);
  });

  test('stays not_owed even with a meeting held, which is still shown', () => {
    const meetings: MeetingRecord[] = [{ kind: 'general_assembly', heldOn: '2026-05-20' }];
    const q2 = one(run({ partyOrg: founded, today: '2026-07-15', kinds: ['general_assembly'], meetings }), 'general_assembly', '2026-Q2');
    expect(q2).toMatchObject({ status: 'not_owed', held: 1 });
  });

  test('founded on the first day of a quarter owes that quarter', () => {
    const list = run({ partyOrg: { foundedOn: '2026-04-01', groups: [] }, today: '2026-07-15', kinds: ['general_assembly'] });
    expect(list.map((o) => `${o.period.key} ${o.status}`)).toEqual(['2026-Q2 overdue', '2026-Q3 due']);
  });

  test('a party org founded after today owes nothing at all', () => {
    expect(run({ partyOrg: { foundedOn: '2026-12-01', groups: [] }, today: '2026-11-22' })).toEqual([]);
  });

  test('founded last December: this year owed in full, last year not', () => {
    const list = run({ partyOrg: { foundedOn: '2025-12-15', groups: [] }, today: '2026-02-10', kinds: ['life_meeting'] });
    expect(list.map((o) => `${o.period.key} ${o.status}`)).toEqual(['2025 not_owed', '2026 due']);
  });
});

describe('one meeting, several obligations', () => {
  test('a 党员大会 held as the theme day counts for both', () => {
    const meetings: MeetingRecord[] = [{ kind: 'general_assembly', heldOn: '2026-10-15', alsoThemeDay: true }];
    const list = run({ today: '2026-10-20', kinds: ['general_assembly', 'theme_day'], meetings });
    expect(one(list, 'general_assembly', '2026-Q4').status).toBe('done');
    expect(one(list, 'theme_day', '2026-10')).toMatchObject({ status: 'done', heldOn: ['2026-10-15'] });
  });

  test('so does a 党课; without the flag it does not', () => {
    const list = run({
      today: '2026-10-20',
      kinds: ['theme_day'],
      meetings: [
        { kind: 'lecture', heldOn: '2026-09-10', alsoThemeDay: true },
        { kind: 'lecture', heldOn: '2026-10-10' },
      ],
    });
    expect(one(list, 'theme_day', '2026-09').status).toBe('done');
    expect(one(list, 'theme_day', '2026-10').status).toBe('due');
  });

  test('only a 党员大会 or 党课 can double as the theme day', () => {
    const list = run({ today: '2026-10-20', kinds: ['theme_day'], meetings: [{ kind: 'committee', heldOn: '2026-10-10', alsoThemeDay: true }] });
    expect(one(list, 'theme_day', '2026-10').status).toBe('due');
  });
});

describe('party groups', () => {
  test('each group owes its own 党小组会', () => {
    const list = run({
      partyOrg: { foundedOn: '2020-01-01', groups: ['g1', 'g2'] },
      today: '2026-11-29',
      kinds: ['group'],
      since: '2026-10-01',
      meetings: [
        { kind: 'group', heldOn: '2026-10-09', groupId: 'g1' },
        { kind: 'group', heldOn: '2026-11-09', groupId: 'g2' },
        { kind: 'group', heldOn: '2026-11-10', groupId: 'dissolved' },
      ],
    });
    expect(list.map((o) => `${o.groupId} ${o.period.key} ${o.status}`)).toEqual([
      'g1 2026-10 done',
      'g1 2026-11 due_soon',
      'g2 2026-10 overdue',
      'g2 2026-11 done',
    ]);
  });

  test('no groups, no 党小组会 owed', () => {
    expect(run({ today: '2026-11-22', kinds: ['group'] })).toEqual([]);
  });

  test('with a single group, a group meeting without a group id is that group\'s', () => {
    const list = run({
      partyOrg: { foundedOn: '2020-01-01', groups: ['only'] },
      today: '2026-11-22',
      kinds: ['group'],
      since: '2026-11-01',
      meetings: [{ kind: 'group', heldOn: '2026-11-09' }],
    });
    expect(list).toMatchObject([{ groupId: 'only', status: 'done' }]);
  });
});

describe('policy', () => {
  test('a count above one and a half-yearly 党课', () => {
    const policy = resolvePolicy('370112', [
      { regionCode: '370112', settings: { meetings: { lecture: { period: 'half_year', count: 2 } } } },
    ]);
    const meetings: MeetingRecord[] = [{ kind: 'lecture', heldOn: '2026-08-01' }];
    const list = obligationsFor({ partyOrg: org, policy, meetings, today: '2026-12-25', kinds: ['lecture'] });
    expect(list.map((o) => `${o.period.key} ${o.held}/${o.required} ${o.status}`)).toEqual([
      '2026-H1 0/2 overdue',
      '2026-H2 1/2 due_soon',
    ]);
  });

  test('a disabled kind is not owed and all kinds come in a fixed order', () => {
    const policy = resolvePolicy('370112', [{ regionCode: '370112', settings: { meetings: { heart_talk: { enabled: false } } } }]);
    const list = obligationsFor({ partyOrg: { foundedOn: '2020-01-01', groups: ['g'] }, policy, meetings: [], today: '2026-11-22' });
    const kinds = [...new Set(list.map((o) => o.kind))];
    expect(kinds).toEqual(['general_assembly', 'committee', 'group', 'lecture', 'theme_day', 'life_meeting', 'appraisal']);
  });

  test('meetings dated after today do not count', () => {
    const list = run({ today: '2026-11-22', kinds: ['committee'], meetings: [{ kind: 'committee', heldOn: '2026-11-25' }] });
    expect(one(list, 'committee', '2026-11')).toMatchObject({ status: 'due', held: 0 });
  });
});
