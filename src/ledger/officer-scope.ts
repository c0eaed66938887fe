/**
 * Which regions a person may see figures and lists for: the regions of their officer and admin
 * roles, each with its whole subtree (design: an officer sees their region's subtree). A region
 * inside another of their regions adds nothing and is dropped.
 */
import type { Person } from '../bot/types.ts';

export const SCOPE_ROLES = ['officer', 'admin'] as const;

export function officerRegions(person: Pick<Person, 'roles'>): string[] {
  const codes = [
    ...new Set(person.roles.filter((r) => (SCOPE_ROLES as readonly string[]).includes(r.role) && r.regionCode).map((r) => r.regionCode!)),
  ].sort((a, b) => a.length - b.length || a.localeCompare(b));
  return codes.filter((c, i) => !codes.slice(0, i).some((w) => c.startsWith(w)));
}

export function regionInScope(scopes: readonly string[], code: string): boolean {
  return scopes.some((s) => code.startsWith(s));
}
