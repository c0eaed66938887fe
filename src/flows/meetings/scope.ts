import type { Person } from '../../bot/types.ts';
import { isWithin } from '../../db/regions/region-store.ts';

/** The party orgs this person is secretary of (a person may lead several). */
export function secretaryOrgIds(person: Person): string[] {
  return [...new Set(person.roles.filter((r) => r.role === 'secretary' && r.partyOrgId).map((r) => r.partyOrgId!))];
}

export function leads(person: Person, partyOrgId: unknown): partyOrgId is string {
  return typeof partyOrgId === 'string' && secretaryOrgIds(person).includes(partyOrgId);
}

/** The officer's regions, without those inside another of theirs. */
export function officerRegions(person: Person): string[] {
  const codes = [...new Set(person.roles.filter((r) => r.role === 'officer' && r.regionCode).map((r) => r.regionCode!))];
  return codes.filter((c) => !codes.some((o) => o !== c && isWithin(c, o))).sort();
}

/** Whether `code` lies in one of the officer's regions. */
export function officerSees(person: Person, code: unknown): code is string {
  return typeof code === 'string' && officerRegions(person).some((r) => isWithin(code, r));
}
