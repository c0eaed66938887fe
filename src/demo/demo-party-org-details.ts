/**
 * The details of the demo ledger that are not in a ledger file: which orgs each instructor guides
 * (within the policy's caps) and each party org's founding, term, committee, groups and how well it
 * keeps its meetings.
 */
import type { Policy } from '../domain/policy/index.ts';
import { addDays, addMonths, addYears, type CalendarDate } from '../domain/shanghai-date.ts';
import type { DemoOrg, DemoPartyOrg, Diligence } from './demo-ledger.ts';
import type { Rng } from './prng.ts';

/** Each instructor takes orgs without a party org and orgs with one, up to the policy's caps (I1, I2). */
export function assignInstructors(rng: Rng, policy: Policy, orgs: DemoOrg[], pool: DemoOrg[], streets: string[]): void {
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
}

const GROUP_NAMES = ['第一党小组', '第二党小组', '第三党小组', '第四党小组'];
const DEPT_GROUPS = ['生产部党小组', '经营管理党小组', '技术研发党小组', '机关党小组'];

/** Founding dates, terms, committees, 主题党日, party groups and how well each org keeps its meetings. */
export function describePartyOrgs(rng: Rng, policy: Policy, orgs: DemoOrg[], partyOrgs: DemoPartyOrg[], today: CalendarDate): void {
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
