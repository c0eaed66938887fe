/**
 * The regional policy overrides stored in policy_overrides, as resolvePolicy takes them. Read on
 * every figure, so the few rows are kept per database handle for a few seconds: a coverage answer
 * is then one query, not two, and a changed override is in force within the TTL (or at once after
 * forgetPolicyOverrides, which whoever writes overrides should call).
 */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { policyOverrides } from '../schema/core.ts';
import type { DeepPartial, Policy, PolicyOverride } from '../../domain/policy/index.ts';

const TTL_MS = 5000;
let cache = new WeakMap<object, { at: number; rows: Promise<PolicyOverride[]> }>();

export async function loadPolicyOverrides(db: Db | Tx): Promise<PolicyOverride[]> {
  const rows = await db.select({ regionCode: policyOverrides.regionCode, settings: policyOverrides.settings }).from(policyOverrides).where(eq(policyOverrides.active, true));
  return rows.map((r) => ({ regionCode: r.regionCode, settings: r.settings as DeepPartial<Policy> }));
}

export function cachedPolicyOverrides(db: Db | Tx, nowMs: number): Promise<PolicyOverride[]> {
  const hit = cache.get(db);
  if (hit && nowMs - hit.at >= 0 && nowMs - hit.at < TTL_MS) return hit.rows;
  const rows = loadPolicyOverrides(db);
  cache.set(db, { at: nowMs, rows });
  const held = cache;
  rows.catch(() => held.delete(db));
  return rows;
}

/**
 * Drops every handle's cached rows, not only the writer's: a write made in a chat transaction
 * must be seen at once by the API's and jobs' shared handle too (issue 19: an override is in
 * force everywhere at once). A writer inside a transaction calls it again after the commit, so a
 * read between the two cannot keep the old rows.
 */
export function forgetPolicyOverrides(_db?: Db | Tx): void {
  cache = new WeakMap();
}
