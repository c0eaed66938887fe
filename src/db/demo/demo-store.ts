/**
 * Writes for the demo data (src/demo/seed-demo.ts) where no store of another area covers them:
 * the policy override, party-org facts
 * and groups, and the meeting and visit history in set-based statements (the stores insert one
 * record per form submit; 5,000 history rows one by one would make `npm start` slow). Rows
 * carry idempotency keys like the flows' own, so a repeated seed writes nothing twice.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { auditLog, people, policyOverrides } from '../schema/core.ts';
import { orgs, partyGroups, partyOrgs } from '../schema/ledger.ts';
import { meetings } from '../schema/meetings.ts';
import { visitProblems, visits } from '../schema/visits.ts';
import { jsonParam, rowsOf } from '../sql.ts';

export type NewMeetingRow = typeof meetings.$inferInsert;
export type NewVisitRow = typeof visits.$inferInsert;
export type NewVisitProblemRow = typeof visitProblems.$inferInsert;

/** The demo's marker person: present once the demo was seeded (the seed is one transaction). */
export async function hasDemoMarker(db: Db | Tx, markerOpenId: string): Promise<boolean> {
  const rows = await db.select({ id: people.id }).from(people).where(eq(people.openId, markerOpenId)).limit(1);
  return rows.length > 0;
}

/** True when nobody and nothing has been entered yet (regions are loaded by migrate and do not count). */
export async function holdsNoData(db: Db | Tx): Promise<boolean> {
  const [row] = await rowsOf<{ any: boolean }>(
    db,
    sql`select (exists (select 1 from ${people}) or exists (select 1 from ${orgs}) or exists (select 1 from ${partyOrgs})) as any`,
  );
  return !row?.any;
}

/** Serialises two seeds of one database (two `npm start` at once): the second waits, then sees the marker. */
export async function lockDemoSeed(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('liangxin:seed-demo'))`);
}

export async function insertPolicyOverride(tx: Tx, regionCode: string, settings: Record<string, unknown>, at: Date): Promise<void> {
  await tx.insert(policyOverrides).values({ regionCode, settings, updatedAt: at }).onConflictDoNothing();
}

export async function peopleIdsByMobile(tx: Tx, mobiles: string[]): Promise<Map<string, string>> {
  if (mobiles.length === 0) return new Map();
  const rows = await tx.select({ id: people.id, mobile: people.mobile }).from(people).where(inArray(people.mobile, mobiles));
  return new Map(rows.map((r) => [r.mobile!, r.id]));
}

export async function partyOrgIdsByName(tx: Tx, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await tx.select({ id: partyOrgs.id, name: partyOrgs.name }).from(partyOrgs).where(inArray(partyOrgs.name, names));
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function orgIdsByCreditCode(tx: Tx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await tx
    .select({ id: orgs.id, code: orgs.creditCode })
    .from(orgs)
    .where(and(isNotNull(orgs.creditCode), inArray(orgs.creditCode, codes)));
  return new Map(rows.map((r) => [r.code!, r.id]));
}

export interface PartyOrgFacts {
  id: string;
  foundedOn: string;
  termStartedOn: string;
  committeeSize: number;
  themeDay: number;
}

/** Founding date, term, committee and 主题党日 of many party orgs in one statement. */
export async function setPartyOrgFacts(tx: Tx, rows: PartyOrgFacts[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await rowsOf(
    tx,
    sql`update ${partyOrgs} p set
          founded_on = x.founded_on, term_started_on = x.term_started_on, committee_size = x.committee_size,
          theme_day = x.theme_day, updated_at = ${at.toISOString()}::timestamptz
        from json_to_recordset(${jsonParam(rows.map((r) => ({ id: r.id, founded_on: r.foundedOn, term_started_on: r.termStartedOn, committee_size: r.committeeSize, theme_day: r.themeDay })))}::json)
          as x(id uuid, founded_on date, term_started_on date, committee_size int, theme_day int)
        where p.id = x.id`,
  );
}

/** Inserts party groups; returns their ids keyed `partyOrgId|name`. */
export async function insertPartyGroups(tx: Tx, rows: Array<{ partyOrgId: string; name: string }>, at: Date): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  await tx.insert(partyGroups).values(rows.map((r) => ({ ...r, createdAt: at }))).onConflictDoNothing();
  const found = await tx
    .select({ id: partyGroups.id, partyOrgId: partyGroups.partyOrgId, name: partyGroups.name })
    .from(partyGroups)
    .where(inArray(partyGroups.partyOrgId, [...new Set(rows.map((r) => r.partyOrgId))]));
  return new Map(found.map((g) => [`${g.partyOrgId}|${g.name}`, g.id]));
}

/** Rows per statement: one JSON parameter each, so only memory bounds it. */
const BATCH = 2000;

async function batched<T>(rows: T[], write: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

const iso = (d: Date | string | null | undefined) => (d instanceof Date ? d.toISOString() : (d ?? null));

/**
 * History rows go in as one JSON parameter per batch (json_to_recordset), not as bound values:
 * building 100,000 parameters costs more than the insert itself. The key that the flows use
 * makes a repeated run write nothing.
 */
export async function insertMeetings(tx: Tx, rows: NewMeetingRow[]): Promise<void> {
  await batched(rows, (slice) =>
    rowsOf(
      tx,
      sql`insert into ${meetings} (party_org_id, kind, party_group_id, group_name, held_at, held_on, place, online, host, expected, present,
            absentees, topics, content, lecturer, title, grades, also_theme_day, created_by, created_at, updated_at, idempotency_key)
          select party_org_id, kind, party_group_id, group_name, held_at, held_on, place, online, host, expected, present,
            coalesce(absentees, '[]'::jsonb), topics, content, lecturer, title, grades, coalesce(also_theme_day, false), created_by, created_at, updated_at, idempotency_key
          from json_to_recordset(${jsonParam(
            slice.map((m) => ({
              party_org_id: m.partyOrgId,
              kind: m.kind,
              party_group_id: m.partyGroupId ?? null,
              group_name: m.groupName ?? null,
              held_at: iso(m.heldAt),
              held_on: m.heldOn,
              place: m.place ?? null,
              online: m.online ?? false,
              host: m.host ?? null,
              expected: m.expected ?? null,
              present: m.present ?? null,
              absentees: m.absentees ?? [],
              topics: m.topics ?? null,
              content: m.content ?? null,
              lecturer: m.lecturer ?? null,
              title: m.title ?? null,
              grades: m.grades ?? null,
              also_theme_day: m.alsoThemeDay ?? false,
              created_by: m.createdBy ?? null,
              created_at: iso(m.createdAt),
              updated_at: iso(m.updatedAt ?? m.createdAt),
              idempotency_key: m.idempotencyKey ?? null,
            })),
          )}::json) as x(party_org_id uuid, kind text, party_group_id uuid, group_name text, held_at timestamptz, held_on date, place text,
            online boolean, host text, expected int, present int, absentees jsonb, topics text, content text, lecturer text, title text,
            grades jsonb, also_theme_day boolean, created_by uuid, created_at timestamptz, updated_at timestamptz, idempotency_key text)
          on conflict (idempotency_key) do nothing`,
    ),
  );
}

export async function insertVisits(tx: Tx, rows: NewVisitRow[]): Promise<void> {
  await batched(rows, (slice) =>
    rowsOf(
      tx,
      sql`insert into ${visits} (id, org_id, instructor_id, visited_on, way, topics, found, problems, next_steps, next_planned_on,
            created_at, updated_at, idempotency_key)
          select id, org_id, instructor_id, visited_on, way, array(select json_array_elements_text(topics)), found, problems, next_steps,
            next_planned_on, created_at, updated_at, idempotency_key
          from json_to_recordset(${jsonParam(
            slice.map((v) => ({
              id: v.id,
              org_id: v.orgId,
              instructor_id: v.instructorId,
              visited_on: v.visitedOn,
              way: v.way,
              topics: v.topics ?? [],
              found: v.found ?? null,
              problems: v.problems ?? null,
              next_steps: v.nextSteps ?? null,
              next_planned_on: v.nextPlannedOn ?? null,
              created_at: iso(v.createdAt),
              updated_at: iso(v.updatedAt ?? v.createdAt),
              idempotency_key: v.idempotencyKey ?? null,
            })),
          )}::json) as x(id uuid, org_id uuid, instructor_id uuid, visited_on date, way text, topics json, found text, problems text,
            next_steps text, next_planned_on date, created_at timestamptz, updated_at timestamptz, idempotency_key text)
          on conflict (idempotency_key) do nothing`,
    ),
  );
}

export async function insertVisitProblems(tx: Tx, rows: NewVisitProblemRow[]): Promise<void> {
  await batched(rows, (slice) => tx.insert(visitProblems).values(slice).onConflictDoNothing());
}

export async function auditSeed(tx: Tx, at: Date, after: Record<string, unknown>): Promise<void> {
  await tx.insert(auditLog).values({ at, actorLabel: 'seed-demo', action: 'create', entity: 'demo', after, reason: '演示数据' });
}
