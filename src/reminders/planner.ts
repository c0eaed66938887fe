/**
 * Planning: as of an instant, write every reminder due to the outbox's source table (once per
 * person, item, period and kind) and gather each person's into today's digest. Set-based: a
 * handful of statements whatever the number of party orgs, instructors or leads.
 */
import type { Db, Tx } from '../db/database.ts';
import { insertDueReminders, selectDueItems, selectItems, type DueItem, type ItemSource } from '../db/reminders/candidates.ts';
import { isNewestPlannedDay, takePlanChanges, type Replan } from '../db/reminders/plan-changes.ts';
import { rulesKey } from './rules-key.ts';
import { markOnce } from '../db/stores/marks-store.ts';
import { loadAssignments, loadOfficers, rolesOf, type SettledRule } from '../db/reminders/inputs.ts';
import { addDays, daysBetween, daysInMonth, endOfMonth, monthOf, startOfMonth, yearOf } from '../domain/shanghai-date.ts';
import type { ItemScope } from '../db/reminders/item-sources.ts';
import { buildDigests, type BatchResult } from '../db/reminders/outbox-store.ts';
import { oncePerDay } from '../db/reminders/plan-lock.ts';
import type { Reach } from '../db/stores/recipient-store.ts';
import { loadPolicyBook } from '../db/stores/policy-book-store.ts';
import type { PolicyBook } from '../domain/policy/index.ts';
import type { OnUncovered } from '../domain/working-days.ts';
import type { Logger } from '../log/logger.ts';
import { officerReportItems, visitItems, type ItemRow } from './computed-items.ts';
import { buildPlanContext, type PlanContext } from './plan-context.ts';
import { moment, type Moment } from './schedule.ts';

/** Tells the log, once per year and process, that the holiday calendar does not cover a year. */
export function uncoveredWarner(logger: Logger): OnUncovered {
  const told = new Set<number>();
  return (year) => {
    if (told.has(year)) return;
    told.add(year);
    logger.warn('holiday calendar does not cover this year; treating Monday–Friday as working days', { year });
  };
}

export interface Planning {
  moment: Moment;
  ctx: PlanContext;
  /** The policy book the tick or job read (the reports' coverage figures use it too). */
  book: PolicyBook;
}

/** The planning of a tick or job: the policy book is read here, once, so a new override is in force. */
export async function planning(db: Db | Tx, now: Date, onUncovered: OnUncovered): Promise<Planning> {
  return planningWith(await loadPolicyBook(db), now, onUncovered);
}

/** The same under a book already loaded (a chat request's `ctx.policy`). */
export function planningWith(book: PolicyBook, now: Date, onUncovered: OnUncovered): Planning {
  // Timing (digest hour, send window, attempts) is read from the national policy: one schedule
  // per deployment, since a digest is per person and people span regions.
  const m = moment(now, book.national, onUncovered);
  return { moment: m, ctx: buildPlanContext(book.variants, m.today, m.week, onUncovered), book };
}

/** Items computed in TypeScript (visits, officers' reports) for a scope. */
export async function computedItems(db: Db | Tx, ctx: PlanContext, scope: ItemScope | undefined, onUncovered: OnUncovered): Promise<ItemRow[]> {
  const assignments = await loadAssignments(db, ctx.today, scope, settledRule(ctx));
  const officers = await loadOfficers(db, scope);
  return [...visitItems(assignments, ctx.variants, ctx.today), ...officerReportItems(officers, ctx.variants, ctx.today, onUncovered)];
}

/**
 * Which assignments the visit cadence can skip: n on-site visits this month settle an org until
 * next month's first slot ends, at least (days left this month + the shortest first slot) away;
 * where the region's due-soon window is shorter than that, nothing can be due soon, nor overdue.
 */
export function settledRule(ctx: PlanContext): SettledRule {
  const left = daysBetween(ctx.today, endOfMonth(ctx.today));
  const next = addDays(endOfMonth(ctx.today), 1);
  const byPrefix = [...ctx.variants.list]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .map((v) => {
      const n = v.policy.instructors.visitsPerMonth;
      const soonest = left + 1 + Math.floor(daysInMonth(yearOf(next), monthOf(next)) / n) - 1;
      return { prefix: v.prefix, visitsPerMonth: soonest >= v.policy.reminders.dueSoonDays.month ? n : null };
    });
  return { monthStart: startOfMonth(ctx.today), byPrefix };
}

export interface PlanResult {
  planned: number;
  batch: BatchResult | null;
  /** False when another process held the planning lock, or today was already planned. */
  ran: boolean;
}

/** What the items of a party org come from (meetings, groups, the party org's own facts). */
const PARTY_ORG_SOURCES: readonly ItemSource[] = ['meeting', 'term', 'report', 'people'];

/**
 * Plans the day once (later ticks find the day's mark and skip) and builds the digests, in one
 * transaction under an advisory lock. `force` plans again on a planned day, and then only what
 * changed since the last run (plan-changes.ts): nothing when nothing did; the items of the party
 * orgs whose meetings or facts changed, and the leads when leads did; everything when something
 * read as a whole did (orgs, roles, dispositions, policy), when the rules differ from the day's
 * earlier run (a release's policy defaults or holiday calendar, which messengers reach people),
 * when an earlier day is planned again (today's notes are left for today), or when `full`.
 * Harmless either way: every insert is on conflict do nothing. Runs inside `db` when it is a
 * transaction (the CLI's dry run rolls back).
 */
export async function planDay(db: Db | Tx, p: Planning, onUncovered: OnUncovered, opts: { force?: boolean; full?: boolean; now: Date; reach: Reach }): Promise<PlanResult> {
  const day = p.ctx.today;
  const r = await oncePerDay(db, day, opts.now, !!opts.force, async (tx, rerun) => {
    // The notes first, then the rules read again in this transaction: a policy change committed
    // after `planning()` read them is then in the rules read here, or still in the notes.
    const changes: Replan = (await isNewestPlannedDay(tx, day)) ? await takePlanChanges(tx) : { kind: 'full' };
    const { ctx } = await planning(tx, opts.now, onUncovered);
    const newRules = await markOnce(tx, 'system:reminders', `plan-rules:${day}:${rulesKey(ctx, opts.reach)}`, opts.now);
    let planned = 0;
    let digests = 0;
    const add = (x: { planned: number; digests: number }) => {
      planned += x.planned;
      digests += x.digests;
    };
    if (!rerun || opts.full || newRules || changes.kind === 'full') {
      const computed = await computedItems(tx, ctx, undefined, onUncovered);
      add(await insertDueReminders(tx, ctx, computed, opts.now, opts.reach));
    } else {
      if (changes.partyOrgIds.length) {
        add(await insertDueReminders(tx, ctx, [], opts.now, opts.reach, { scope: { partyOrgIds: changes.partyOrgIds }, sources: PARTY_ORG_SOURCES }));
      }
      if (changes.leads) add(await insertDueReminders(tx, ctx, [], opts.now, opts.reach, { sources: ['lead'] }));
    }
    const batch = await buildDigests(tx, day, opts.now, opts.reach);
    return { planned, batch: { ...batch, digests: batch.digests + digests }, ran: true };
  });
  return r ?? { planned: 0, batch: null, ran: false };
}

/** A person's current items (their 待办), with their snoozes and not-applicable answers. */
export async function dueItemsOf(db: Db | Tx, personId: string, p: Planning, onUncovered: OnUncovered): Promise<DueItem[]> {
  const roles = await rolesOf(db, personId);
  const scope: ItemScope = { regionPrefixes: roles.officerRegions, partyOrgIds: roles.partyOrgIds, personId };
  const computed = await computedItems(db, p.ctx, scope, onUncovered);
  return selectDueItems(db, p.ctx, scope, computed, { personId });
}

/** Everyone's current items in a region subtree (an officer's bulk reminder preview). */
export async function dueItemsWithin(db: Db | Tx, regionPrefix: string, p: Planning, onUncovered: OnUncovered): Promise<DueItem[]> {
  const scope: ItemScope = { regionPrefixes: [regionPrefix] };
  const computed = await computedItems(db, p.ctx, scope, onUncovered);
  return selectDueItems(db, p.ctx, scope, computed);
}

/** The items (not per person) in a region subtree: what a report counts. */
export async function itemsWithin(db: Db | Tx, regionPrefix: string, p: Planning, onUncovered: OnUncovered) {
  const scope: ItemScope = { regionPrefixes: [regionPrefix] };
  const computed = await computedItems(db, p.ctx, scope, onUncovered);
  return selectItems(db, p.ctx, scope, computed);
}
