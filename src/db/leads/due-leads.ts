/**
 * What falls due on leads, for the reminders engine and the assignee's own list (issue 7 §5, §8).
 * Set-based: a handful of queries whatever the number of leads; the policy of each lead's region
 * decides the days.
 */
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { people, personRoles } from '../schema/core.ts';
import { leads } from '../schema/leads.ts';
import type { Db, Tx } from '../database.ts';
import type { PolicyBook } from '../../domain/policy/index.ts';
import { addMonths, shanghaiDate, type CalendarDate } from '../../domain/shanghai-date.ts';
import { addWorkingDays, type OnUncovered } from '../../domain/working-days.ts';
import { ancestorCodesOf } from '../regions/region-store.ts';
import type { Contact } from './lead-routing.ts';
import type { Policy } from '../../domain/policy/index.ts';

export type DueKind = 'contact' | 'escalate' | 'out_of_contact';

export interface DueLead {
  leadId: string;
  regionCode: string;
  kind: DueKind;
  /**
   * contact: the last day to make contact (overdue after it); escalate: the day it went to the
   * region's officers; out_of_contact: the day the policy's months were up.
   */
  dueOn: CalendarDate;
  overdue: boolean;
  /** Who should hear about it: the assignee side for contact and out_of_contact, the officers for escalate. */
  recipients: Contact[];
}

/** The contact deadline and the escalation day of a lead registered at `createdAt`. */
export function contactDates(createdAt: Date, policy: Policy, onUncovered: OnUncovered): { dueOn: CalendarDate; escalateOn: CalendarDate } {
  const dueOn = addWorkingDays(shanghaiDate(createdAt), policy.memberFinding.contactWithinWorkingDays, onUncovered);
  return { dueOn, escalateOn: addWorkingDays(dueOn, policy.memberFinding.escalateAfterWorkingDays, onUncovered) };
}

/** The day an unreachable member is flagged as out of contact under the policy. */
export function outOfContactOn(since: Date, policy: Policy): CalendarDate {
  return addMonths(shanghaiDate(since), policy.memberFinding.outOfContactMonths);
}

/**
 * Every lead still waiting for first contact (with its deadline; `overdue` once it has passed),
 * each overdue one past the escalation day again for the officers, and every unreachable one out
 * of contact for the policy's months. `onUncovered` hears about years without holiday data.
 */
export async function dueLeads(db: Db | Tx, book: PolicyBook, now: Date, opts: { onUncovered?: OnUncovered } = {}): Promise<DueLead[]> {
  const onUncovered = opts.onUncovered ?? (() => {});
  const today = shanghaiDate(now);
  const rows = await db
    .select({
      id: leads.id,
      state: leads.state,
      regionCode: leads.regionCode,
      via: leads.assignedVia,
      personId: leads.assigneePersonId,
      partyOrgId: leads.assigneePartyOrgId,
      createdAt: leads.createdAt,
      outOfContactSince: leads.outOfContactSince,
    })
    .from(leads)
    .where(and(isNull(leads.erasedAt), or(eq(leads.state, 'new'), eq(leads.state, 'unreachable'))));
  if (rows.length === 0) return [];

  const contacts = await contactsFor(db, rows);

  const out: DueLead[] = [];
  for (const r of rows) {
    const policy = book.of(r.regionCode);
    const assigneeSide = () => {
      const list = new Map<string, Contact>();
      if (r.personId && contacts.byId.has(r.personId)) list.set(r.personId, contacts.byId.get(r.personId)!);
      for (const s of r.partyOrgId ? (contacts.secretaries.get(r.partyOrgId) ?? []) : []) list.set(s.personId, s);
      if (r.via === 'officers' || list.size === 0) for (const o of contacts.nearestOfficers(r.regionCode)) list.set(o.personId, o);
      return [...list.values()];
    };
    if (r.state === 'new') {
      const { dueOn, escalateOn } = contactDates(r.createdAt, policy, onUncovered);
      const overdue = today > dueOn;
      out.push({ leadId: r.id, regionCode: r.regionCode, kind: 'contact', dueOn, overdue, recipients: assigneeSide() });
      if (overdue && today >= escalateOn) {
        out.push({ leadId: r.id, regionCode: r.regionCode, kind: 'escalate', dueOn: escalateOn, overdue: true, recipients: contacts.nearestOfficers(r.regionCode) });
      }
    } else if (r.outOfContactSince) {
      const flaggedOn = outOfContactOn(r.outOfContactSince, policy);
      if (today >= flaggedOn) out.push({ leadId: r.id, regionCode: r.regionCode, kind: 'out_of_contact', dueOn: flaggedOn, overdue: true, recipients: assigneeSide() });
    }
  }
  return out;
}

/** Assignees, secretaries and officers of all the rows, in three queries. */
async function contactsFor(db: Db | Tx, rows: Array<{ regionCode: string; personId: string | null; partyOrgId: string | null }>) {
  const personIds = [...new Set(rows.map((r) => r.personId).filter((x): x is string => !!x))];
  const orgIds = [...new Set(rows.map((r) => r.partyOrgId).filter((x): x is string => !!x))];
  const regionCodes = [...new Set(rows.flatMap((r) => [r.regionCode, ...ancestorCodesOf(r.regionCode)]))];
  const contact = { personId: people.id, name: people.name, openId: people.openId };
  const assignees = personIds.length ? await db.select(contact).from(people).where(inArray(people.id, personIds)) : [];
  const secs = orgIds.length
    ? await db
        .select({ ...contact, partyOrgId: personRoles.partyOrgId })
        .from(personRoles)
        .innerJoin(people, eq(people.id, personRoles.personId))
        .where(and(eq(personRoles.role, 'secretary'), inArray(personRoles.partyOrgId, orgIds)))
        .orderBy(sql`${personRoles.createdAt}`)
    : [];
  const officers = await db
    .select({ ...contact, regionCode: personRoles.regionCode })
    .from(personRoles)
    .innerJoin(people, eq(people.id, personRoles.personId))
    .where(and(eq(personRoles.role, 'officer'), inArray(personRoles.regionCode, regionCodes)));

  const secretaries = new Map<string, Contact[]>();
  for (const s of secs) {
    const list = secretaries.get(s.partyOrgId!) ?? [];
    list.push({ personId: s.personId, name: s.name, openId: s.openId });
    secretaries.set(s.partyOrgId!, list);
  }
  const nearest = new Map<string, Contact[]>();
  const nearestOfficers = (code: string): Contact[] => {
    let hit = nearest.get(code);
    if (!hit) {
      const covering = officers.filter((o) => o.regionCode && code.startsWith(o.regionCode));
      const depth = Math.max(0, ...covering.map((o) => o.regionCode!.length));
      const seen = new Set<string>();
      hit = covering
        .filter((o) => o.regionCode!.length === depth && !seen.has(o.personId) && seen.add(o.personId))
        .map((o) => ({ personId: o.personId, name: o.name, openId: o.openId }));
      nearest.set(code, hit);
    }
    return hit;
  };
  return { byId: new Map(assignees.map((a) => [a.personId, a])), secretaries, nearestOfficers };
}
