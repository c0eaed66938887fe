import { auditLog } from '../schema/core.ts';
import type { Db, Tx } from '../database.ts';

export interface AuditEntry {
  actorId?: string | null;
  /** open_id or 'cli' / 'api': who acted when there is no person id */
  actorLabel?: string | null;
  action: 'create' | 'update' | 'delete' | 'view' | 'export' | 'import' | 'approve' | 'decline' | string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  at?: Date;
}

/** Written in the same transaction as the change it records, so neither exists without the other. */
export async function writeAudit(db: Db | Tx, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: e.actorId ?? null,
    actorLabel: e.actorLabel ?? null,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId ?? null,
    before: (e.before ?? null) as object | null,
    after: (e.after ?? null) as object | null,
    reason: e.reason ?? null,
    ...(e.at ? { at: e.at } : {}),
  });
}
