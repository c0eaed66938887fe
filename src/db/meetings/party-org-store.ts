/**
 * Party-org facts as the meetings area reads and keeps them: the org's row (owned by the ledger),
 * its party groups, and the history of every change a secretary makes from chat.
 */
import { isUuid } from '../../domain/uuid.ts';
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { partyGroups, partyOrgs } from '../schema/ledger.ts';
import { regions } from '../schema/core.ts';
import { meetings, partyOrgFactChanges, type PartyOrgFact } from '../schema/meetings.ts';
import type { Db, Tx } from '../database.ts';

export type PartyOrgRow = typeof partyOrgs.$inferSelect;
export type PartyGroupRow = typeof partyGroups.$inferSelect;

export async function getPartyOrgs(db: Db | Tx, ids: readonly string[]): Promise<PartyOrgRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(partyOrgs).where(inArray(partyOrgs.id, [...ids])).orderBy(asc(partyOrgs.name));
}

export async function getPartyOrg(db: Db | Tx, id: string): Promise<PartyOrgRow | undefined> {
  if (!isUuid(id)) return undefined;
  return (await getPartyOrgs(db, [id]))[0];
}

/** Locks the org's row for the rest of the transaction (two secretaries editing at once). */
export async function lockPartyOrg(tx: Tx, id: string): Promise<PartyOrgRow | undefined> {
  if (!isUuid(id)) return undefined;
  const rows = await tx.select().from(partyOrgs).where(eq(partyOrgs.id, id)).for('update');
  return rows[0];
}

/** Party orgs registered in a region or anywhere under it (codes are prefixes). */
export async function partyOrgsWithin(db: Db | Tx, regionCode: string): Promise<Array<PartyOrgRow & { regionName: string }>> {
  const rows = await db
    .select({ org: partyOrgs, regionName: regions.name })
    .from(partyOrgs)
    .innerJoin(regions, eq(regions.code, partyOrgs.regionCode))
    .where(like(partyOrgs.regionCode, `${regionCode.replace(/[\\%_]/g, '')}%`))
    .orderBy(asc(partyOrgs.regionCode), asc(partyOrgs.name));
  return rows.map((r) => ({ ...r.org, regionName: r.regionName }));
}

export async function groupsOf(db: Db | Tx, partyOrgIds: readonly string[]): Promise<PartyGroupRow[]> {
  if (partyOrgIds.length === 0) return [];
  return db
    .select()
    .from(partyGroups)
    .where(inArray(partyGroups.partyOrgId, [...partyOrgIds]))
    .orderBy(asc(partyGroups.createdAt), asc(partyGroups.name));
}

export type FactValues = Pick<
  PartyOrgRow,
  | 'membersFormal'
  | 'membersProbationary'
  | 'membersUntransferred'
  | 'committeeSize'
  | 'termStartedOn'
  | 'foundedOn'
  | 'reserveSecretaries'
  | 'secretaryTrainedOn'
  | 'workersTrainedOn'
>;

const FACT_COLUMNS: Record<keyof FactValues, PartyOrgFact> = {
  membersFormal: 'members_formal',
  membersProbationary: 'members_probationary',
  membersUntransferred: 'members_untransferred',
  committeeSize: 'committee_size',
  termStartedOn: 'term_started_on',
  foundedOn: 'founded_on',
  reserveSecretaries: 'reserve_secretaries',
  secretaryTrainedOn: 'secretary_trained_on',
  workersTrainedOn: 'workers_trained_on',
};

export function factsOf(o: PartyOrgRow): FactValues {
  return {
    membersFormal: o.membersFormal,
    membersProbationary: o.membersProbationary,
    membersUntransferred: o.membersUntransferred,
    committeeSize: o.committeeSize,
    termStartedOn: o.termStartedOn,
    foundedOn: o.foundedOn,
    reserveSecretaries: o.reserveSecretaries,
    secretaryTrainedOn: o.secretaryTrainedOn,
    workersTrainedOn: o.workersTrainedOn,
  };
}

/**
 * Writes the facts that changed and one history row per changed fact. Returns what changed
 * (empty when nothing did), so the caller can audit before/after.
 */
export async function updateFacts(
  tx: Tx,
  org: PartyOrgRow,
  next: FactValues,
  by: { personId: string | null; on: string; at: Date },
): Promise<{ before: Partial<FactValues>; after: Partial<FactValues> }> {
  const before: Partial<FactValues> = {};
  const after: Partial<FactValues> = {};
  const cur = factsOf(org);
  for (const k of Object.keys(FACT_COLUMNS) as Array<keyof FactValues>) {
    if (cur[k] !== next[k]) {
      (before as Record<string, unknown>)[k] = cur[k];
      (after as Record<string, unknown>)[k] = next[k];
    }
  }
  const changed = Object.keys(after) as Array<keyof FactValues>;
  if (changed.length === 0) return { before, after };
  await tx.update(partyOrgs).set({ ...after, updatedAt: by.at }).where(eq(partyOrgs.id, org.id));
  await tx.insert(partyOrgFactChanges).values(
    changed.map((k) => ({
      partyOrgId: org.id,
      fact: FACT_COLUMNS[k],
      before: before[k] ?? null,
      after: after[k] ?? null,
      effectiveOn: by.on,
      changedBy: by.personId,
      changedAt: by.at,
    })),
  );
  return { before, after };
}

export interface GroupChange {
  renamed: Array<{ id: string; from: string; to: string }>;
  added: string[];
  removed: Array<{ id: string; name: string }>;
}

/** Renames, adds and removes party groups, with history rows; meetings keep the group's name. */
export async function changeGroups(
  tx: Tx,
  partyOrgId: string,
  change: GroupChange,
  by: { personId: string | null; on: string; at: Date },
): Promise<void> {
  const history: Array<typeof partyOrgFactChanges.$inferInsert> = [];
  const row = (before: unknown, after: unknown) => ({
    partyOrgId,
    fact: 'party_group' as const,
    before,
    after,
    effectiveOn: by.on,
    changedBy: by.personId,
    changedAt: by.at,
  });
  for (const r of change.removed) {
    await tx.delete(partyGroups).where(and(eq(partyGroups.id, r.id), eq(partyGroups.partyOrgId, partyOrgId)));
    history.push(row({ id: r.id, name: r.name }, null));
  }
  // Two groups swapping names would collide on the unique (org, name) index half-way: park first.
  for (const r of change.renamed) {
    await tx.update(partyGroups).set({ name: `~renaming~${r.id}` }).where(and(eq(partyGroups.id, r.id), eq(partyGroups.partyOrgId, partyOrgId)));
  }
  for (const r of change.renamed) {
    await tx.update(partyGroups).set({ name: r.to }).where(and(eq(partyGroups.id, r.id), eq(partyGroups.partyOrgId, partyOrgId)));
    await tx.update(meetings).set({ groupName: r.to }).where(eq(meetings.partyGroupId, r.id));
    history.push(row({ id: r.id, name: r.from }, { id: r.id, name: r.to }));
  }
  for (const name of change.added) {
    const [g] = await tx.insert(partyGroups).values({ partyOrgId, name, createdAt: by.at }).returning({ id: partyGroups.id });
    history.push(row(null, { id: g!.id, name }));
  }
  if (history.length) {
    await tx.insert(partyOrgFactChanges).values(history);
    await tx.update(partyOrgs).set({ updatedAt: by.at }).where(eq(partyOrgs.id, partyOrgId));
  }
}

/** The history of one org's facts, newest first. */
export async function factHistory(db: Db | Tx, partyOrgId: string) {
  return db
    .select()
    .from(partyOrgFactChanges)
    .where(eq(partyOrgFactChanges.partyOrgId, partyOrgId))
    .orderBy(sql`${partyOrgFactChanges.changedAt} desc`);
}

export { isUuid };

/** Names of regions by code (for lists that show where each party org is). */
export async function regionNames(db: Db | Tx, codes: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, wanted));
  return new Map(rows.map((r) => [r.code, r.name]));
}
