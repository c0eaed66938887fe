/**
 * What obligationsFor needs, for many party orgs at once (set-based: four queries whatever the
 * number of orgs). The meetings flow, the officers' view and the reminders planner all read
 * obligations through here, so they always agree.
 *
 *   const inputs = await loadObligationInputs(db, ids, today);
 *   for (const x of inputs.values()) obligationsOf(x)  // → Obligation[] per org
 */
import { inArray, like } from 'drizzle-orm';
import { partyOrgs } from '../schema/ledger.ts';
import type { Db, Tx } from '../database.ts';
import type { Policy } from '../../domain/policy/index.ts';
import {
  defaultWindowStart,
  obligationsFor,
  type MeetingRecord,
  type Obligation,
  type ObligationsInput,
} from '../../domain/meeting-obligations.ts';
import type { CalendarDate } from '../../domain/shanghai-date.ts';
import { groupsOf, type PartyGroupRow, type PartyOrgRow } from './party-org-store.ts';
import { liveMeetingsOf } from './meeting-store.ts';
import { loadPolicies } from './policy-store.ts';

/**
 * A party org whose founding date nobody recorded owes every period: it existed before the
 * bot knew it. (Setting the date in 本支部 narrows this.)
 */
export const UNKNOWN_FOUNDING: CalendarDate = '1970-01-01';

export interface ObligationInputs {
  partyOrg: PartyOrgRow;
  groups: PartyGroupRow[];
  policy: Policy;
  meetings: MeetingRecord[];
  today: CalendarDate;
  since: CalendarDate;
}

/** The input obligationsFor takes, built from what was loaded. */
export function obligationsInput(x: ObligationInputs, opts: { since?: CalendarDate; kinds?: ObligationsInput['kinds'] } = {}): ObligationsInput {
  return {
    partyOrg: { foundedOn: x.partyOrg.foundedOn ?? UNKNOWN_FOUNDING, groups: x.groups.map((g) => g.id) },
    policy: x.policy,
    meetings: x.meetings,
    today: x.today,
    since: opts.since ?? x.since,
    ...(opts.kinds ? { kinds: opts.kinds } : {}),
  };
}

/** The org's obligations in the loaded window (or a narrower `since`). */
export function obligationsOf(x: ObligationInputs, opts: { since?: CalendarDate; kinds?: ObligationsInput['kinds'] } = {}): Obligation[] {
  return obligationsFor(obligationsInput(x, opts));
}

async function assemble(
  db: Db | Tx,
  orgs: PartyOrgRow[],
  today: CalendarDate,
  since: CalendarDate,
): Promise<Map<string, ObligationInputs>> {
  const ids = orgs.map((o) => o.id);
  // One after another: inside a transaction the queries share one connection anyway.
  const groups = await groupsOf(db, ids);
  const rows = await liveMeetingsOf(db, ids, since);
  const policyOf = await loadPolicies(db, orgs.map((o) => o.regionCode));
  const out = new Map<string, ObligationInputs>();
  for (const o of orgs) out.set(o.id, { partyOrg: o, groups: [], policy: policyOf(o.regionCode), meetings: [], today, since });
  for (const g of groups) out.get(g.partyOrgId)?.groups.push(g);
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
  partyOrgIds: readonly string[],
  today: CalendarDate,
  opts: { since?: CalendarDate } = {},
): Promise<Map<string, ObligationInputs>> {
  const ids = [...new Set(partyOrgIds)];
  if (ids.length === 0) return new Map();
  const orgs = await db.select().from(partyOrgs).where(inArray(partyOrgs.id, ids));
  return assemble(db, orgs, today, opts.since ?? defaultWindowStart(today));
}

/** The same for every party org registered in a region's subtree. */
export async function loadObligationInputsWithin(
  db: Db | Tx,
  regionCode: string,
  today: CalendarDate,
  opts: { since?: CalendarDate } = {},
): Promise<Map<string, ObligationInputs>> {
  const orgs = await db
    .select()
    .from(partyOrgs)
    .where(like(partyOrgs.regionCode, `${regionCode.replace(/[\\%_]/g, '')}%`));
  return assemble(db, orgs, today, opts.since ?? defaultWindowStart(today));
}
