/**
 * Everything the demo will write, generated in memory from the fixed seed and the clock: the
 * ledger, the people, the meeting and visit history and the leads. Pure (no database), so the
 * data can be checked for being reproducible without seeding twice.
 */
import { LICHENG_370112, policyBook, type Policy } from '../domain/policy/index.ts';
import { shanghaiDate, yearOf, type CalendarDate } from '../domain/shanghai-date.ts';
import { generateLedger, type DemoLedger, type DemoStreet } from './demo-ledger.ts';
import { generateLeads, type DemoLead } from './demo-leads.ts';
import { generateMeetings, type DemoMeeting } from './demo-meetings.ts';
import { DEMO_DISTRICT, DEMO_STREET_NAME, INSTRUCTOR_COUNT, INSTRUCTOR_STREET_NAMES, demoRoster, pickSecretaryOrgs, type DemoPerson } from './demo-people.ts';
import { generateVisits, type DemoVisit } from './demo-visits.ts';
import { createRng, type Rng } from './prng.ts';

/** The seed of the generator: change it and every name, code and date in the demo changes. */
export const DEMO_SEED = 20_160_826;

export interface DemoPlan {
  /** The street officer's street. */
  street: DemoStreet;
  policyOf(regionCode: string): Policy;
  today: CalendarDate;
  /** The generator, left where the plan stopped (the seed draws its ids from it). */
  rng: Rng;
  ledger: DemoLedger;
  roster: DemoPerson[];
  meetings: DemoMeeting[];
  visits: DemoVisit[];
  leads: DemoLead[];
}

/** `streets` are the district's streets as the regions table has them. */
export function planDemo(streets: DemoStreet[], now: Date): DemoPlan {
  if (streets.length === 0) throw new Error(`no streets under ${DEMO_DISTRICT}`);
  const street = streets.find((s) => s.name === DEMO_STREET_NAME) ?? streets[0]!;
  // The book the seeded database will hold (seed-demo stores this one override).
  const policyOf = policyBook([{ regionCode: LICHENG_370112.regionCode, settings: LICHENG_370112.settings }]).of;
  const today = shanghaiDate(now);
  const rng = createRng(DEMO_SEED);
  const instructorStreets = Array.from({ length: INSTRUCTOR_COUNT }, (_, i) => {
    const name = INSTRUCTOR_STREET_NAMES[i];
    return streets.find((s) => s.name === name)?.code ?? streets[i % streets.length]!.code;
  });
  const ledger = generateLedger(rng, streets, policyOf(DEMO_DISTRICT), today, instructorStreets);
  const secretaryOrgs = pickSecretaryOrgs(rng, ledger, street.code);
  const memberOrgs = [secretaryOrgs[0]!, secretaryOrgs[1]!, secretaryOrgs[2]!, secretaryOrgs[5] ?? secretaryOrgs[0]!];
  const roster = demoRoster(instructorStreets, secretaryOrgs, memberOrgs, street.code);
  const hosts = new Map(roster.flatMap((p) => p.roles.flatMap((r) => (r.role === 'secretary' ? [[r.partyOrg, p.name] as const] : []))));
  const meetings = generateMeetings(rng, policyOf, ledger, hosts, today);
  const visits = generateVisits(rng, policyOf, ledger, INSTRUCTOR_COUNT, today);
  const leads = generateLeads(rng, ledger, secretaryOrgs, street.code, yearOf(today));
  return { street, policyOf, today, rng, ledger, roster, meetings, visits, leads };
}
