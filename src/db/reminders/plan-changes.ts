/**
 * What a rerun of the day's planning has to look at: the changes noted by the triggers of
 * migrations/0017_plan_changes.sql since planning last took them. Taken (deleted) at the start
 * of the planning transaction, before anything is read: a change committed after the delete is
 * left for the next run, and one the delete saw is visible to the statements that follow it.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../database.ts';
import { rowsOf } from '../sql.ts';

/** Tables whose rows each belong to one party org: a change re-plans only that party org's items. */
const PARTY_ORG_KEYED = new Set(['meetings', 'party_groups', 'party_orgs']);

/**
 * Past this many party orgs a scoped re-plan costs about what the full one does (the scoped
 * sources read the same indexes, a party org at a time): plan everything.
 */
export const SCOPED_MAX_PARTY_ORGS = 20_000;

export type Replan =
  /** Something planning reads as a whole changed (orgs, roles, dispositions, policy…). */
  | { kind: 'full' }
  /** Only these party orgs' rows changed, and/or leads (their items are few: all re-read). */
  | { kind: 'partial'; partyOrgIds: string[]; leads: boolean };

export async function takePlanChanges(tx: Tx): Promise<Replan> {
  const rows = await rowsOf<{ source: string; party_org_id: string | null }>(
    tx,
    sql`with d as (delete from plan_changes returning source, party_org_id)
        select distinct source, party_org_id::text as party_org_id from d`,
  );
  const ids = new Set<string>();
  let leads = false;
  for (const r of rows) {
    if (r.source === 'leads') leads = true;
    else if (PARTY_ORG_KEYED.has(r.source) && r.party_org_id) ids.add(r.party_org_id);
    else return { kind: 'full' };
  }
  if (ids.size > SCOPED_MAX_PARTY_ORGS) return { kind: 'full' };
  return { kind: 'partial', partyOrgIds: [...ids], leads };
}

/**
 * Whether `day` is the latest day planned: planning an earlier day again (`reminders run --now` in
 * the past) must plan it in full and leave the notes to today's reruns.
 */
export async function isNewestPlannedDay(tx: Tx, day: string): Promise<boolean> {
  const [r] = await rowsOf<{ newest: boolean }>(
    tx,
    sql`select not exists (
          select 1 from person_marks where person_key = 'system:reminders' and mark like 'plan:%' and mark > ${`plan:${day}`}::text
        ) as newest`,
  );
  return r?.newest === true;
}
