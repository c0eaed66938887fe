/**
 * What obligationsFor needs, for many party orgs at once (set-based: the same five queries whatever the
 * number of orgs). The meetings flow, the officers' view and the reminders planner all read
 * obligations through here, so they always agree.
 *
 *   const inputs = await loadObligationInputs(db, ids, today);
 *   for (const x of inputs.values()) obligationsOf(x)  // → Obligation[] per org
 */
import { and, eq, inArray, isNull, like } from 'drizzle-orm';
import { partyOrgs } from '../schema/ledger.ts';
import { partyOrgFactChanges } from '../schema/meetings.ts';
import type { Db, Tx } from '../database.ts';
import type { Policy } from '../../domain/policy/index.ts';
import {
  defaultWindowStart,
  obligationsFor,
  type MeetingRecord,
  type Obligation,
  type ObligationsInput,
} from '../../domain/meeting-obligations.ts';
import { maxDate, type CalendarDate } from '../../domain/shanghai-date.ts';
import { MEETING_KINDS } from '../../domain/policy/policy-schema.ts';
import { groupsOf, type PartyGroupRow, type PartyOrgRow } from './party-org-store.ts';
import { liveMeetingsOf } from './meeting-store.ts';
import type { PolicyBook } from '../../domain/policy/index.ts';

/**
 * A party org whose founding date nobody recorded owes every period: it existed before the
 * bot knew it. (Setting the date in 本支部 narrows this.)
 */
export const UNKNOWN_FOUNDING: CalendarDate = '1970-01-01';

export interface ObligationInputs {
  partyOrg: PartyOrgRow;
  groups: PartyGroupRow[];
  /** Groups added from chat, with the day they were added: they owe nothing before it. */
  groupsAddedOn: Map<string, CalendarDate>;
  policy: Policy;
  meetings: MeetingRecord[];
  today: CalendarDate;
  since: CalendarDate;
}

type Opts = { since?: CalendarDate; kinds?: ObligationsInput['kinds'] };

/** The input obligationsFor takes for the org's own kinds (党小组会 aside: see obligationsOf). */
export function obligationsInput(x: ObligationInputs, opts: Opts = {}): ObligationsInput {
  return {
    partyOrg: { foundedOn: x.partyOrg.foundedOn ?? UNKNOWN_FOUNDING, groups: x.groups.map((g) => g.id) },
    policy: x.policy,
    meetings: x.meetings,
    today: x.today,
    since: opts.since ?? x.since,
    ...(opts.kinds ? { kinds: opts.kinds } : {}),
  };
}

/**
 * The org's obligations in the loaded window (or a narrower `since`). 党小组会 are owed per group,
 * and a group added from chat is treated like a newly founded org from the day it was added, so
 * each group is asked of obligationsFor on its own with that day as its founding.
 */
export function obligationsOf(x: ObligationInputs, opts: Opts = {}): Obligation[] {
  const base = obligationsInput(x, opts);
  const kinds = base.kinds ?? MEETING_KINDS;
  const out = obligationsFor({ ...base, kinds: kinds.filter((k) => k !== 'group') });
  if (!kinds.includes('group')) return out;
  for (const g of x.groups) {
    const added = x.groupsAddedOn.get(g.id);
    const foundedOn = added ? maxDate(added, base.partyOrg.foundedOn) : base.partyOrg.foundedOn;
    out.push(...obligationsFor({ ...base, kinds: ['group'], partyOrg: { foundedOn, groups: [g.id] } }));
  }
  return out;
}

async function assemble(
  db: Db | Tx,
  book: PolicyBook,
  orgs: PartyOrgRow[],
  today: CalendarDate,
  since: CalendarDate,
): Promise<Map<string, ObligationInputs>> {
  const ids = orgs.map((o) => o.id);
  // One after another: inside a transaction the queries share one connection anyway.
  const groups = await groupsOf(db, ids);
  const rows = await liveMeetingsOf(db, ids, since);
  const added = groups.length
    ? await db
        .select({ partyOrgId: partyOrgFactChanges.partyOrgId, after: partyOrgFactChanges.after, on: partyOrgFactChanges.effectiveOn })
        .from(partyOrgFactChanges)
        .where(and(inArray(partyOrgFactChanges.partyOrgId, ids), eq(partyOrgFactChanges.fact, 'party_group'), isNull(partyOrgFactChanges.before)))
    : [];
  const out = new Map<string, ObligationInputs>();
  for (const o of orgs) {
    out.set(o.id, { partyOrg: o, groups: [], groupsAddedOn: new Map(), policy: book.of(o.regionCode), meetings: [], today, since });
  }
  for (const g of groups) out.get(g.partyOrgId)?.groups.push(g);
  for (const a of added) {
    const id = (a.after as { id?: unknown } | null)?.id;
    if (typeof id === 'string') out.get(a.partyOrgId)?.groupsAddedOn.set(id, a.on);
  }
  for (const m of rows) {
    out.get(m.partyOrgId)?.meetings.push({
      kind: m.kind,
      heldOn: m.heldOn,
      // A meeting of a group since removed must not count for another group.
      groupId: m.partyGroupId ?? (m.kind === 'group' ? `removed:${m.id}` : null),
      alsoThemeDay: m.alsoThemeDay,
    });
  }
  return out;
}

/**
 * Loads org, groups, policy and live meetings for each of `partyOrgIds`. Meetings are loaded from
 * `since` (default: the obligations' default window, this year and the previous quarter).
 */
export async function loadObligationInputs(
  db: Db | Tx,
  book: PolicyBook,
  partyOrgIds: readonly string[],
  today: CalendarDate,
  opts: { since?: CalendarDate } = {},
): Promise<Map<string, ObligationInputs>> {
  const ids = [...new Set(partyOrgIds)];
  if (ids.length === 0) return new Map();
  const orgs = await db.select().from(partyOrgs).where(inArray(partyOrgs.id, ids));
  return assemble(db, book, orgs, today, opts.since ?? defaultWindowStart(today));
}

/** The same for every party org registered in a region's subtree. */
export async function loadObligationInputsWithin(
  db: Db | Tx,
  book: PolicyBook,
  regionCode: string,
  today: CalendarDate,
  opts: { since?: CalendarDate } = {},
): Promise<Map<string, ObligationInputs>> {
  const orgs = await db
    .select()
    .from(partyOrgs)
    .where(like(partyOrgs.regionCode, `${regionCode.replace(/[\\%_]/g, '')}%`));
  return assemble(db, book, orgs, today, opts.since ?? defaultWindowStart(today));
}
