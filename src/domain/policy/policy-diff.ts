/**
 * What an override change does to the policy in force: the leaf settings whose value differs,
 * as dotted paths. This is the preview an officer confirms before a change is stored.
 */
import type { Policy } from './policy-schema.ts';

export interface PolicyChange {
  path: string;
  before: unknown;
  after: unknown;
}

function leaves(v: unknown, prefix: string, out: Map<string, unknown>): void {
  // Arrays are replaced whole by an override, so they are compared whole too.
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) leaves(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
}

export function policyChanges(before: Policy, after: Policy): PolicyChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  leaves(before, '', a);
  leaves(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((p) => JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p)))
    .map((p) => ({ path: p, before: a.get(p), after: b.get(p) }));
}
