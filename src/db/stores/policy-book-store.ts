/**
 * The one way to the policy in force: the active rows of policy_overrides (the regional presets a
 * deployment chose, and officers' edits), read once and made into a PolicyBook. Called once per
 * request, tick or job and never cached across them, so an override written by the CLI or the
 * chat policy card is in force for the very next request; the table holds a row per region that
 * differs, so this is one small query.
 */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { policyOverrides } from '../schema/core.ts';
import { policyBook, type DeepPartial, type Policy, type PolicyBook, type PolicyOverride } from '../../domain/policy/index.ts';

/** The stored overrides as resolvePolicy takes them (a preview lays a candidate over these). */
export async function loadPolicyOverrides(db: Db | Tx): Promise<PolicyOverride[]> {
  const rows = await db.select({ regionCode: policyOverrides.regionCode, settings: policyOverrides.settings }).from(policyOverrides).where(eq(policyOverrides.active, true));
  return rows.map((r) => ({ regionCode: r.regionCode, settings: r.settings as DeepPartial<Policy> }));
}

export async function loadPolicyBook(db: Db | Tx): Promise<PolicyBook> {
  return policyBook(await loadPolicyOverrides(db));
}
