/**
 * What a sent digest's card last showed as done (payload.done: reminder ids), so it is drawn
 * again only when that changes, and whether the messenger refused to edit it for good
 * (payload.gone: deleted, too old), so it is not tried again.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import type { CalendarDate } from '../../domain/shanghai-date.ts';
import { rowsOf } from '../sql.ts';

export interface SentDigest {
  id: string;
  day: CalendarDate;
  messageId: string;
  /** Reminder ids the card shows as done (none before the first mark). */
  done: string[];
}

/** A person's digests sent on or after `since` that can still be edited, newest first. */
export async function sentDigestsOf(db: Db | Tx, personId: string, since: CalendarDate, limit: number): Promise<SentDigest[]> {
  const rows = await rowsOf<{ id: string; day: string; message_id: string; done: unknown }>(
    db,
    sql`select id::text, day::text as day, message_id, payload -> 'done' as done from reminder_outbox
        where person_id = ${personId}::uuid and day >= ${since}::date and kind = 'digest' and status = 'sent'
          and message_id is not null and not (payload ? 'gone')
        order by day desc, id limit ${limit}::int`,
  );
  return rows.map((r) => {
    const done = typeof r.done === 'string' ? (JSON.parse(r.done) as unknown) : r.done;
    return { id: r.id, day: r.day, messageId: r.message_id, done: Array.isArray(done) ? done.map(String) : [] };
  });
}

/** The person is a secretary of the party org whose id is this SQL text. */
const secretaryOf = (personId: string, partyOrgId: SQL) =>
  sql`exists (select 1 from person_roles pr where pr.person_id = ${personId}::uuid and pr.role = 'secretary' and pr.party_org_id::text = ${partyOrgId})`;

/**
 * The person is one of the nearest officers of the region (as candidates.ts r_nearest routes an
 * item sent to a region): an officer of a region containing it, with no officer deeper in its lineage.
 */
const nearestOfficerOf = (personId: string, code: SQL) => sql`exists (select 1 from person_roles pr
  where pr.person_id = ${personId}::uuid and pr.role = 'officer' and pr.region_code is not null and left(${code}, length(pr.region_code)) = pr.region_code
    and not exists (select 1 from person_roles o where o.role = 'officer' and o.region_code is not null
      and length(o.region_code) > length(pr.region_code) and left(${code}, length(o.region_code)) = o.region_code))`;

/**
 * Of these reminders (all the person's), the ones whose item the person still holds, by the
 * routing of its source (item-sources.ts, candidates.ts r_out):
 *   visit    the org still assigned to them (its key names the instructor: 'visit:<instructor>:<org>');
 *   meeting, term, reserve, training of a party org ('…:<party org>', 'training:<who>:<party org>')
 *            the party org still one they are the secretary of;
 *   plan     ('plan:<org>') the org assigned to them, or assigned to no one and they its region's nearest officer;
 *   lead     ('lead:<lead>') assigned to them, or to a party org they are secretary of, or to
 *            neither and they its region's nearest officer.
 * An item handed over leaves their 待办 without being done, so it must not be marked done. Their
 * own 轮训 ('training:instructor:<person>') and reports (never marked) cannot be handed over: held.
 */
export async function heldReminderIds(db: Db | Tx, personId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  // The keys carry the ids (item-sources.ts); cast to uuid where that finds the row by its key.
  const part = (n: number) => sql.raw(`split_part(r.item_key, ':', ${n})`);
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`select r.id::text as id from reminders r
        where r.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
          and case
            when r.item_type = 'visit' then exists (select 1 from instructor_assignments ia
              where ia.instructor_id = ${personId}::uuid and r.item_key = 'visit:' || ia.instructor_id::text || ':' || ia.org_id::text)
            when r.item_type in ('meeting', 'term', 'reserve') then ${secretaryOf(personId, part(2))}
            when r.item_type = 'training' and ${part(2)} <> 'instructor' then ${secretaryOf(personId, part(3))}
            when r.item_type = 'plan' then exists (select 1 from orgs o where o.id = ${part(2)}::uuid and (
              exists (select 1 from instructor_assignments ia where ia.org_id = o.id and ia.instructor_id = ${personId}::uuid)
              or (not exists (select 1 from instructor_assignments ia where ia.org_id = o.id) and ${nearestOfficerOf(personId, sql`o.region_code`)})))
            when r.item_type = 'lead' then exists (select 1 from leads l where l.id = ${part(2)}::uuid and (
              l.assignee_person_id = ${personId}::uuid
              or (l.assignee_person_id is null and ${secretaryOf(personId, sql`l.assignee_party_org_id::text`)})
              or (l.assignee_person_id is null and l.assignee_party_org_id is null and ${nearestOfficerOf(personId, sql`l.region_code`)})))
            else true end`,
  );
  return new Set(rows.map((r) => r.id));
}

/** The card now shows these reminders as done. */
export async function saveDigestMarks(db: Db | Tx, id: string, done: readonly string[]): Promise<void> {
  await db.execute(sql`update reminder_outbox set payload = payload || jsonb_build_object('done', ${JSON.stringify(done)}::jsonb) where id = ${id}::uuid`);
}

/** The messenger will not edit this card again (deleted, recalled, too old): stop trying. */
export async function markDigestGone(db: Db | Tx, id: string, error: string): Promise<void> {
  await db.execute(sql`update reminder_outbox set payload = payload || jsonb_build_object('gone', ${error.slice(0, 200)}::text) where id = ${id}::uuid`);
}
