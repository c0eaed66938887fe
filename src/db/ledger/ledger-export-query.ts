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
 * The subtree's codes as a range in the export's own order (the database's collation), so the
 * page is a range of orgs_export_order_idx from the last key; inRegion's byte-wise range (the
 * text_pattern_ops index) cannot bound that index. The upper end is the next code by digits
 * ('3709' → '371'), never a punctuation mark a linguistic collation would pass over.
 */
function subtreeInOrder(code: string) {
  const stem = code.replace(/9+$/, '');
  const upper = stem ? stem.slice(0, -1) + String(Number(stem.slice(-1)) + 1) : null;
  return upper ? sql`${orgs.regionCode} >= ${code} and ${orgs.regionCode} < ${upper}` : sql`${orgs.regionCode} >= ${code}`;
}

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
        subtreeInOrder(regionCode),
        kind ? eq(orgs.kind, kind) : undefined,
        after ? sql`(${orgs.regionCode}, ${orgs.name}, ${orgs.id}) > ${keyOf(after)}` : undefined,
        through ? sql`(${orgs.regionCode}, ${orgs.name}, ${orgs.id}) <= ${keyOf(through)}` : undefined,
      ),
    )
    .orderBy(asc(orgs.regionCode), asc(orgs.name), asc(orgs.id))
    .limit(limit);
  return rows as ExportRow[];
}
