/**
 * Writing a region's policy override (issue 19 item 1): checked against the schema before it is
 * stored and audited in the same transaction; nothing caches the policy across requests, so the
 * override is in force for the next one (policy-book-store.ts).
 */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { policyOverrides } from '../schema/core.ts';
import { writeAudit } from './audit-store.ts';
import { loadPolicyOverrides } from './policy-book-store.ts';
import { policyChanges, resolvePolicy, validatePolicyOverride, type DeepPartial, type Policy, type PolicyChange } from '../../domain/policy/index.ts';

export class InvalidOverrideError extends Error {
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(`invalid policy: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

export interface OverrideActor {
  actorId?: string | null;
  actorLabel: string;
  at: Date;
  reason?: string | null;
}

/** The region's own stored (active) override, or null. */
export async function readOverride(db: Db | Tx, regionCode: string): Promise<DeepPartial<Policy> | null> {
  const [row] = await db.select({ settings: policyOverrides.settings, active: policyOverrides.active }).from(policyOverrides).where(eq(policyOverrides.regionCode, regionCode));
  return row && row.active ? (row.settings as DeepPartial<Policy>) : null;
}

/**
 * The policy in force at `code` now and if its own override became `next` (null: none), with the
 * settings that would change: the preview the CLI prints and the chat card shows before a write.
 * Throws PolicyError when `next` breaks the schema once merged.
 */
export async function previewOverride(db: Db | Tx, code: string, next: DeepPartial<Policy> | null): Promise<{ before: Policy; after: Policy; changes: PolicyChange[] }> {
  const all = await loadPolicyOverrides(db);
  const others = all.filter((o) => o.regionCode !== code);
  const before = resolvePolicy(code, all);
  const after = resolvePolicy(code, next ? [...others, { regionCode: code, settings: next }] : others);
  return { before, after, changes: policyChanges(before, after) };
}

/** Replaces the region's whole override with `settings`; returns what was stored before. */
export async function setOverride(db: Db | Tx, regionCode: string, settings: DeepPartial<Policy>, who: OverrideActor): Promise<DeepPartial<Policy> | null> {
  const check = validatePolicyOverride({ regionCode, settings });
  if (!check.ok) throw new InvalidOverrideError(check.issues);
  return db.transaction(async (tx: Tx) => {
    const before = await readOverride(tx, regionCode);
    await tx
      .insert(policyOverrides)
      .values({ regionCode, settings: settings as Record<string, unknown>, updatedAt: who.at, active: true })
      .onConflictDoUpdate({ target: policyOverrides.regionCode, set: { settings: settings as Record<string, unknown>, updatedAt: who.at, active: true } });
    await writeAudit(tx, { actorId: who.actorId, actorLabel: who.actorLabel, action: before ? 'update' : 'create', entity: 'policy_override', entityId: regionCode, before, after: settings, reason: who.reason, at: who.at });
    return before;
  });
}

/** Removes the region's override (the ancestors' and national rules apply again); false if none. */
export async function unsetOverride(db: Db | Tx, regionCode: string, who: OverrideActor): Promise<boolean> {
  return db.transaction(async (tx: Tx) => {
    const before = await readOverride(tx, regionCode);
    if (!before) return false;
    await tx.delete(policyOverrides).where(eq(policyOverrides.regionCode, regionCode));
    await writeAudit(tx, { actorId: who.actorId, actorLabel: who.actorLabel, action: 'delete', entity: 'policy_override', entityId: regionCode, before, after: null, reason: who.reason, at: who.at });
    return true;
  });
}
