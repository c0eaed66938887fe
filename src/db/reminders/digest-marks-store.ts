/**
 * What a sent digest's card last showed as done (payload.done: reminder ids), so it is drawn
 * again only when that changes, and whether the messenger refused to edit it for good
 * (payload.gone: deleted, too old), so it is not tried again.
 */
import { sql } from 'drizzle-orm';
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

/**
 * Of these reminders (all the person's), the ones whose item the person still holds: a visit's org
 * still assigned to them (its key names the instructor: 'visit:<instructor>:<org>'), a meeting's
 * party org still one they are the secretary of ('meeting:<party org>:…'). An item handed over
 * leaves their 待办 without being done, so it must not be marked done. Other items count as held.
 */
export async function heldReminderIds(db: Db | Tx, personId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`select r.id::text as id from reminders r
        where r.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
          and case r.item_type
            when 'visit' then exists (select 1 from instructor_assignments ia
              where ia.instructor_id = ${personId}::uuid and r.item_key = 'visit:' || ia.instructor_id::text || ':' || ia.org_id::text)
            when 'meeting' then exists (select 1 from person_roles pr
              where pr.person_id = ${personId}::uuid and pr.role = 'secretary' and pr.party_org_id::text = split_part(r.item_key, ':', 2))
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
