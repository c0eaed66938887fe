/**
 * Freezing a base list (党建基数) with its audit entry, in the caller's transaction: the one way
 * both `cli freeze-base` and the chat job (chat/freeze-job.ts) freeze a base.
 */
import { freezeBase, type CoverageBaseRef } from '../db/ledger/coverage-base-store.ts';
import { writeAudit } from '../db/stores/audit-store.ts';
import type { Tx } from '../db/database.ts';
import { shanghaiDate } from '../domain/shanghai-date.ts';

export async function freezeBaseAudited(
  tx: Tx,
  b: { regionCode: string; name: string; createdBy: string; at: Date; actorId?: string | null; actorLabel?: string | null },
): Promise<CoverageBaseRef & { orgs: number }> {
  const base = await freezeBase(tx, { regionCode: b.regionCode, name: b.name, frozenOn: shanghaiDate(b.at), createdBy: b.createdBy, at: b.at });
  await writeAudit(tx, {
    actorId: b.actorId ?? null,
    actorLabel: b.actorLabel ?? null,
    action: 'create',
    entity: 'coverage_base',
    entityId: base.id,
    after: { name: b.name, regionCode: b.regionCode, frozenOn: base.frozenOn, orgs: base.orgs },
    at: b.at,
  });
  return base;
}
