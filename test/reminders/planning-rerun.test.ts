/**
 * A rerun of a planned day (`reminders run`, the CLI's force) plans only what changed since the
 * last run: nothing when nothing did, the party orgs whose meetings changed, the leads when leads
 * did, and everything when a table read as a whole changed or `full` is asked for. A party org's
 * reminders removed behind planning's back show which were looked at: only a full run brings them back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { planDay, planning, uncoveredWarner } from '../../src/reminders/planner.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { reachOf } from '../../src/runtime/messenger-factory.ts';
import { rowsOf } from '../../src/db/sql.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { heldEverything, lead, officer, org, override, partyOrg, reminderRows, secretary, SHANDALU, TANGWANG } from './support.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(() => database.drop());

const AT = new Date('2026-03-27T01:05:00Z'); // Friday 09:05 Shanghai
const MONTHS = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];

test('a rerun plans only what changed since the last run; full plans everything', async () => {
  const db = database.db;
  const on = uncoveredWarner(silentLogger);
  const reach = reachOf({});
  const a = await partyOrg(db, { name: '甲支部' });
  const b = await partyOrg(db, { name: '乙支部' });
  const secA = await secretary(db, a.id, '甲书记');
  const secB = await secretary(db, b.id, '乙书记');
  const off = await officer(db, TANGWANG);
  await heldEverything(db, a.id, MONTHS);
  const p = await planning(db, AT, on);
  const run = (o: { full?: boolean } = {}) => planDay(db, p, on, { now: AT, force: true, reach, ...o });
  const of = async (personId: string) => (await reminderRows(db)).filter((r) => r.person_id === personId).map((r) => `${r.kind}:${r.item_key}`).sort();

  const first = await run();
  expect(first.ran).toBe(true);
  const aBefore = await of(secA.id);
  const bBefore = await of(secB.id);
  expect(bBefore.length).toBeGreaterThan(0);
  expect(aBefore.some((k) => k.includes(':committee'))).toBe(false);

  // Behind planning's back (no trigger on reminders): B's reminders gone.
  await db.execute(sql`delete from reminders where person_id = ${secB.id}::uuid`);

  // Nothing changed: nothing planned, B not looked at.
  expect((await run()).planned).toBe(0);
  expect(await of(secB.id)).toEqual([]);

  // A's February 支委会 deleted: A's committee is owed again, planned now; B still not looked at.
  await db.execute(sql`delete from meetings where party_org_id = ${a.id}::uuid and kind = 'committee' and held_on between '2026-02-01' and '2026-02-28'`);
  const r2 = await run();
  expect(r2.planned).toBeGreaterThan(0);
  const aAfter = await of(secA.id);
  expect(aAfter.filter((k) => !aBefore.includes(k)).every((k) => k.includes(':committee'))).toBe(true);
  expect(aAfter.some((k) => k.includes(':committee'))).toBe(true);
  expect(await of(secB.id)).toEqual([]);

  // A lead left uncontacted past the working days: the leads are read again, B still not.
  await lead(db, { createdAt: '2026-03-02T02:00:00Z', assigneePersonId: off.id });
  const r3 = await run();
  const offs = (await of(off.id)).filter((k) => k.includes(':lead:'));
  // Overdue, and escalated to the same (nearest) officer: both new.
  expect(offs).toEqual([expect.stringMatching(/^escalation:lead:/), expect.stringMatching(/^overdue:lead:/)]);
  expect(r3.planned).toBe(offs.length);
  expect(await of(secB.id)).toEqual([]);

  // A table read as a whole (orgs) changed: everything is planned, B's come back.
  await org(db);
  await run();
  expect(await of(secB.id)).toEqual(bBefore);

  // And `full` does the same without a change.
  await db.execute(sql`delete from reminders where person_id = ${secB.id}::uuid`);
  expect((await run()).planned).toBe(0);
  await run({ full: true });
  expect(await of(secB.id)).toEqual(bBefore);
});

test('the first run of a day plans everything, whatever the log says', async () => {
  const db = database.db;
  const on = uncoveredWarner(silentLogger);
  const po = await partyOrg(db, { name: '丙支部' });
  const sec = await secretary(db, po.id, '丙书记');
  await db.execute(sql`delete from plan_changes`);
  const monday = new Date('2026-03-30T01:05:00Z');
  await planDay(db, await planning(db, monday, on), on, { now: monday, reach: reachOf({}) });
  expect((await reminderRows(db)).some((r) => r.person_id === sec.id)).toBe(true);
});

test('a rerun plans by the rules in force when it runs, and in full when they changed without a table changing', async () => {
  const db = database.db;
  const on = uncoveredWarner(silentLogger);
  const po = await partyOrg(db, { name: '丁支部', regionCode: SHANDALU });
  const sec = await secretary(db, po.id, '丁书记');
  const at = new Date('2026-04-27T01:05:00Z'); // Monday, four days before April ends
  const stale = await planning(db, at, on);
  await planDay(db, stale, on, { now: at, reach: reachOf({}) });
  const soon = async () => (await reminderRows(db)).filter((r) => r.person_id === sec.id && r.kind === 'due_soon');
  // Monthly kinds are due soon from 3 days before the month ends: nothing yet on the 27th.
  expect(await soon()).toEqual([]);
  // The region asks for 10 days, saved after the run read its rules (`stale`).
  await override(db, SHANDALU, { reminders: { dueSoonDays: { month: 10 } } });
  await planDay(db, stale, on, { now: at, force: true, reach: reachOf({}) });
  expect((await soon()).length).toBeGreaterThan(0);

  // Which messengers reach people is not a table: a different reach plans everything.
  await db.execute(sql`delete from reminders where person_id = ${sec.id}::uuid`);
  expect((await planDay(db, stale, on, { now: at, force: true, reach: reachOf({}) })).planned).toBe(0);
  await planDay(db, stale, on, { now: at, force: true, reach: { feishu: true, dingtalk: true } });
  expect((await reminderRows(db)).some((r) => r.person_id === sec.id)).toBe(true);
});

test('planning an earlier day again plans it in full and leaves today’s notes to today', async () => {
  const db = database.db;
  const on = uncoveredWarner(silentLogger);
  const reach = reachOf({});
  const tue = new Date('2026-04-28T01:05:00Z');
  await planDay(db, await planning(db, tue, on), on, { now: tue, reach });
  const po = await partyOrg(db, { name: '戊支部' });
  await secretary(db, po.id, '戊书记');
  await db.execute(sql`delete from plan_changes where source <> 'party_orgs'`);
  const notes = async () => (await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from plan_changes`))[0]!.n;
  expect(await notes()).toBeGreaterThan(0);
  const mon = new Date('2026-04-27T01:05:00Z');
  await planDay(db, await planning(db, mon, on), on, { now: mon, force: true, reach });
  expect(await notes()).toBeGreaterThan(0);
});
