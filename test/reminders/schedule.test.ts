/** Working days (春节, 国庆, a 调休 Saturday, an uncovered year), quiet hours and the digest hour. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NATIONAL_DEFAULTS } from '../../src/domain/policy/index.ts';
import { isoWeekKey, moment, retryDelayMs } from '../../src/reminders/schedule.ts';
import { runReminders } from '../../src/reminders/runner.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { enqueueBulk } from '../../src/db/reminders/outbox-store.ts';
import { held, outbox, partyOrg, remindersDeps, secretary } from './support.ts';

const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
const never = () => {
  throw new Error('covered year reported as uncovered');
};

describe('moment', () => {
  test.each([
    ['2026-02-13', true, 'Friday before the Spring Festival'],
    ['2026-02-14', true, 'Saturday worked in exchange (调休)'],
    ['2026-02-16', false, '除夕 eve holiday'],
    ['2026-02-17', false, '春节'],
    ['2026-02-23', false, 'last day of the break'],
    ['2026-02-24', true, 'back to work'],
    ['2026-02-28', true, 'Saturday worked in exchange (调休)'],
    ['2026-10-01', false, '国庆'],
    ['2026-10-07', false, '国庆 (in lieu)'],
    ['2026-10-08', true, 'back to work'],
    ['2026-10-10', true, 'Saturday worked in exchange (调休)'],
    ['2026-03-28', false, 'plain Saturday'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    const m = moment(at(date, '09:00'), NATIONAL_DEFAULTS, never);
    expect(m.workingDay).toBe(working);
    expect(m.mayPlan).toBe(working);
  });

  test('quiet hours: nothing before 08:30 or from 20:00; the digest from 09:00', () => {
    const m = (t: string) => moment(at('2026-03-27', t), NATIONAL_DEFAULTS, never);
    expect(m('08:29')).toMatchObject({ mayDeliver: false, mayPlan: false });
    expect(m('08:30')).toMatchObject({ mayDeliver: true, mayPlan: false });
    expect(m('08:59')).toMatchObject({ mayDeliver: true, mayPlan: false });
    expect(m('09:00')).toMatchObject({ mayDeliver: true, mayPlan: true });
    expect(m('19:59')).toMatchObject({ mayDeliver: true, mayPlan: true });
    expect(m('20:00')).toMatchObject({ mayDeliver: false, mayPlan: false });
    // Computed in Shanghai whatever the host zone: 16:30 UTC on 10-07 is 00:30 on 10-08.
    expect(moment(new Date('2026-10-07T16:30:00Z'), NATIONAL_DEFAULTS, never).today).toBe('2026-10-08');
  });

  test('a year the calendar does not cover falls back to Monday–Friday and warns', () => {
    const years: number[] = [];
    expect(moment(at('2027-03-01', '09:00'), NATIONAL_DEFAULTS, (y) => years.push(y)).workingDay).toBe(true); // Monday
    expect(moment(at('2027-03-06', '09:00'), NATIONAL_DEFAULTS, (y) => years.push(y)).workingDay).toBe(false); // Saturday
    expect(years).toEqual([2027, 2027]);
  });

  test('ISO weeks and retry back-off', () => {
    expect(isoWeekKey('2026-03-23')).toBe('2026-W13');
    expect(isoWeekKey('2026-03-29')).toBe('2026-W13');
    expect(isoWeekKey('2026-03-30')).toBe('2026-W14');
    expect(isoWeekKey('2027-01-01')).toBe('2026-W53');
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, () => 0.5))).toEqual([1000, 4000, 16000, 64000]);
    expect(retryDelayMs(20, () => 0.5)).toBe(900_000);
  });
});

describe('runs on days off and in quiet hours', () => {
  let database: TestDatabase;
  let sec: { id: string; openId: string };
  beforeAll(async () => {
    database = await createTestDb();
    const po = await partyOrg(database.db, { foundedOn: '2020-01-01' });
    sec = await secretary(database.db, po.id);
    // Everything owed is held except January's and February's 支委会.
    for (const kind of ['general_assembly', 'lecture', 'life_meeting', 'appraisal', 'heart_talk'] as const) await held(database.db, po.id, kind, ['2025-11-05', '2026-01-05']);
    await held(database.db, po.id, 'theme_day', ['2025-12-05', '2026-01-05', '2026-02-05']);
    await held(database.db, po.id, 'committee', ['2025-12-05']);
  });
  afterAll(async () => {
    await database.drop();
  });

  test('the Spring Festival, 国庆 and a weekend: nothing planned, nothing sent', async () => {
    for (const d of ['2026-02-17', '2026-10-05', '2026-03-28']) {
      const { deps, messenger } = remindersDeps(database.db, at(d, '09:05').toISOString());
      const r = await runReminders(deps, at(d, '09:05'));
      expect(r).toMatchObject({ workingDay: false, plan: null, delivery: null });
      expect(messenger.recipients()).toEqual([]);
    }
    expect(await outbox(database.db)).toEqual([]);
  });

  test('before 09:00 nothing is planned; after 20:00 nothing is sent, and it goes at 08:30 next working day', async () => {
    const early = remindersDeps(database.db, at('2026-02-13', '08:40').toISOString());
    expect((await runReminders(early.deps, at('2026-02-13', '08:40'))).plan).toBeNull();
    expect(await outbox(database.db)).toEqual([]);
    // A bulk reminder queued in the evening waits for the window.
    await enqueueBulk(database.db, 'b-evening', [{ personId: sec.id, payload: { from: '李干部', n: 1 } }], '2026-02-13', at('2026-02-13', '20:10'));
    const late = remindersDeps(database.db, at('2026-02-13', '20:10').toISOString());
    expect((await runReminders(late.deps, at('2026-02-13', '20:10'))).delivery).toBeNull();
    expect(late.messenger.recipients()).toEqual([]);
    // Saturday 02-14 is a 调休 working day: at 08:30 the window opens.
    const morning = remindersDeps(database.db, at('2026-02-14', '08:30').toISOString());
    const r = await runReminders(morning.deps, at('2026-02-14', '08:30'));
    expect(r.plan).toBeNull();
    expect(r.delivery?.sent).toBe(1);
    expect(morning.messenger.messages(sec.openId)).toHaveLength(1);
  });

  test('the 调休 Saturday gets its digest at 09:00 (January 支委会 overdue)', async () => {
    const { deps, messenger } = remindersDeps(database.db, at('2026-02-14', '09:00').toISOString());
    const r = await runReminders(deps, at('2026-02-14', '09:00'));
    expect(r.plan?.ran).toBe(true);
    const cards = messenger.messages(sec.openId);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]!.card)).toContain('2026年1月支委会');
  });

  test('an uncovered year: Monday 2027-03-01 sends, with a warning in the log', async () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (l) => lines.push(l));
    const { deps, messenger } = remindersDeps(database.db, at('2027-03-01', '09:05').toISOString(), { logger });
    const r = await runReminders(deps, at('2027-03-01', '09:05'));
    expect(r.workingDay).toBe(true);
    expect(messenger.messages(sec.openId).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('holiday calendar does not cover') && l.includes('2027'))).toBe(true);
  });
});
