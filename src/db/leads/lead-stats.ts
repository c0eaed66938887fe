/**
 * What officers see for their region (issue 7 §10): leads by state and age, and the members
 * brought in this month and this year. Counts and lists only: no ranking of anyone.
 */
import { and, asc, count, eq, inArray, isNull, like, min, sql } from 'drizzle-orm';
import { orgs } from '../schema/ledger.ts';
import { leadEvents, leads, LEAD_STATES, type LeadState } from '../schema/leads.ts';
import type { Db, Tx } from '../database.ts';
import type { PolicyBook } from '../../domain/policy/index.ts';
import { shanghaiDate, startOfMonth, startOfShanghaiDay, startOfYear, daysBetween } from '../../domain/shanghai-date.ts';
import type { OnUncovered } from '../../domain/working-days.ts';
import { contactDates, outOfContactOn } from './due-leads.ts';

export const OPEN_STATES = ['new', 'contacted', 'verified'] as const satisfies readonly LeadState[];

export interface OpenLead {
  id: string;
  name: string | null;
  mobile: string | null;
  workplace: string | null;
  state: LeadState;
  ageDays: number;
  overdue: boolean;
}

export interface LeadOverview {
  byState: Record<LeadState, number>;
  /** Open leads by state and age: within a week, within a month, older. */
  ages: Record<(typeof OPEN_STATES)[number], { week: number; month: number; older: number }>;
  overdue: number;
  outOfContact: number;
  incorporatedThisMonth: number;
  incorporatedThisYear: number;
  /** The oldest open leads first. */
  oldest: OpenLead[];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function leadOverview(db: Db | Tx, book: PolicyBook, regionCode: string, now: Date, opts: { listLimit?: number; onUncovered?: OnUncovered } = {}): Promise<LeadOverview> {
  const inRegion = like(leads.regionCode, `${escapeLike(regionCode)}%`);
  const today = shanghaiDate(now);
  const byState = Object.fromEntries(LEAD_STATES.map((s) => [s, 0])) as Record<LeadState, number>;
  for (const r of await db.select({ state: leads.state, n: count() }).from(leads).where(inRegion).groupBy(leads.state)) byState[r.state] = Number(r.n);

  const open = await db
    .select({
      id: leads.id,
      name: leads.name,
      mobile: leads.mobile,
      workplaceText: leads.workplaceText,
      orgName: orgs.name,
      state: leads.state,
      regionCode: leads.regionCode,
      createdAt: leads.createdAt,
    })
    .from(leads)
    .leftJoin(orgs, eq(orgs.id, leads.workplaceOrgId))
    .where(and(inRegion, inArray(leads.state, [...OPEN_STATES]), isNull(leads.erasedAt)))
    .orderBy(asc(leads.createdAt), asc(leads.id));
  const unreachable = await db
    .select({ regionCode: leads.regionCode, since: leads.outOfContactSince })
    .from(leads)
    .where(and(inRegion, eq(leads.state, 'unreachable'), isNull(leads.erasedAt)));
  const onUncovered = opts.onUncovered ?? (() => {});

  const ages = Object.fromEntries(OPEN_STATES.map((s) => [s, { week: 0, month: 0, older: 0 }])) as LeadOverview['ages'];
  let overdue = 0;
  const list: OpenLead[] = [];
  for (const o of open) {
    const age = daysBetween(shanghaiDate(o.createdAt), today);
    const bucket = ages[o.state as (typeof OPEN_STATES)[number]];
    if (age <= 7) bucket.week++;
    else if (age <= 30) bucket.month++;
    else bucket.older++;
    const late = o.state === 'new' && today > contactDates(o.createdAt, book.of(o.regionCode), onUncovered).dueOn;
    if (late) overdue++;
    if (list.length < (opts.listLimit ?? 10)) {
      list.push({ id: o.id, name: o.name, mobile: o.mobile, workplace: o.orgName ?? o.workplaceText, state: o.state, ageDays: age, overdue: late });
    }
  }
  const outOfContact = unreachable.filter((u) => u.since && today >= outOfContactOn(u.since, book.of(u.regionCode))).length;

  // A member is brought in once: the first time the lead reached incorporated or transferred.
  const firstIn = db
    .select({ leadId: leadEvents.leadId, at: min(leadEvents.at).as('first_at') })
    .from(leadEvents)
    .innerJoin(leads, eq(leads.id, leadEvents.leadId))
    .where(and(inRegion, inArray(leadEvents.toState, ['incorporated', 'transferred'])))
    .groupBy(leadEvents.leadId)
    .as('first_in');
  const countSince = async (from: string) => {
    const [r] = await db
      .select({ n: count() })
      .from(firstIn)
      // An aggregate has no column type to map a Date through: compare with timestamptz text.
      .where(sql`${firstIn.at} >= ${startOfShanghaiDay(from).toISOString()}::timestamptz and ${firstIn.at} <= ${now.toISOString()}::timestamptz`);
    return Number(r?.n ?? 0);
  };
  return {
    byState,
    ages,
    overdue,
    outOfContact,
    incorporatedThisMonth: await countSince(startOfMonth(today)),
    incorporatedThisYear: await countSince(startOfYear(today)),
    oldest: list,
  };
}
