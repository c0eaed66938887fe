/**
 * The demo ledger of 历城区: about 300 enterprises and social organisations on the district's real
 * streets, with standalone and joint party orgs, mass orgs and instructors, shaped like the
 * published figures (domain.md: organisation coverage about 70 %, standalone about 10 %, work
 * coverage near 90 %). Every threshold comes from the policy passed in; the shares below are the
 * demo's own choices, not rules.
 */
import type { OrgKind, OrgStatus, PartyOrgType } from '../db/schema/ledger.ts';
import type { LedgerRecord } from '../ledger/ledger-row.ts';
import type { Policy } from '../domain/policy/index.ts';
import type { CalendarDate } from '../domain/shanghai-date.ts';
import { demoCreditCode } from './demo-credit-code.ts';
import { creditCategory, orgName, pickSubtype, RURAL, STREET_WEIGHT } from './demo-org-names.ts';
import { assignInstructors, describePartyOrgs } from './demo-party-org-details.ts';
import { personName } from './demo-people.ts';
import * as W from './demo-words.ts';
import type { Rng } from './prng.ts';

export interface DemoStreet {
  code: string;
  name: string;
}

/** A demo org: the ledger's own facts (one shape, LedgerRecord), with indices in place of names. */
export interface DemoOrg
  extends Pick<
    LedgerRecord,
    'name' | 'kind' | 'subtype' | 'regionCode' | 'status' | 'employees' | 'revenue' | 'membersFormal' | 'membersProbationary' | 'membersUntransferred' | 'formation' | 'massOrgs' | 'noPartyOrgReason'
  > {
  idx: number;
  /** The demo always has one (a real ledger may not). */
  creditCode: string;
  /** Index into DemoLedger.partyOrgs. */
  partyOrg: number | null;
  /** Index into the instructor roster. */
  instructor: number | null;
  principalName: string;
  principalIsMember: boolean;
}

export type Diligence = 'good' | 'patchy' | 'behind';

export interface DemoPartyOrg {
  idx: number;
  name: string;
  type: PartyOrgType;
  formation: 'standalone' | 'joint';
  orgs: number[];
  foundedOn: CalendarDate;
  termStartedOn: CalendarDate;
  committeeSize: number;
  themeDay: number;
  groups: string[];
  /** How faithfully its meetings were held (the history is generated from it). */
  diligence: Diligence;
  /** Sum over its orgs, as the ledger import computes it. */
  members: number;
}

export interface DemoLedger {
  orgs: DemoOrg[];
  partyOrgs: DemoPartyOrg[];
}

const TOTAL_ORGS = 300;
const NOT_OPERATING: OrgStatus[] = ['suspended', 'suspended', 'suspended', 'bankrupt', 'bankrupt', 'deregistered', 'shell', 'shell'];
/** Demo shares of the operating orgs (close to the synthetic district in domain.md). */
const SHARE = { standalone: 0.105, joint: 0.6, massOnly: 0.055 };
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Generates the orgs and party orgs; instructors are given as their home streets (index = roster index). */
export function generateLedger(rng: Rng, streets: DemoStreet[], policy: Policy, today: CalendarDate, instructorStreets: string[]): DemoLedger {
  const minMembers = policy.formation.minFormalMembers;
  const usedNames = new Set<string>();
  const usedCodes = new Set<string>();
  const weighted = streets.map((s) => [s, STREET_WEIGHT[s.name] ?? 1] as const);
  const orgs: DemoOrg[] = [];

  // Make sure each instructor's street has enough orgs of its own.
  const streetFor = (i: number): DemoStreet =>
    i < instructorStreets.length * 6 ? streets.find((s) => s.code === instructorStreets[i % instructorStreets.length])! : rng.weighted(weighted);

  for (let i = 0; i < TOTAL_ORGS; i++) {
    const street = streetFor(i);
    const kind: OrgKind = rng.chance(0.8) ? 'enterprise' : 'social_org';
    const subtype = pickSubtype(rng, kind, RURAL.has(street.name));
    let name = '';
    for (let tries = 0; tries < 30 && (!name || usedNames.has(name)); tries++) name = orgName(rng, kind, subtype, street.name);
    // Pools without a 字号 run out (there are only so many 学会): name the street, as real ones do.
    if (usedNames.has(name)) name = name.replace(/^(济南市历城区|历城区)/, `$1${street.name.replace(/街道$/, '')}`);
    const base = name;
    for (let k = 2; usedNames.has(name); k++) name = `${base}（${k}）`;
    usedNames.add(name);
    let code = '';
    do code = demoCreditCode(rng, creditCategory(kind, subtype), '370112');
    while (usedCodes.has(code));
    usedCodes.add(code);
    const employees = kind === 'enterprise' ? rng.size(8, 45, 900) : rng.size(5, 22, 160);
    const revenue =
      kind === 'enterprise' ? Math.round(employees * rng.int(12, 90) * 10) / 10 : rng.chance(0.4) ? Math.round(employees * rng.int(5, 30)) : null;
    orgs.push({
      idx: i,
      name,
      creditCode: code,
      kind,
      subtype,
      regionCode: street.code,
      status: 'operating',
      employees,
      revenue,
      membersFormal: 0,
      membersProbationary: 0,
      membersUntransferred: 0,
      formation: 'none',
      partyOrg: null,
      massOrgs: [],
      instructor: null,
      principalName: personName(rng),
      principalIsMember: rng.chance(0.22),
      noPartyOrgReason: null,
    });
  }

  // Not operating: small orgs, kept in the ledger but out of the statistics.
  const bySize = [...orgs].sort((a, b) => a.employees - b.employees || a.idx - b.idx);
  const closed = rng.shuffle(bySize.slice(0, 80)).slice(0, NOT_OPERATING.length);
  closed.forEach((o, i) => (o.status = NOT_OPERATING[i]!));
  const operating = orgs.filter((o) => o.status === 'operating');
  const n = operating.length;

  const partyOrgs: DemoPartyOrg[] = [];
  const newPartyOrg = (p: Omit<DemoPartyOrg, 'idx' | 'foundedOn' | 'termStartedOn' | 'committeeSize' | 'themeDay' | 'groups' | 'diligence' | 'members'>) => {
    const po: DemoPartyOrg = { ...p, idx: partyOrgs.length, foundedOn: today, termStartedOn: today, committeeSize: 0, themeDay: 15, groups: [], diligence: 'good', members: 0 };
    partyOrgs.push(po);
    for (const i of p.orgs) {
      orgs[i]!.formation = p.formation;
      orgs[i]!.partyOrg = po.idx;
    }
    return po;
  };

  // Standalone: mostly among the larger orgs.
  // Two key social orgs (民办学校, 民办医院 …) large enough for T3 built their own; the rest are enterprises.
  const keySocial = policy.thresholds.keySocialOrgs;
  const social = rng.shuffle(operating.filter((o) => o.kind === 'social_org' && o.subtype && keySocial.subtypes.includes(o.subtype))).slice(0, 2);
  for (const o of social) o.employees = Math.max(o.employees, keySocial.partyOrgRequiredFromStaff + rng.int(5, 40));
  const large = [...operating].filter((o) => !social.includes(o)).sort((a, b) => b.employees - a.employees || a.idx - b.idx);
  const standalone = [...rng.shuffle(large.slice(0, Math.round(n * 0.2))).slice(0, Math.round(n * SHARE.standalone) - social.length), ...social];
  const sizes = { committee: 2, general_branch: 3 };
  standalone.forEach((o, k) => {
    const type: PartyOrgType = k < sizes.committee ? 'committee' : k < sizes.committee + sizes.general_branch ? 'general_branch' : 'branch';
    o.membersFormal =
      type === 'committee'
        ? policy.formation.partyCommitteeAboveMembers + rng.int(1, 30)
        : type === 'general_branch'
          ? policy.formation.generalBranchAboveMembers + rng.int(1, 40)
          : rng.weighted([
              [rng.int(minMembers, minMembers + 5), 6],
              [rng.int(minMembers + 6, 30), 3],
            ]);
    o.employees = Math.max(o.employees, o.membersFormal * rng.int(3, 8));
    o.membersProbationary = rng.int(0, 2);
    o.membersUntransferred = rng.chance(0.3) ? rng.int(1, 3) : 0;
    const suffix = type === 'committee' ? '委员会' : type === 'general_branch' ? '总支部委员会' : '支部委员会';
    newPartyOrg({ name: `中共${o.name}${suffix}`, type, formation: 'standalone', orgs: [o.idx] });
  });
  // A 功能型党支部 in an association (does not count towards organisation coverage by default).
  const association = operating.find((o) => o.subtype === '行业协会商会' && o.formation === 'none');
  if (association) {
    association.membersFormal = rng.int(minMembers, minMembers + 4);
    newPartyOrg({ name: `中共${association.name}功能型党支部`, type: 'functional_branch', formation: 'standalone', orgs: [association.idx] });
  }
  // A bankrupt org whose standalone branch is left over: an 空壳支部 to reorganise (T6).
  const shell = orgs.find((o) => o.status === 'bankrupt');
  if (shell) {
    shell.membersFormal = minMembers;
    newPartyOrg({ name: `中共${shell.name}支部委员会`, type: 'branch', formation: 'standalone', orgs: [shell.idx] });
  }

  // The rest: joint, covered by mass orgs only, or not covered at all (the instructors pick theirs later).
  const rest = rng.shuffle(operating.filter((o) => o.formation === 'none'));
  const jointCount = Math.round(n * SHARE.joint);
  const joint = rest.slice(0, jointCount);
  const none = rest.slice(jointCount);

  // Joint members: fewer than the F1 threshold each (that is why they are joint)...
  for (const o of joint) o.membersFormal = rng.weighted([[0, 3], [1, 4], [Math.max(0, minMembers - 1), 3]]);
  // ...except two that have grown and should now stand alone (F5).
  for (const o of joint.slice(0, 2)) o.membersFormal = minMembers + rng.int(0, 2);
  // Law, accounting and tax firms are joined by trade across the district (同业共建); the rest by street (片区联建).
  const trades: Array<[string, string[]]> = [
    ['律师行业', ['律师事务所']],
    ['会计税务行业', ['会计师事务所', '税务师事务所']],
  ];
  const max = policy.formation.jointOrgMaxOrgs;
  const chunk = (list: DemoOrg[]): DemoOrg[][] => {
    const out: DemoOrg[][] = [];
    for (let i = 0; i < list.length; ) {
      const size = Math.min(list.length - i, rng.int(Math.min(3, max), max));
      out.push(list.slice(i, i + size));
      i += size;
    }
    // A lone org is no joint party org: fold it into the previous group if that has room, else pair it.
    const last = out[out.length - 1];
    if (last && last.length === 1 && out.length > 1) {
      const prev = out[out.length - 2]!;
      if (prev.length < max) prev.push(...out.pop()!);
      else last.unshift(prev.pop()!);
    }
    return out;
  };
  const jointGroups: Array<{ label: string; orgs: DemoOrg[] }> = [];
  const inTrade = new Set<number>();
  for (const [label, subtypes] of trades) {
    const list = joint.filter((o) => o.subtype && subtypes.includes(o.subtype));
    list.forEach((o) => inTrade.add(o.idx));
    chunk(list).forEach((g) => jointGroups.push({ label, orgs: g }));
  }
  for (const s of streets) {
    const list = joint.filter((o) => o.regionCode === s.code && !inTrade.has(o.idx));
    const social = list.filter((o) => o.kind === 'social_org');
    const firms = list.filter((o) => o.kind === 'enterprise');
    chunk(firms).forEach((g) => jointGroups.push({ label: `${s.name}非公企业`, orgs: g }));
    chunk(social).forEach((g) => jointGroups.push({ label: `${s.name}社会组织`, orgs: g }));
  }
  const counter = new Map<string, number>();
  for (const g of jointGroups) {
    if (g.orgs.length === 1) {
      // A street with a single joint-covered org: it joins the street's other joint org or stays uncovered.
      g.orgs[0]!.membersFormal = Math.min(g.orgs[0]!.membersFormal, minMembers - 1);
      none.push(g.orgs[0]!);
      continue;
    }
    // A joint party org needs enough members between its orgs to exist at all.
    let total = g.orgs.reduce((s, o) => s + o.membersFormal, 0);
    for (const o of g.orgs) {
      if (total >= minMembers) break;
      const add = Math.min(minMembers - 1 - o.membersFormal, minMembers - total);
      if (add > 0) {
        o.membersFormal += add;
        total += add;
      }
    }
    const k = (counter.get(g.label) ?? 0) + 1;
    counter.set(g.label, k);
    newPartyOrg({ name: `中共济南市历城区${g.label}第${NUMERALS[k - 1] ?? k}联合支部委员会`, type: 'joint_branch', formation: 'joint', orgs: g.orgs.map((o) => o.idx) });
  }
  for (const o of joint) {
    if (o.formation === 'joint' && policy.formation.countUntransferredMembers && o.membersFormal === minMembers - 1 && rng.chance(0.04)) o.membersUntransferred = 1;
    o.membersProbationary = rng.chance(0.15) ? 1 : 0;
  }

  // Orgs with no party org: mostly none or one or two members; a few 应建未建 (F1).
  const noneOrgs = none.filter((o) => o.formation === 'none');
  for (const o of noneOrgs) {
    o.membersFormal = rng.weighted([[0, 6], [1, 2], [Math.max(0, minMembers - 1), 1]]);
    o.noPartyOrgReason = o.membersFormal === 0 ? rng.pick(['无党员', '新成立企业，正在摸排党员情况', '党员组织关系均不在本单位']) : rng.pick(W.NO_PARTY_ORG_REASONS.slice(0, 1).concat(W.NO_PARTY_ORG_REASONS.slice(3)));
  }
  for (const o of noneOrgs.slice(0, 4)) {
    o.membersFormal = minMembers + rng.int(0, 2);
    o.noPartyOrgReason = '出资人对党建工作认识不足，正在做工作';
  }
  const massOnly = noneOrgs.slice(4, 4 + Math.round(n * SHARE.massOnly));
  for (const o of massOnly) o.massOrgs = rng.chance(0.3) ? ['工会', '共青团'] : ['工会'];
  for (const o of orgs) {
    if (o.formation === 'standalone') o.massOrgs = ['工会', ...(rng.chance(0.5) ? ['共青团'] : []), ...(rng.chance(0.4) ? ['妇联'] : [])];
    else if (o.formation === 'joint') o.massOrgs = rng.chance(0.5) ? ['工会', ...(rng.chance(0.2) ? ['共青团'] : [])] : [];
    if (o.kind === 'enterprise' && o.membersFormal > 0 && o.employees < o.membersFormal) o.employees = o.membersFormal + rng.int(2, 10);
  }

  assignInstructors(rng, policy, orgs, noneOrgs.filter((o) => !massOnly.includes(o)), instructorStreets);
  describePartyOrgs(rng, policy, orgs, partyOrgs, today);
  return { orgs, partyOrgs };
}
