/**
 * Open member-finding leads (党员找组织, 组织找党员, 党员找党员): some new, some already contacted,
 * a few past the contact deadline, so the people handling them and the officers have work to see.
 */
import type { AwayKind, LeadSourceKind, LeadState, Standing } from '../db/schema/leads.ts';
import type { DemoLedger } from './demo-ledger.ts';
import { demoMobile, personName } from './demo-people.ts';
import type { Rng } from './prng.ts';

export interface DemoLead {
  name: string;
  mobile: string;
  /** Index of the workplace org in the ledger, or null with a workplace typed as text. */
  workplaceOrg: number | null;
  workplaceText: string | null;
  /** Where a lead with a typed workplace is (a ledger org gives its own region). */
  regionCode: string | null;
  relationshipAt: string;
  standing: Standing;
  joinedYear: number;
  awayKind: AwayKind;
  source: LeadSourceKind;
  /** Roster key of the person who registered it ('self' leads: the newcomer's open_id is used). */
  registeredBy: string | null;
  note: string | null;
  /** Registered this many days before now. */
  daysAgo: number;
  /** States it went through after registration, one day apart. */
  path: LeadState[];
}

const RELATIONSHIPS = [
  '老家村党支部（山东省菏泽市）',
  '原单位党委（济南市槐荫区）',
  '山东大学学生党支部（毕业未转）',
  '户籍所在地社区党委（临沂市）',
  '人才中心党委（流动党员）',
];

/**
 * `secretaryOrgs[i]` is the party org of secretary i+1 (so leads at their orgs reach them);
 * `streetCode` is the street officer's street: one lead is left for the officers there.
 */
export function generateLeads(rng: Rng, ledger: DemoLedger, secretaryOrgs: number[], streetCode: string, thisYear: number): DemoLead[] {
  const operating = ledger.orgs.filter((o) => o.status === 'operating');
  const withSecretaryOrg = operating.filter((o) => o.partyOrg !== null && secretaryOrgs.includes(o.partyOrg));
  const ofSecretary = (k: number) => operating.filter((o) => o.partyOrg === secretaryOrgs[k]);
  const withoutPartyOrg = operating.filter((o) => o.formation === 'none' && o.instructor !== null);
  const onStreet = operating.filter((o) => o.regionCode === streetCode);
  let mobile = 500;
  const lead = (l: Partial<DemoLead> & Pick<DemoLead, 'source' | 'registeredBy' | 'daysAgo' | 'path'>): DemoLead => ({
    name: personName(rng),
    mobile: demoMobile(++mobile),
    workplaceOrg: null,
    workplaceText: null,
    regionCode: null,
    relationshipAt: rng.pick(RELATIONSHIPS),
    standing: rng.chance(0.85) ? 'formal' : 'probationary',
    joinedYear: thisYear - rng.int(2, 20),
    awayKind: rng.pick<AwayKind>(['province', 'city', 'country', 'none']),
    note: null,
    ...l,
  });
  return [
    lead({ source: 'self', registeredBy: null, daysAgo: 1, path: [], workplaceOrg: rng.pick(onStreet.length ? onStreet : operating).idx, note: '刚入职，想参加组织生活' }),
    lead({ source: 'self', registeredBy: null, daysAgo: 9, path: [], workplaceOrg: rng.pick(withSecretaryOrg).idx }),
    lead({ source: 'org', registeredBy: 'instructor-1', daysAgo: 6, path: [], workplaceOrg: rng.pick(withoutPartyOrg.length ? withoutPartyOrg : operating).idx, note: '走访时了解到的' }),
    lead({ source: 'org', registeredBy: 'secretary-1', daysAgo: 4, path: ['contacted'], workplaceOrg: null, workplaceText: '历城区某快递网点' }),
    lead({ source: 'org', registeredBy: 'secretary-2', daysAgo: 12, path: ['contacted', 'verified'], workplaceOrg: rng.pick(ofSecretary(1)).idx }),
    lead({ source: 'member', registeredBy: 'member-1', daysAgo: 2, path: [], workplaceOrg: null, workplaceText: '唐王街道某种植基地', regionCode: streetCode, note: '同村老乡，在外务工多年' }),
    lead({ source: 'member', registeredBy: 'member-2', daysAgo: 15, path: ['contacted'], workplaceOrg: rng.pick(withSecretaryOrg).idx }),
    lead({ source: 'org', registeredBy: 'instructor-2', daysAgo: 20, path: [], workplaceOrg: rng.pick(withoutPartyOrg.length ? withoutPartyOrg : operating).idx }),
  ];
}
