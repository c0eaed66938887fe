import type { Person } from '../../bot/types.ts';
import type { InstructorScope } from '../../db/visits/org-scope-store.ts';

/** The orgs an instructor may log visits for: assigned ones, and those in their instructor regions. */
export function scopeOf(person: Person): InstructorScope | null {
  if (!person.id || !person.roles.some((r) => r.role === 'instructor')) return null;
  const regions = person.roles.filter((r) => r.role === 'instructor' && r.regionCode).map((r) => r.regionCode!);
  return { instructorId: person.id, regions };
}

/** The officer's region (the first officer role that has one). */
export function officerRegion(person: Person): string | null {
  return person.roles.find((r) => r.role === 'officer' && r.regionCode)?.regionCode ?? null;
}
