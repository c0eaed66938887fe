/**
 * The change log a rerun of the day's planning reads (migration 0017): every statement on a table
 * planning reads is noted, a party org's rows by party org, and taking the notes empties the log.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { takePlanChanges } from '../../../src/db/reminders/plan-changes.ts';
import type { Tx } from '../../../src/db/database.ts';
import { rowsOf } from '../../../src/db/sql.ts';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { held, lead, officer, org, partyOrg, secretary } from '../../reminders/support.ts';

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDb();
});
afterAll(() => d.drop());
beforeEach(async () => {
  await d.db.execute(sql`delete from plan_changes`);
});

const take = () => d.db.transaction((tx: Tx) => takePlanChanges(tx));
const notes = () => rowsOf<{ source: string; party_org_id: string | null }>(d.db, sql`select source, party_org_id::text as party_org_id from plan_changes order by id`);

test('meetings and party orgs are noted by party org; taking them empties the log', async () => {
  const a = await partyOrg(d.db);
  const b = await partyOrg(d.db);
  await held(d.db, a.id, 'committee', ['2026-10-05']);
  await d.db.execute(sql`update meetings set held_on = held_on where party_org_id = ${a.id}::uuid`);
  await d.db.execute(sql`update party_orgs set term_started_on = '2024-01-01' where id = ${b.id}::uuid`);
  expect(new Set((await notes()).map((n) => `${n.source}:${n.party_org_id}`))).toEqual(
    new Set([`party_orgs:${a.id}`, `party_orgs:${b.id}`, `meetings:${a.id}`]),
  );
  const r = await take();
  expect(r.kind).toBe('partial');
  expect(r.kind === 'partial' && [...r.partyOrgIds].sort()).toEqual([a.id, b.id].sort());
  expect(r.kind === 'partial' && r.leads).toBe(false);
  expect(await notes()).toEqual([]);
  expect(await take()).toEqual({ kind: 'partial', partyOrgIds: [], leads: false });
});

test('a deleted meeting is noted by the party org it belonged to; a statement that changes nothing is not noted', async () => {
  const a = await partyOrg(d.db);
  await held(d.db, a.id, 'lecture', ['2026-10-05']);
  await d.db.execute(sql`delete from plan_changes`);
  await d.db.execute(sql`update orgs set name = name where false`);
  await d.db.execute(sql`delete from meetings where party_org_id = ${a.id}::uuid`);
  expect(await notes()).toEqual([{ source: 'meetings', party_org_id: a.id }]);
});

test('leads are noted as leads; a table read as a whole asks for everything', async () => {
  await lead(d.db, { createdAt: '2026-10-01T02:00:00Z' });
  expect(await take()).toEqual({ kind: 'partial', partyOrgIds: [], leads: true });
  await org(d.db);
  expect(await take()).toEqual({ kind: 'full' });
  const po = await partyOrg(d.db);
  await d.db.execute(sql`delete from plan_changes`);
  await secretary(d.db, po.id);
  expect((await take()).kind).toBe('full');
  await officer(d.db, '370112');
  await d.db.execute(sql`insert into reminder_dispositions (kind, person_id, item_key, period_key, until) select 'snooze', id, 'x', 'y', '2026-12-01' from people limit 1`);
  expect((await take()).kind).toBe('full');
});

test('a truncated table asks for everything', async () => {
  await d.db.execute(sql`truncate policy_overrides`);
  expect(await take()).toEqual({ kind: 'full' });
});
