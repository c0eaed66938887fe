/**
 * The demo ledger of 历城区: about 300 enterprises and social organisations on the district's real
 * streets, with standalone and joint party orgs, mass orgs and instructors, shaped like the
 * published figures (domain.md: organisation coverage about 70 %, standalone about 10 %, work
 * coverage near 90 %). Every threshold comes from the policy passed in; the shares below are the
 * demo's own choices, not rules.
 */
import type { Formation, OrgKind, OrgStatus, PartyOrgType } from '../db/schema/ledger.ts';
import type { Policy } from '../domain/policy/index.ts';
import { addDays, addMonths, addYears, type CalendarDate } from '../domain/shanghai-date.ts';
import { demoCreditCode } from './demo-credit-code.ts';
import { personName } from './demo-people.ts';
import * as W from './demo-words.ts';
import type { Rng } from './prng.ts';

export interface DemoStreet {
  code: string;
  name: string;
}

export interface DemoOrg {
  idx: number;
  name: string;
  creditCode: string;
  kind: OrgKind;
  subtype: string | null;
  regionCode: string;
  status: OrgStatus;
  employees: number;
  /** 万元 */
  revenue: number | null;
  membersFormal: number;
  membersProbationary: number;
  membersUntransferred: number;
  formation: Formation;
  /** Index into DemoLedger.partyOrgs. */
  partyOrg: number | null;
  massOrgs: string[];
  /** Index into the instructor roster. */
  instructor: number | null;
  principalName: string;
  principalIsMember: boolean;
  noPartyOrgReason: string | null;
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

/** How many orgs of each street, relative to the others (urban and industrial streets hold more). */
const STREET_WEIGHT: Record<string, number> = {
  山大路街道: 3, 洪家楼街道: 2, 东风街道: 2, 全福街道: 2, 华山街道: 2, 王舍人街道: 3, 鲍山街道: 2, 郭店街道: 2, 唐冶街道: 3,
  港沟街道: 3, 唐王街道: 2,
};
const RURAL = new Set(['仲宫街道', '柳埠街道', '西营街道', '唐王街道', '彩石街道']);

const TOTAL_ORGS = 300;
const NOT_OPERATING: OrgStatus[] = ['suspended', 'suspended', 'suspended', 'bankrupt', 'bankrupt', 'deregistered', 'shell', 'shell'];
/** Demo shares of the operating orgs (close to the synthetic district in domain.md). */
const SHARE = { standalone: 0.105, joint: 0.6, massOnly: 0.055, uncovered: 0.14 };
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

type SocialSubtype = '行业协会商会' | '民办学校' | '民办医院' | '律师事务所' | '会计师事务所' | '税务师事务所' | '学会' | '基金会' | '社会团体';

function orgName(rng: Rng, kind: OrgKind, subtype: string | null, streetName: string): string {
  const brand = rng.pick(W.BRANDS);
  const town = streetName.replace(/街道$/, '');
  if (kind === 'enterprise') {
    switch (subtype) {
      case '互联网':
        return `济南${brand}${rng.pick(W.INTERNET_TRADES)}有限公司`;
      case '文化创意':
        return `济南${brand}${rng.pick(W.CULTURE_TRADES)}有限公司`;
      case '外商投资':
        return `济南${rng.pick(W.FOREIGN_BRANDS)}${brand}${rng.pick(W.FOREIGN_TRADES)}有限公司`;
      case '农村新型经营主体':
        return `济南市历城区${town}${rng.pick(W.FARM_PLACES)}${rng.pick(W.FARM_PRODUCE)}专业合作社`;
      default:
        return `${rng.chance(0.85) ? '济南' : '山东'}${brand}${rng.pick(W.GENERAL_TRADES)}有限公司`;
    }
  }
  switch (subtype as SocialSubtype) {
    case '行业协会商会':
      return rng.chance(0.7) ? `历城区${rng.pick(W.ASSOCIATION_TRADES)}行业协会` : `济南市历城区${rng.pick(W.CHAMBER_PLACES)}商会`;
    case '民办学校':
      return `济南市历城区${brand}${rng.pick(W.SCHOOL_KINDS)}`;
    case '民办医院':
      return `济南历城${brand}${rng.pick(W.HOSPITAL_KINDS)}`;
    case '律师事务所':
      return `山东${brand}律师事务所`;
    case '会计师事务所':
      return `山东${brand}会计师事务所有限公司`;
    case '税务师事务所':
      return `山东${brand}税务师事务所有限公司`;
    case '学会':
      return `历城区${rng.pick(W.SOCIETY_FIELDS)}学会`;
    case '基金会':
      return `济南市历城区${rng.pick(W.FOUNDATION_FIELDS)}基金会`;
    default:
      return `历城区${rng.pick(W.CLUB_FIELDS)}协会`;
  }
}

function creditCategory(kind: OrgKind, subtype: string | null): '91' | '93' | '51' | '52' | '53' | '31' {
  if (kind === 'enterprise') return subtype === '农村新型经营主体' ? '93' : '91';
  if (subtype === '律师事务所') return '31';
  if (subtype === '会计师事务所' || subtype === '税务师事务所') return '91';
  if (subtype === '民办学校' || subtype === '民办医院') return '52';
  if (subtype === '基金会') return '53';
  return '51';
}

function pickSubtype(rng: Rng, kind: OrgKind, rural: boolean): string | null {
  if (kind === 'enterprise') {
    return rng.weighted<string | null>([
      [null, 60],
      ['互联网', 13],
      ['文化创意', 8],
      ['外商投资', 5],
      ['农村新型经营主体', rural ? 30 : 2],
    ]);
  }
  return rng.weighted<SocialSubtype>([
    ['行业协会商会', 24],
    ['民办学校', 20],
    ['民办医院', 10],
    ['律师事务所', 13],
    ['会计师事务所', 8],
    ['税务师事务所', 4],
    ['学会', 6],
    ['基金会', 3],
    ['社会团体', 12],
  ]);
}

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

  assignInstructors(rng, policy, orgs, partyOrgs, noneOrgs.filter((o) => !massOnly.includes(o)), instructorStreets);
  describePartyOrgs(rng, policy, orgs, partyOrgs, today);
  return { orgs, partyOrgs };
}

/** Each instructor takes orgs without a party org and orgs with one, up to the policy's caps (I1, I2). */
function assignInstructors(rng: Rng, policy: Policy, orgs: DemoOrg[], partyOrgs: DemoPartyOrg[], pool: DemoOrg[], streets: string[]): void {
  const { maxOrgsWithoutPartyOrg, maxOrgsWithPartyOrg } = policy.instructors;
  const free = new Set(pool.map((o) => o.idx));
  const covered = orgs.filter((o) => o.status === 'operating' && o.formation !== 'none');
  // Leave some orgs uncovered altogether (I3 is then a list worth opening).
  const reserve = Math.round(pool.length * 0.45);
  streets.forEach((street, i) => {
    const mine = (list: Iterable<number>) => [...list].map((k) => orgs[k]!).sort((a, b) => Number(b.regionCode === street) - Number(a.regionCode === street) || a.idx - b.idx);
    const without = mine(free).slice(0, Math.max(0, Math.min(maxOrgsWithoutPartyOrg, free.size - reserve)));
    for (const o of without) {
      o.instructor = i;
      free.delete(o.idx);
    }
    const want = Math.max(1, maxOrgsWithPartyOrg - rng.int(0, 2));
    const withOrg = mine(covered.filter((o) => o.instructor === null).map((o) => o.idx)).slice(0, want);
    for (const o of withOrg) o.instructor = i;
  });
  void partyOrgs;
}

const GROUP_NAMES = ['第一党小组', '第二党小组', '第三党小组', '第四党小组'];
const DEPT_GROUPS = ['生产部党小组', '经营管理党小组', '技术研发党小组', '机关党小组'];

/** Founding dates, terms, committees, 主题党日, party groups and how well each org keeps its meetings. */
function describePartyOrgs(rng: Rng, policy: Policy, orgs: DemoOrg[], partyOrgs: DemoPartyOrg[], today: CalendarDate): void {
  const newlyBuilt = new Set([partyOrgs.find((p) => p.type === 'branch')?.idx, partyOrgs.find((p) => p.formation === 'joint')?.idx].filter((x) => x !== undefined));
  let termSoon = 0;
  for (const p of partyOrgs) {
    p.members = p.orgs.reduce((s, i) => s + orgs[i]!.membersFormal, 0);
    const years = policy.terms.years[p.type];
    if (newlyBuilt.has(p.idx)) {
      p.foundedOn = addDays(today, -rng.int(20, 50));
      p.termStartedOn = p.foundedOn;
    } else {
      p.foundedOn = addDays(addYears(today, -(p.formation === 'joint' ? rng.int(2, 10) : rng.int(3, 15))), -rng.int(0, 300));
      // The latest election: founding plus whole terms, not after today.
      let start = p.foundedOn;
      while (addYears(start, years) <= today) start = addYears(start, years);
      p.termStartedOn = start;
      // A few terms end within the reminder lead time, one has run out (换届 due).
      if (termSoon < 3 && p.formation === 'standalone' && p.type === 'branch') {
        const lead = policy.terms.reminderLeadMonths[0] ?? 1;
        p.termStartedOn = termSoon === 2 ? addMonths(addYears(today, -years), -1) : addDays(addMonths(addYears(today, -years), lead), -rng.int(5, 20));
        if (p.termStartedOn < p.foundedOn) p.foundedOn = addYears(p.termStartedOn, -years);
        termSoon++;
      }
    }
    const people = p.members + p.orgs.reduce((s, i) => s + orgs[i]!.membersProbationary, 0);
    p.committeeSize = p.type === 'committee' ? 7 : people >= 20 ? 5 : 3;
    p.themeDay = rng.pick([5, 10, 15, 20, 25]);
    if (people >= 15) {
      const count = Math.min(4, Math.max(2, Math.floor(people / 12)));
      p.groups = (p.type === 'branch' ? GROUP_NAMES : DEPT_GROUPS).slice(0, count);
    }
    p.diligence = newlyBuilt.has(p.idx) ? 'good' : rng.weighted<Diligence>([['good', 82], ['patchy', 12], ['behind', 6]]);
  }
}
