/**
 * The database side of a ledger import: a handful of set-based statements per chunk of rows
 * (look-ups by credit code and by name + region, multi-row upserts, one audit insert), never a
 * query per row. Called inside the chunk's transaction, so a crash leaves whole chunks or none.
 */
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { auditLog, people, regions } from '../schema/core.ts';
import { instructorAssignments, ledgerImports, orgActivists, orgs, partyOrgs } from '../schema/ledger.ts';
import { partyOrgFactChanges, type PartyOrgFact } from '../schema/meetings.ts';
import type { ChunkContext, ChunkPlan, ExistingOrg, ExistingPartyOrg, PlannedOrg } from '../../ledger/ledger-plan.ts';
import { nameRegionKey } from '../../ledger/ledger-plan.ts';
import type { LedgerRecord } from '../../ledger/ledger-row.ts';
import { jsonParam, rowsOf } from '../sql.ts';
import { orgLedgerColumns } from './org-ledger-columns.ts';

/** Which of these codes are division codes: one indexed look-up for a chunk's distinct codes. */
export async function knownRegionCodes(db: Db | Tx, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: regions.code }).from(regions).where(inArray(regions.code, codes));
  return new Set(rows.map((r) => r.code));
}

const existingColumns = { ...orgLedgerColumns, partyOrgId: orgs.partyOrgId };

/** The orgs and party orgs a chunk's rows refer to: three indexed look-ups for the whole chunk. */
export async function fetchChunkContext(tx: Tx, records: LedgerRecord[]): Promise<ChunkContext> {
  const codes = [...new Set(records.map((r) => r.creditCode).filter((c): c is string => !!c))];
  const pairs = records.map((r) => ({ n: r.name, r: r.regionCode }));
  const byCode = new Map<string, ExistingOrg>();
  const byNameRegion = new Map<string, ExistingOrg>();
  const base = () => tx.select(existingColumns).from(orgs).leftJoin(partyOrgs, eq(partyOrgs.id, orgs.partyOrgId));
  if (codes.length) {
    for (const o of await base().where(inArray(orgs.creditCode, codes))) byCode.set(o.creditCode!, o as ExistingOrg);
  }
  if (pairs.length) {
    const found = await base().where(
      sql`(${orgs.name}, ${orgs.regionCode}) in (select x.n, x.r from json_to_recordset(${jsonParam(pairs)}::json) as x(n text, r text))`,
    );
    for (const o of found) byNameRegion.set(nameRegionKey(o.name, o.regionCode), o as ExistingOrg);
  }
  const names = [...new Set(records.map((r) => r.partyOrgName).filter((n): n is string => !!n))];
  const partyOrgMap = new Map<string, ExistingPartyOrg>();
  if (names.length) {
    const found = await tx
      .select({
        id: partyOrgs.id,
        name: partyOrgs.name,
        type: partyOrgs.type,
        formation: partyOrgs.formation,
        reserveSecretaries: partyOrgs.reserveSecretaries,
        secretaryTrainedOn: partyOrgs.secretaryTrainedOn,
        workersTrainedOn: partyOrgs.workersTrainedOn,
      })
      .from(partyOrgs)
      .where(inArray(partyOrgs.name, names));
    for (const { reserveSecretaries, secretaryTrainedOn, workersTrainedOn, ...p } of found) {
      partyOrgMap.set(p.name, { ...p, linked: [], facts: { reserveSecretaries, secretaryTrainedOn, workersTrainedOn } });
    }
    const ids = found.map((p) => p.id);
    if (ids.length) {
      const linked = await tx.select({ id: orgs.id, name: orgs.name, partyOrgId: orgs.partyOrgId }).from(orgs).where(inArray(orgs.partyOrgId, ids));
      const byId = new Map(found.map((p) => [p.id, partyOrgMap.get(p.name)!]));
      for (const l of linked) byId.get(l.partyOrgId!)?.linked.push({ id: l.id, name: l.name });
    }
  }
  return { byCode, byNameRegion, partyOrgs: partyOrgMap };
}

export interface WriteMeta {
  importId: string;
  reason: string;
  actorId: string | null;
  actorLabel: string | null;
  at: Date;
  /** Shanghai date, for new instructor assignments. */
  today: string;
}

/** Writes a planned chunk: party orgs, orgs, audit, instructor links, then the derived columns. */
export async function writeChunk(tx: Tx, plan: ChunkPlan, meta: WriteMeta): Promise<void> {
  const changedTypes = plan.partyOrgs.filter((p) => !p.isNew).map((p) => p.id);
  if (plan.partyOrgs.length) {
    const rows = plan.partyOrgs.map((p) => ({ id: p.id, name: p.name, type: p.type, formation: p.formation, region_code: p.regionCode }));
    await rowsOf(
      tx,
      sql`insert into ${partyOrgs} (id, name, type, formation, region_code, created_at, updated_at)
          select x.id, x.name, x.type, x.formation, x.region_code, ${meta.at.toISOString()}::timestamptz, ${meta.at.toISOString()}::timestamptz
          from json_to_recordset(${jsonParam(rows)}::json) as x(id uuid, name text, type text, formation text, region_code text)
          on conflict (id) do update set type = excluded.type, formation = excluded.formation, updated_at = excluded.updated_at`,
    );
  }
  if (plan.partyOrgFacts.length) await writePartyOrgFacts(tx, plan, meta);
  if (plan.orgs.length) await upsertOrgs(tx, plan, meta.at);
  const activists = plan.activists.length ? await writeActivists(tx, plan, meta) : [];
  if (changedTypes.length) {
    // Orgs of this party org outside the chunk still carry the old type.
    await tx
      .update(orgs)
      .set({ partyOrgType: sql`(select p.type from ${partyOrgs} p where p.id = ${orgs.partyOrgId})` })
      .where(inArray(orgs.partyOrgId, changedTypes));
  }
  const audits = [
    ...plan.partyOrgs.map((p) => ({
      action: p.isNew ? 'create' : 'update',
      entity: 'party_org',
      entityId: p.id,
      before: null,
      after: { name: p.name, type: p.type, formation: p.formation },
    })),
    ...plan.partyOrgFacts.map((f) => ({ action: 'update', entity: 'party_org', entityId: f.id, before: f.before, after: f.after })),
    ...activists.map((a) => ({ action: 'update', entity: 'org', entityId: a.orgId, before: { activists: a.before }, after: { activists: a.after, year: a.year } })),
    ...plan.orgs.map((o) => ({
      action: o.isNew ? 'create' : 'update',
      entity: 'org',
      entityId: o.id,
      before: o.isNew ? null : o.before,
      after: o.after,
    })),
  ];
  if (audits.length) {
    const rows = audits.map((a) => ({ ...a, after: { ...a.after, importId: meta.importId } }));
    await rowsOf(
      tx,
      sql`insert into ${auditLog} (actor_id, actor_label, action, entity, entity_id, before, after, reason, at)
          select ${meta.actorId}::uuid, ${meta.actorLabel}::text, x.action, x.entity, x."entityId", x.before, x.after, ${meta.reason}::text, ${meta.at.toISOString()}::timestamptz
          from json_to_recordset(${jsonParam(rows)}::json) as x(action text, entity text, "entityId" text, before jsonb, after jsonb)`,
    );
  }
  await linkInstructors(tx, plan, meta.today);
  if (plan.touchedPartyOrgIds.length) await refreshPartyOrgs(tx, plan.touchedPartyOrgIds, meta.at);
}

/**
 * 004 §11 入党积极分子 for the import's year (the A1 list reads org_activists): one row per org and
 * year as the chat report writes it (activists-store.ts), only where the count differs; returns
 * the changes for the audit. The CTEs read the counts from before the insert (one snapshot).
 */
async function writeActivists(tx: Tx, plan: ChunkPlan, meta: WriteMeta): Promise<Array<{ orgId: string; before: number | null; after: number; year: number }>> {
  const year = Number(meta.today.slice(0, 4));
  const rows = await rowsOf<{ org_id: string; before: number | null; after: number }>(
    tx,
    sql`with x as (select * from json_to_recordset(${jsonParam(plan.activists)}::json) as x("orgId" uuid, count int)),
        old as (select a.org_id, a.count from ${orgActivists} a join x on x."orgId" = a.org_id where a.year = ${year}),
        up as (
          insert into ${orgActivists} (org_id, year, count, reported_by, reported_at)
          select x."orgId", ${year}, x.count, ${meta.actorId}::uuid, ${meta.at.toISOString()}::timestamptz from x
          on conflict (org_id, year) do update set count = excluded.count, reported_by = excluded.reported_by, reported_at = excluded.reported_at
            where ${orgActivists}.count <> excluded.count
          returning org_id, count)
        select up.org_id::text as org_id, old.count as before, up.count as after from up left join old on old.org_id = up.org_id`,
  );
  return rows.map((r) => ({ orgId: r.org_id, before: r.before === null ? null : Number(r.before), after: Number(r.after), year }));
}

const FACT_NAMES: Record<keyof ChunkPlan['partyOrgFacts'][number]['after'], PartyOrgFact> = {
  reserveSecretaries: 'reserve_secretaries',
  secretaryTrainedOn: 'secretary_trained_on',
  workersTrainedOn: 'workers_trained_on',
};

/** 004 §9/§12 facts from the file: written to the party org and kept in its fact history, as a secretary's change is. */
async function writePartyOrgFacts(tx: Tx, plan: ChunkPlan, meta: WriteMeta): Promise<void> {
  for (const f of plan.partyOrgFacts) await tx.update(partyOrgs).set({ ...f.after, updatedAt: meta.at }).where(eq(partyOrgs.id, f.id));
  const history = plan.partyOrgFacts.flatMap((f) =>
    (Object.keys(f.after) as Array<keyof typeof FACT_NAMES>).map((k) => ({
      partyOrgId: f.id,
      fact: FACT_NAMES[k],
      before: f.before[k] ?? null,
      after: f.after[k] ?? null,
      effectiveOn: meta.today,
      changedBy: meta.actorId,
      changedAt: meta.at,
    })),
  );
  if (history.length) await tx.insert(partyOrgFactChanges).values(history);
}

/** The columns a ledger row sets on an org, with their SQL types (created_at and has_instructor aside). */
const ORG_COLUMNS: Array<[column: string, type: string, value: (o: PlannedOrg) => unknown]> = [
  ['id', 'uuid', (o) => o.id],
  ['name', 'text', (o) => o.view.name],
  ['credit_code', 'text', (o) => o.view.creditCode],
  ['kind', 'text', (o) => o.view.kind],
  ['subtype', 'text', (o) => o.view.subtype],
  ['region_code', 'text', (o) => o.view.regionCode],
  ['status', 'text', (o) => o.view.status],
  ['employees', 'int', (o) => o.view.employees],
  ['revenue', 'numeric', (o) => o.view.revenue],
  ['members_formal', 'int', (o) => o.view.membersFormal],
  ['members_probationary', 'int', (o) => o.view.membersProbationary],
  ['members_untransferred', 'int', (o) => o.view.membersUntransferred],
  ['formation', 'text', (o) => o.view.formation],
  ['party_org_id', 'uuid', (o) => o.partyOrgId],
  ['party_org_type', 'text', (o) => (o.partyOrgId ? o.view.partyOrgType : null)],
  ['mass_orgs', 'text[]', (o) => o.view.massOrgs],
  ['instructor_mobile', 'text', (o) => o.view.instructorMobile],
  ['principal_name', 'text', (o) => o.view.principalName],
  ['principal_is_member', 'boolean', (o) => o.view.principalIsMember],
  ['no_party_org_reason', 'text', (o) => o.view.noPartyOrgReason],
  // planChunk has filled these from the org when the file lacks the column.
  ['registration_level', 'text', (o) => o.view.registrationLevel ?? null],
  ['supervisor_unit', 'text', (o) => o.view.supervisorUnit ?? null],
];

/**
 * All the chunk's orgs in one statement, the rows passed as one JSON parameter: binding 25,000
 * separate parameters cost more than the insert itself. An existing org (same id) is updated;
 * its created_at stays, and has_instructor is settled by linkInstructors.
 */
async function upsertOrgs(tx: Tx, plan: ChunkPlan, at: Date): Promise<void> {
  const rows = plan.orgs.map((o) => Object.fromEntries(ORG_COLUMNS.map(([c, , v]) => [c, v(o)])));
  const names = ORG_COLUMNS.map(([c]) => `"${c}"`);
  const when = at.toISOString();
  await rowsOf(
    tx,
    sql`insert into ${orgs} (${sql.raw(names.join(', '))}, has_instructor, created_at, updated_at)
        select ${sql.raw(names.map((n) => `x.${n}`).join(', '))}, x.instructor_mobile is not null, ${when}::timestamptz, ${when}::timestamptz
        from json_to_recordset(${jsonParam(rows)}::json) as x(${sql.raw(ORG_COLUMNS.map(([c, t]) => `"${c}" ${t}`).join(', '))})
        on conflict (id) do update set ${sql.raw([...names.slice(1), '"updated_at"'].map((n) => `${n} = excluded.${n}`).join(', '))}`,
  );
}

/** Ledger mobiles become instructor_assignments once the roster knows the person. */
async function linkInstructors(tx: Tx, plan: ChunkPlan, today: string): Promise<void> {
  const withMobile = plan.orgs.filter((o) => o.view.instructorMobile || o.previousMobile);
  if (withMobile.length === 0) return;
  const mobiles = [...new Set(withMobile.flatMap((o) => [o.view.instructorMobile, o.previousMobile]).filter((m): m is string => !!m))];
  const found = await tx.select({ id: people.id, mobile: people.mobile }).from(people).where(inArray(people.mobile, mobiles));
  const idOf = new Map(found.map((p) => [p.mobile!, p.id]));
  for (const o of withMobile) {
    const old = o.previousMobile && idOf.get(o.previousMobile);
    if (old) await tx.delete(instructorAssignments).where(and(eq(instructorAssignments.orgId, o.id), eq(instructorAssignments.instructorId, old)));
  }
  const links = withMobile
    .map((o) => ({ instructorId: o.view.instructorMobile ? idOf.get(o.view.instructorMobile) : undefined, orgId: o.id, assignedOn: today }))
    .filter((l): l is { instructorId: string; orgId: string; assignedOn: string } => !!l.instructorId);
  if (links.length) await tx.insert(instructorAssignments).values(links).onConflictDoNothing();
  await refreshInstructorFlags(tx, withMobile.map((o) => o.id));
}

/** orgs.has_instructor from its sources; call after any change to instructor_assignments. */
export async function refreshInstructorFlags(tx: Db | Tx, orgIds: string[]): Promise<void> {
  for (let i = 0; i < orgIds.length; i += 5000) {
    const ids = orgIds.slice(i, i + 5000);
    await tx
      .update(orgs)
      .set({
        hasInstructor: sql`(${orgs.instructorMobile} is not null or exists (select 1 from ${instructorAssignments} a where a.org_id = ${orgs.id}))`,
      })
      .where(inArray(orgs.id, ids));
  }
}

/**
 * A party org's member counts are the sum over its orgs, and its region the narrowest one that
 * holds them all (a joint org of two streets belongs to their county).
 */
async function refreshPartyOrgs(tx: Tx, ids: string[], at: Date): Promise<void> {
  await rowsOf(
    tx,
    sql`update ${partyOrgs} p set
          members_formal = s.f, members_probationary = s.pr, members_untransferred = s.u, region_code = s.r, updated_at = ${at.toISOString()}::timestamptz
        from (
          select party_org_id,
            sum(members_formal)::int f, sum(members_probationary)::int pr, sum(members_untransferred)::int u,
            case when count(distinct region_code) = 1 then min(region_code)
                 when count(distinct left(region_code, 6)) = 1 then left(min(region_code), 6)
                 when count(distinct left(region_code, 4)) = 1 then left(min(region_code), 4)
                 else left(min(region_code), 2) end r
          from ${orgs}
          where party_org_id in (select (x #>> '{}')::uuid from json_array_elements(${jsonParam(ids)}::json) x)
          group by party_org_id
        ) s
        where p.id = s.party_org_id`,
  );
}

export async function startImport(db: Db | Tx, meta: { fileName: string; reason: string | null; actorId: string | null; actorLabel: string | null; at: Date }): Promise<string> {
  const [row] = await db
    .insert(ledgerImports)
    .values({ fileName: meta.fileName, reason: meta.reason, actorId: meta.actorId, actorLabel: meta.actorLabel, startedAt: meta.at, heartbeatAt: meta.at })
    .returning({ id: ledgerImports.id });
  return row!.id;
}

export async function finishImport(
  db: Db | Tx,
  id: string,
  r: { status: 'done' | 'failed'; imported: number; updated: number; unchanged: number; rejected: number; warnings: number; at: Date },
): Promise<void> {
  const { at, ...counts } = r;
  await db.update(ledgerImports).set({ ...counts, finishedAt: at }).where(eq(ledgerImports.id, id));
}

export interface ImportTally {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

/**
 * The counts so far and a fresh heartbeat. Called inside a chunk's transaction, so the stored
 * counts are always those of the committed chunks, whatever happens to the process next.
 */
export async function recordImportProgress(db: Db | Tx, id: string, counts: ImportTally, at: Date): Promise<void> {
  await db.update(ledgerImports).set({ ...counts, heartbeatAt: at }).where(eq(ledgerImports.id, id));
}

/**
 * Marks failed every `running` import whose heartbeat (or start, for rows from before heartbeats)
 * is older than the lease and that no import of this process owns: its process was killed or
 * crashed. Imported and updated are counted again from the audit rows its committed chunks wrote,
 * which is what the database holds whatever the row said. Returns the ids marked.
 */
export async function failStaleImports(db: Db, o: { now: Date; leaseMs: number; isLive(id: string): boolean }): Promise<string[]> {
  const cutoff = new Date(o.now.getTime() - o.leaseMs);
  const stale = await db
    .select({ id: ledgerImports.id })
    .from(ledgerImports)
    .where(
      and(
        eq(ledgerImports.status, 'running'),
        or(lt(ledgerImports.heartbeatAt, cutoff), and(isNull(ledgerImports.heartbeatAt), lt(ledgerImports.startedAt, cutoff))),
      ),
    );
  const ids = stale.map((r) => r.id).filter((id) => !o.isLive(id));
  for (const id of ids) {
    const [c] = await rowsOf<{ created: number; changed: number }>(
      db,
      sql`select count(*) filter (where action = 'create')::int as created, count(*) filter (where action = 'update')::int as changed
          from ${auditLog} where entity = 'org' and after->>'importId' = ${id}`,
    );
    // Only a row still running is touched: the owner may have finished since the select.
    await db
      .update(ledgerImports)
      .set({ status: 'failed', imported: c?.created ?? 0, updated: c?.changed ?? 0, finishedAt: o.now })
      .where(and(eq(ledgerImports.id, id), eq(ledgerImports.status, 'running')));
  }
  return ids;
}

/** One trivial statement: a transaction waiting its turn is not "idle in transaction" for the server. */
export async function keepTransactionAlive(db: Db | Tx): Promise<void> {
  await db.execute(sql`select 1`);
}
