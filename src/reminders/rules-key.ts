import type { Reach } from '../db/stores/recipient-store.ts';
import type { PlanContext } from './plan-context.ts';

/**
 * The rules a run plans by, as a short key: the policy in force with the code's defaults, the
 * periods, cutoffs and due dates (the holiday calendar's working days are in them), and which
 * messengers reach people. A rerun whose key differs from the day's earlier runs plans in full,
 * since no table changed for the triggers to note. FNV-1a, twice: a key, not a secret.
 */
export function rulesKey(ctx: PlanContext, reach: Reach): string {
  const text = JSON.stringify({ ctx, reach });
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x811c9dc5) >>> 0;
  }
  return a.toString(36) + b.toString(36);
}
