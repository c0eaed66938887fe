/**
 * Six months of guidance visits by the demo's instructors to their orgs, at the policy's on-site
 * cadence (历城: twice a month). The last three instructors are stretched: one visit a month,
 * and none last month at some orgs, so the visit cadence has something overdue to show.
 */
import type { VisitTopic, VisitWay } from '../db/schema/visits.ts';
import type { Policy } from '../domain/policy/index.ts';
import { addDays, addMonths, dateOf, daysInMonth, monthOf, startOfMonth, yearOf, type CalendarDate } from '../domain/shanghai-date.ts';
import type { DemoLedger } from './demo-ledger.ts';
import * as W from './demo-words.ts';
import type { Rng } from './prng.ts';

export const VISIT_HISTORY_MONTHS = 6;

export interface DemoVisit {
  org: number;
  instructor: number;
  visitedOn: CalendarDate;
  way: VisitWay;
  topics: VisitTopic[];
  found: string;
  problems: string | null;
  nextSteps: string | null;
  nextPlannedOn: CalendarDate | null;
}

const TOPICS_WITH_PARTY_ORG: VisitTopic[] = ['meetings', 'theme_day', 'dues', 'venue', 'recruit'];
const TOPICS_WITHOUT: VisitTopic[] = ['party_org', 'recruit', 'mass_org', 'principal', 'venue'];

export function generateVisits(rng: Rng, policyOf: (regionCode: string) => Policy, ledger: DemoLedger, instructorCount: number, today: CalendarDate): DemoVisit[] {
  const out: DemoVisit[] = [];
  const stretched = (i: number) => i >= instructorCount - 3;
  const lastMonth = startOfMonth(addMonths(today, -1));
  for (const o of ledger.orgs) {
    if (o.instructor === null || o.status !== 'operating') continue;
    const perMonth = stretched(o.instructor) ? 1 : policyOf(o.regionCode).instructors.visitsPerMonth;
    const skipsLastMonth = stretched(o.instructor) && rng.chance(0.5);
    const pool = o.formation === 'none' ? TOPICS_WITHOUT : TOPICS_WITH_PARTY_ORG;
    for (let month = startOfMonth(addMonths(today, -VISIT_HISTORY_MONTHS)); month <= today; month = addMonths(month, 1)) {
      if (month === lastMonth && skipsLastMonth) continue;
      const len = daysInMonth(yearOf(month), monthOf(month));
      for (let k = 0; k < perMonth; k++) {
        // Spread over the month: the first half, then the second.
        const lo = Math.floor((len * k) / perMonth) + 1;
        const hi = Math.floor((len * (k + 1)) / perMonth);
        const visitedOn = dateOf(yearOf(month), monthOf(month), rng.int(lo, Math.max(lo, hi - 2)));
        if (visitedOn >= today) continue;
        const problem = rng.chance(0.15) ? rng.pick(W.VISIT_PROBLEMS) : null;
        out.push({
          org: o.idx,
          instructor: o.instructor,
          visitedOn,
          way: rng.weighted<VisitWay>([['onsite', 9], ['phone', 1]]),
          topics: rng.shuffle(pool).slice(0, rng.int(1, 3)),
          found: rng.pick(W.VISIT_FINDINGS),
          problems: problem,
          nextSteps: problem || rng.chance(0.5) ? rng.pick(W.VISIT_NEXT_STEPS) : null,
          nextPlannedOn: rng.chance(0.6) ? addDays(visitedOn, 14) : null,
        });
      }
    }
  }
  return out.sort((a, b) => a.visitedOn.localeCompare(b.visitedOn) || a.org - b.org);
}
