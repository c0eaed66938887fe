/** Seeding for the reminders tests: party orgs, secretaries, meetings, orgs, assignments, visits, leads. */
import { reachOf } from '../../src/runtime/messenger-factory.ts';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/database.ts';
import { instructorAssignments, orgs, partyGroups, partyOrgs } from '../../src/db/schema/ledger.ts';
import { meetings } from '../../src/db/schema/meetings.ts';
import { visits } from '../../src/db/schema/visits.ts';
import { leads } from '../../src/db/schema/leads.ts';
import { policyOverrides } from '../../src/db/schema/core.ts';
import type { MeetingKind } from '../../src/domain/policy/index.ts';
import { seedPerson } from '../support/seed.ts';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import { fixedClock } from '../../src/clock.ts';
import { silentLogger, type Logger } from '../../src/log/logger.ts';
import type { RemindersDeps } from '../../src/reminders/runner.ts';

export const TANGWANG = '370112020';
export const SHANDALU = '370112001';
export const LICHENG = '370112';

let n = 0;
const uniq = () => `${++n}-${Math.random().toString(36).slice(2, 7)}`;

export async function partyOrg(
  db: Db,
  o: { name?: string; regionCode?: string; foundedOn?: string; termStartedOn?: string | null; type?: 'branch' | 'committee' | 'general_branch' | 'joint_branch' | 'functional_branch' } = {},
): Promise<{ id: string; name: string }> {
  const name = o.name ?? `测试支部${uniq()}`;
  const [row] = await db
    .insert(partyOrgs)
    .values({
      name,
      type: (o.type ?? 'branch') as never,
      formation: 'standalone',
      regionCode: o.regionCode ?? TANGWANG,
      foundedOn: o.foundedOn ?? '2020-01-01',
      termStartedOn: o.termStartedOn ?? null,
    })
    .returning({ id: partyOrgs.id });
  return { id: row!.id, name };
}

export async function group(db: Db, partyOrgId: string, name = '第一党小组'): Promise<string> {
  const [row] = await db.insert(partyGroups).values({ partyOrgId, name }).returning({ id: partyGroups.id });
  return row!.id;
}

export async function secretary(db: Db, partyOrgId: string, name = '王书记'): Promise<{ id: string; openId: string }> {
  const openId = `ou_sec_${uniq()}`;
  const id = await seedPerson(db, { name, openId, roles: [{ role: 'secretary', partyOrgId }] });
  return { id, openId };
}

export async function officer(db: Db, regionCode: string, name = '李干部'): Promise<{ id: string; openId: string }> {
  const openId = `ou_off_${uniq()}`;
  const id = await seedPerson(db, { name, openId, roles: [{ role: 'officer', regionCode }] });
  return { id, openId };
}

export async function instructor(db: Db, regionCode = LICHENG, name = '赵指导员'): Promise<{ id: string; openId: string }> {
  const openId = `ou_ins_${uniq()}`;
  const id = await seedPerson(db, { name, openId, roles: [{ role: 'instructor', regionCode }] });
  return { id, openId };
}

/** Meetings held (kind, dates). */
export async function held(db: Db, partyOrgId: string, kind: MeetingKind, dates: string[], extra: { groupId?: string; alsoThemeDay?: boolean } = {}) {
  for (const d of dates) {
    await db.insert(meetings).values({
      partyOrgId,
      kind,
      heldOn: d,
      heldAt: new Date(`${d}T02:00:00Z`),
      partyGroupId: extra.groupId ?? null,
      alsoThemeDay: extra.alsoThemeDay ?? false,
    });
  }
}

/** Every kind held in every month between two dates, so only what a test leaves out is owed. */
export async function heldEverything(db: Db, partyOrgId: string, months: string[], groupId?: string) {
  for (const m of months) {
    const d = `${m}-05`;
    for (const kind of ['general_assembly', 'committee', 'lecture', 'theme_day', 'life_meeting', 'appraisal', 'heart_talk'] as MeetingKind[]) {
      await held(db, partyOrgId, kind, [d]);
    }
    if (groupId) await held(db, partyOrgId, 'group', [d], { groupId });
  }
}

export async function org(db: Db, o: { name?: string; regionCode?: string } = {}): Promise<{ id: string; name: string }> {
  const name = o.name ?? `测试公司${uniq()}`;
  const [row] = await db.insert(orgs).values({ name, kind: 'enterprise', regionCode: o.regionCode ?? TANGWANG }).returning({ id: orgs.id });
  return { id: row!.id, name };
}

export async function assign(db: Db, instructorId: string, orgId: string, assignedOn: string) {
  await db.insert(instructorAssignments).values({ instructorId, orgId, assignedOn });
}

export async function visit(db: Db, instructorId: string, orgId: string, visitedOn: string, way: 'onsite' | 'phone' = 'onsite') {
  await db.insert(visits).values({ instructorId, orgId, visitedOn, way });
}

export async function lead(db: Db, o: { regionCode?: string; createdAt: string; assigneePersonId?: string; assigneePartyOrgId?: string; workplaceText?: string }) {
  const [row] = await db
    .insert(leads)
    .values({
      name: '某某',
      regionCode: o.regionCode ?? TANGWANG,
      assigneePersonId: o.assigneePersonId ?? null,
      assigneePartyOrgId: o.assigneePartyOrgId ?? null,
      assignedVia: o.assigneePersonId ? 'instructor' : o.assigneePartyOrgId ? 'party_org' : 'officers',
      workplaceText: o.workplaceText ?? '某某科技公司',
      createdAt: new Date(o.createdAt),
    })
    .returning({ id: leads.id });
  return row!.id;
}

export async function override(db: Db, regionCode: string, settings: Record<string, unknown>) {
  await db.insert(policyOverrides).values({ regionCode, settings });
}

/** Deps for runReminders with a console messenger and a fixed clock. */
export function remindersDeps(db: Db, at: string, extra: Partial<RemindersDeps> & { logger?: Logger } = {}) {
  const clock = fixedClock(at);
  const messenger = createConsoleMessenger({ clock });
  const deps: RemindersDeps = {
    database: { db },
    messenger,
    reach: reachOf({}),
    clock,
    logger: silentLogger,
    workerId: 'test-worker',
    sleep: async (ms) => clock.advance(ms),
    random: () => 0.5,
    ...extra,
  };
  return { deps, clock, messenger };
}

export async function outbox(db: Db): Promise<Array<{ id: string; person_id: string; kind: string; status: string; attempts: number; day: string; last_error: string | null }>> {
  const r = (await db.execute(sql`select id::text, person_id::text, kind, status, attempts, day::text as day, last_error from reminder_outbox order by created_at, id`)) as unknown as
    | { rows: never[] }
    | never[];
  return Array.isArray(r) ? r : r.rows;
}

export async function reminderRows(db: Db): Promise<Array<{ person_id: string; item_type: string; item_key: string; period_key: string; kind: string; round: string; state: string }>> {
  const r = (await db.execute(
    sql`select person_id::text, item_type, item_key, period_key, kind, round, state from reminders order by item_type, item_key, kind, period_key`,
  )) as unknown as { rows: never[] } | never[];
  return Array.isArray(r) ? r : r.rows;
}

/**
 * Everything held from October 2025 to March 2026 but February's 支委会 and this year's 党员大会 and
 * 党课: on 27 March 2026 the party org owes exactly those three (the digest-marks journeys).
 */
export async function heldAllButThree(db: Db, partyOrgId: string) {
  for (const m of ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']) {
    await held(db, partyOrgId, 'theme_day', [`${m}-05`]);
    if (m !== '2026-02') await held(db, partyOrgId, 'committee', [`${m}-06`]);
  }
  for (const kind of ['life_meeting', 'appraisal', 'heart_talk'] as const) await held(db, partyOrgId, kind, ['2025-11-05', '2026-02-05']);
  await held(db, partyOrgId, 'lecture', ['2025-11-05']);
  await held(db, partyOrgId, 'general_assembly', ['2025-11-05']);
}
