/**
 * Writes for the demo data (src/demo/seed-demo.ts) where no store of another area covers them:
 * the policy override, party-org facts
 * and groups, and the meeting and visit history in multi-row statements (the stores insert one
 * record per form submit; 5,000 history rows one by one would make `npm start` slow). Rows
 * carry the same idempotency keys the flows use, so a repeated seed writes nothing twice.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { auditLog, people, policyOverrides } from '../schema/core.ts';
import { orgs, partyGroups, partyOrgs } from '../schema/ledger.ts';
import { meetings } from '../schema/meetings.ts';
import { visitProblems, visits } from '../schema/visits.ts';
import { jsonParam, queryRows } from '../ledger/sql-rows.ts';

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
  const [row] = await queryRows<{ any: boolean }>(
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
  await queryRows(
    tx,
    sql`update ${partyOrgs} p set
          founded_on = x.founded_on, term_started_on = x.term_started_on, committee_size = x.committee_size,
          theme_day = x.theme_day, updated_at = ${at}
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

/** Rows per statement: well under PostgreSQL's 65,535 parameters at ~25 columns a row. */
const BATCH = 500;

async function batched<T>(rows: T[], write: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

export async function insertMeetings(tx: Tx, rows: NewMeetingRow[]): Promise<void> {
  await batched(rows, (slice) => tx.insert(meetings).values(slice).onConflictDoNothing({ target: meetings.idempotencyKey }));
}

export async function insertVisits(tx: Tx, rows: NewVisitRow[]): Promise<void> {
  await batched(rows, (slice) => tx.insert(visits).values(slice).onConflictDoNothing({ target: visits.idempotencyKey }));
}

export async function insertVisitProblems(tx: Tx, rows: NewVisitProblemRow[]): Promise<void> {
  await batched(rows, (slice) => tx.insert(visitProblems).values(slice).onConflictDoNothing());
}

export async function auditSeed(tx: Tx, at: Date, after: Record<string, unknown>): Promise<void> {
  await tx.insert(auditLog).values({ at, actorLabel: 'seed-demo', action: 'create', entity: 'demo', after, reason: '演示数据' });
}
