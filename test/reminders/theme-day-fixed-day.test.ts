/**
 * 主题党日 on a fixed day (条例 第十六条, 004 §14 每月相对固定1天; issue 19 item 10): a region sets
 * meetings.theme_day.fixedDay, and the obligation is due on that day of each month — reminded in
 * the days before it, overdue from the day after — on the chat views and in the reminders alike.
 * National default: none (due by the month's end).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { obligationsFor } from '../../src/domain/meeting-obligations.ts';
import { NATIONAL_DEFAULTS, resolvePolicy } from '../../src/domain/policy/index.ts';
import { policySchema } from '../../src/domain/policy/policy-schema.ts';
import { dueItemsOf, planning, uncoveredWarner } from '../../src/reminders/planner.ts';
import { loadObligationInputs, obligationsOf } from '../../src/db/meetings/obligation-inputs.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { held, override, partyOrg, secretary, SHANDALU, TANGWANG } from './support.ts';
import { loadPolicyBook } from '../../src/db/stores/policy-book-store.ts';

const on = uncoveredWarner(silentLogger);
const nine = (date: string) => new Date(`${date}T09:05:00+08:00`);
const fixed = (day: number) => ({ ...NATIONAL_DEFAULTS, meetings: { ...NATIONAL_DEFAULTS.meetings, theme_day: { ...NATIONAL_DEFAULTS.meetings.theme_day, fixedDay: day } } });
const themeDay = (policy: typeof NATIONAL_DEFAULTS, today: string, heldOn: string[] = []) =>
  obligationsFor({ partyOrg: { foundedOn: '2020-01-01', groups: [] }, policy, meetings: heldOn.map((d) => ({ kind: 'theme_day' as const, heldOn: d })), today, kinds: ['theme_day'] }).find(
    (o) => o.period.key === today.slice(0, 7),
  )!;

describe('the obligation', () => {
  test('national default: no fixed day, due by the month end', () => {
    expect(NATIONAL_DEFAULTS.meetings.theme_day.fixedDay).toBeNull();
    expect(themeDay(NATIONAL_DEFAULTS, '2026-11-20')).toMatchObject({ status: 'due', dueOn: '2026-11-30' });
  });
  test('fixed on the 15th: due on it, due-soon in the 3 days before, overdue from the 16th, done by a later meeting', () => {
    const p = fixed(15);
    expect(themeDay(p, '2026-11-12')).toMatchObject({ status: 'due', dueOn: '2026-11-15', daysLeft: 3 });
    expect(themeDay(p, '2026-11-13')).toMatchObject({ status: 'due_soon', daysLeft: 2 });
    expect(themeDay(p, '2026-11-15')).toMatchObject({ status: 'due_soon', daysLeft: 0 });
    expect(themeDay(p, '2026-11-16')).toMatchObject({ status: 'overdue', overdueDays: 1 });
    expect(themeDay(p, '2026-11-20', ['2026-11-18'])).toMatchObject({ status: 'done', dueOn: '2026-11-15' });
  });
  test('31 means the month’s last day; the schema refuses 0 and 32', () => {
    expect(themeDay(fixed(31), '2026-02-10').dueOn).toBe('2026-02-28');
    expect(policySchema.safeParse(fixed(0)).success).toBe(false);
    expect(policySchema.safeParse(fixed(32)).success).toBe(false);
    expect(policySchema.safeParse(fixed(15)).success).toBe(true);
  });
});

describe('a region’s override, read by the chat views and the reminders', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDb();
  });
  afterAll(async () => {
    await database.drop();
  });

  test('汤王 fixes the 15th: reminded before it, overdue after it; 山大路 (no override) keeps the month end', async () => {
    const db = database.db;
    await override(db, TANGWANG, { meetings: { theme_day: { fixedDay: 15 } } });
    expect(resolvePolicy(TANGWANG, [{ regionCode: TANGWANG, settings: { meetings: { theme_day: { fixedDay: 15 } } } }]).meetings.theme_day.fixedDay).toBe(15);
    const fixedOrg = await partyOrg(db, { regionCode: TANGWANG });
    const plainOrg = await partyOrg(db, { regionCode: SHANDALU });
    // October's 主题党日 held by both, so only November is in question.
    for (const o of [fixedOrg, plainOrg]) await held(db, o.id, 'theme_day', ['2026-10-15']);
    const secs = { fixed: await secretary(db, fixedOrg.id), plain: await secretary(db, plainOrg.id) };

    const items = async (today: string, who: 'fixed' | 'plain') => {
      const p = await planning(db, nine(today), on);
      return (await dueItemsOf(db, secs[who].id, p, on))
        .filter((i) => i.itemType === 'meeting' && i.payload.meetingKind === 'theme_day')
        .map((i) => `${i.kind}@${i.periodKey} due ${String(i.payload.dueOn)}`);
    };
    expect(await items('2026-11-11', 'fixed')).toEqual([]);
    expect(await items('2026-11-13', 'fixed')).toEqual(['due_soon@2026-11 due 2026-11-15']);
    expect(await items('2026-11-16', 'fixed')).toEqual(['overdue@2026-11 due 2026-11-15']);
    expect(await items('2026-11-16', 'plain')).toEqual([]);
    expect(await items('2026-11-28', 'plain')).toEqual(['due_soon@2026-11 due 2026-11-30']);

    const view = async (today: string, id: string) => obligationsOf((await loadObligationInputs(db, await loadPolicyBook(db), [id], today)).get(id)!).filter((o) => o.kind === 'theme_day' && o.period.key === '2026-11');
    expect(await view('2026-11-16', fixedOrg.id)).toMatchObject([{ status: 'overdue', dueOn: '2026-11-15' }]);
    expect(await view('2026-11-16', plainOrg.id)).toMatchObject([{ status: 'due', dueOn: '2026-11-30' }]);
    // Held late on the 18th: done, and the reminder stops.
    await held(db, fixedOrg.id, 'theme_day', ['2026-11-18']);
    expect(await view('2026-11-20', fixedOrg.id)).toMatchObject([{ status: 'done' }]);
    expect(await items('2026-11-20', 'fixed')).toEqual([]);
  });
});
