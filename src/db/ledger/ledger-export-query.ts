/**
 * The ledger rows of a region subtree for export, in pages by key (region, name, id), so a
 * province's ledger streams out without an OFFSET scan or the whole table in memory.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { orgs, partyOrgs, type OrgKind } from '../schema/ledger.ts';
import { inRegion } from './coverage-predicates.ts';
import { orgLedgerColumns } from './org-ledger-columns.ts';

export const exportColumns = {
  ...orgLedgerColumns,
  reserveSecretaries: partyOrgs.reserveSecretaries,
  secretaryTrainedOn: partyOrgs.secretaryTrainedOn,
  workersTrainedOn: partyOrgs.workersTrainedOn,
};

export type ExportRow = { [K in keyof typeof exportColumns]: (typeof exportColumns)[K]['_']['data'] | (K extends 'partyOrgName' | 'partyOrgType' ? null : never) };

/** A row's place in the export's order. */
export type ExportKey = Pick<ExportRow, 'regionCode' | 'name' | 'id'>;

const keyOf = (k: ExportKey) => sql`(${k.regionCode}, ${k.name}, ${k.id}::uuid)`;

/**
 * A page after `after`, and up to `through` when given (a part of a split export: the bounds are
 * compared by the database, in its own collation, as the order is).
 */
export async function exportPage(db: Db | Tx, regionCode: string, after: ExportKey | null, limit: number, kind?: OrgKind, through?: ExportKey | null): Promise<ExportRow[]> {
  const rows = await db
    .select(exportColumns)
    .from(orgs)
    .leftJoin(partyOrgs, eq(partyOrgs.id, orgs.partyOrgId))
    .where(
      and(
        inRegion(regionCode),
        kind ? eq(orgs.kind, kind) : undefined,
        after ? sql`(${orgs.regionCode}, ${orgs.name}, ${orgs.id}) > ${keyOf(after)}` : undefined,
        through ? sql`(${orgs.regionCode}, ${orgs.name}, ${orgs.id}) <= ${keyOf(through)}` : undefined,
      ),
    )
    .orderBy(asc(orgs.regionCode), asc(orgs.name), asc(orgs.id))
    .limit(limit);
  return rows as ExportRow[];
}
