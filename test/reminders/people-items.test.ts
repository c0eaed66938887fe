/**
 * 004 §9 后备人才 and §12 轮训 as reminder sources (issue 19 item 10): the secretary is reminded
 * when the secretary's or the party workers' training falls due, and when fewer reserves than
 * people.secretaryReservesMin are recorded; an instructor when their own training falls due.
 * Once per due date, escalated like other overdue items, by each region's policy. A fact never
 * recorded counts from when the org (or the instructor's role) became known: one cycle of grace.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { dueItemsOf, planDay, planning, uncoveredWarner } from '../../src/reminders/planner.ts';
import { itemAction, itemText } from '../../src/reminders/item-text.ts';
import { prompts as t } from '../../src/bot/all-prompts.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { setInstructorTrainedOn } from '../../src/db/visits/instructor-training-store.ts';
import { instructor, officer, org, override, partyOrg, reminderRows, secretary, SHANDALU, TANGWANG } from './support.ts';
import { reachOf } from '../../src/runtime/messenger-factory.ts';
import type { Db } from '../../src/db/database.ts';

const on = uncoveredWarner(silentLogger);
const nine = (date: string) => new Date(`${date}T09:05:00+08:00`);

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database.drop();
});

/** A party org entered into the bot on `createdOn`, covering one operating org, with its facts. */
async function seededOrg(
  db: Db,
  o: { regionCode?: string; createdOn: string; foundedOn?: string | null; reserves?: number | null; secretaryOn?: string | null; workersOn?: string | null },
) {
  const po = await partyOrg(db, { regionCode: o.regionCode ?? TANGWANG });
  await db.execute(sql`update party_orgs set created_at = ${`${o.createdOn}T10:00:00+08:00`}::timestamptz, founded_on = ${o.foundedOn ?? null}::date,
    reserve_secretaries = ${o.reserves ?? null}::int, secretary_trained_on = ${o.secretaryOn ?? null}::date, workers_trained_on = ${o.workersOn ?? null}::date
    where id = ${po.id}::uuid`);
  const covered = await org(db, { regionCode: o.regionCode ?? TANGWANG });
  await db.execute(sql`update orgs set party_org_id = ${po.id}::uuid, formation = 'standalone' where id = ${covered.id}::uuid`);
  return { ...po, sec: await secretary(db, po.id) };
}

const peopleItems = async (db: Db, personId: string, today: string) =>
  (await dueItemsOf(db, personId, await planning(db, nine(today), on), on))
    .filter((i) => i.itemType === 'training' || i.itemType === 'reserve')
    .map((i) => `${i.kind}:${i.itemKey.split(':').slice(0, 2).join(':')}@${i.periodKey}`)
    .sort();

describe('P1 / P2 reminders to the secretary (Monday 2026-11-16)', () => {
  test('due trainings and a missing reserve: once per due date, escalated after the policy’s days; nothing for a new org or one in order', async () => {
    const db = database.db;
    // Known since 2024-03-01: the workers' never-recorded training is due 2026-03-01, the
    // secretary's (last 2025-10-10, yearly) 2026-10-10; no reserve: asked for 2026 from 1 January.
    const old = await seededOrg(db, { createdOn: '2024-03-01', foundedOn: '2020-01-01', secretaryOn: '2025-10-10' });
    // Entered on 2026-06-01, nothing recorded: its grace has not run out (no flood on day one).
    const fresh = await seededOrg(db, { createdOn: '2026-06-01' });
    // Founded 2026-02-01 though entered earlier: counted from the founding.
    const founded = await seededOrg(db, { createdOn: '2025-01-01', foundedOn: '2026-02-01' });
    // All in order.
    const kept = await seededOrg(db, { createdOn: '2024-03-01', reserves: 1, secretaryOn: '2026-05-01', workersOn: '2025-12-01' });
    const off = await officer(db, TANGWANG);

    expect(await peopleItems(db, old.sec.id, '2026-11-16')).toEqual(['overdue:reserve:' + old.id + '@2026', 'overdue:training:secretary@2026-10-10', 'overdue:training:workers@2026-03-01']);
    expect(await peopleItems(db, fresh.sec.id, '2026-11-16')).toEqual([]);
    expect(await peopleItems(db, founded.sec.id, '2026-11-16')).toEqual([]);
    expect(await peopleItems(db, kept.sec.id, '2026-11-16')).toEqual([]);
    // Before the secretary's due date only the other two.
    expect(await peopleItems(db, old.sec.id, '2026-10-09')).toEqual(['overdue:reserve:' + old.id + '@2026', 'overdue:training:workers@2026-03-01']);

    // Escalated to the township's officer: overdue more than 14 days (reminders.escalateAfterOverdueDays).
    const escalations = (await dueItemsOf(db, off.id, await planning(db, nine('2026-11-16'), on), on)).filter((i) => i.kind === 'escalation' && i.itemType !== 'meeting' && i.payload.partyOrgId === old.id);
    expect(escalations.map((i) => i.itemKey).sort()).toEqual([`reserve:${old.id}`, `training:secretary:${old.id}`, `training:workers:${old.id}`]);

    // Planned once per due date: a second working day adds nothing for the secretary.
    const reach = reachOf({});
    await planDay(db, await planning(db, nine('2026-11-16'), on), on, { now: nine('2026-11-16'), reach });
    const first = (await reminderRows(db)).filter((r) => r.person_id === old.sec.id && r.item_type !== 'meeting');
    await planDay(db, await planning(db, nine('2026-11-17'), on), on, { now: nine('2026-11-17'), reach });
    const second = (await reminderRows(db)).filter((r) => r.person_id === old.sec.id && r.item_type !== 'meeting');
    expect(first.map((r) => r.item_key).sort()).toEqual([`reserve:${old.id}`, `training:secretary:${old.id}`, `training:workers:${old.id}`]);
    expect(second).toEqual(first);

    // Recording the training moves the due date on: the reminder stops.
    await db.execute(sql`update party_orgs set secretary_trained_on = '2026-11-10', reserve_secretaries = 1 where id = ${old.id}::uuid`);
    expect(await peopleItems(db, old.sec.id, '2026-11-18')).toEqual(['overdue:training:workers@2026-03-01']);
  });

  test('a region’s people.* override: no reserves owed, training every 3 years — nothing due', async () => {
    const db = database.db;
    await override(db, SHANDALU, { people: { secretaryReservesMin: 0, secretaryTrainingEveryYears: 3, workerTrainingEveryYears: 3 } });
    const po = await seededOrg(db, { regionCode: SHANDALU, createdOn: '2024-03-01' });
    expect(await peopleItems(db, po.sec.id, '2026-11-16')).toEqual([]);
    expect(await peopleItems(db, po.sec.id, '2027-03-01')).toEqual(['overdue:training:secretary@2027-03-01', 'overdue:training:workers@2027-03-01']);
  });

  test('the lines read plainly and open the 后备和轮训 step', () => {
    const p = { partyOrgId: 'po1', partyOrgName: '某某党支部', dueOn: '2026-10-10', trainedOn: '2025-10-10', years: 1, who: 'secretary' };
    const line = (x: Parameters<typeof itemText>[1]) => itemText(t, x).map((r) => r.text).join('');
    expect(line({ itemType: 'training', kind: 'overdue', payload: p })).toBe('某某党支部：书记每 1 年轮训1次，上次轮训2025-10-10，已于2026-10-10到期。请安排轮训，并在本支部情况中登记日期');
    expect(line({ itemType: 'training', kind: 'overdue', payload: { ...p, who: 'workers', trainedOn: null, years: 2 } })).toContain('党务工作者每 2 年轮训1次，上次轮训未登记');
    expect(line({ itemType: 'reserve', kind: 'overdue', payload: { partyOrgName: '某某党支部', min: 1, reserves: null } })).toBe('某某党支部：每个党组织至少要有 1 名书记后备，目前登记 0 名。请确定后备人选，并在本支部情况中登记');
    expect(itemAction(t, { itemType: 'reserve', kind: 'overdue', payload: p })?.value).toEqual({ cmd: 'start', flow: 'party-org-facts', args: { partyOrgId: 'po1', part: 'people' } });
    expect(itemAction(t, { itemType: 'training', kind: 'overdue', payload: { who: 'instructor' } })?.value).toEqual({ cmd: 'start', flow: 'instructor-training', args: {} });
  });
});

describe('an instructor’s own training (004 §12: every two years)', () => {
  test('due two years after becoming an instructor when none is recorded, two years after the recorded one otherwise', async () => {
    const db = database.db;
    const ins = await instructor(db, TANGWANG, '钱指导员');
    await db.execute(sql`update person_roles set created_at = '2024-01-05T10:00:00+08:00' where person_id = ${ins.id}::uuid`);
    const items = async (today: string) =>
      (await dueItemsOf(db, ins.id, await planning(db, nine(today), on), on)).filter((i) => i.itemType === 'training').map((i) => `${i.itemKey.split(':')[1]}@${i.periodKey}`);
    expect(await items('2026-01-02')).toEqual([]);
    expect(await items('2026-11-16')).toEqual(['instructor@2026-01-05']);
    await db.transaction(async (tx) => setInstructorTrainedOn(tx, ins.id, '2025-06-01', nine('2026-11-16')));
    expect(await items('2026-11-16')).toEqual([]);
    expect(await items('2027-06-01')).toEqual(['instructor@2027-06-01']);
  });
});
