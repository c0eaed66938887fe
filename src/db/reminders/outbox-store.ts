/**
 * The outbox: digests built from planned reminders, claimed in short transactions with
 * FOR UPDATE SKIP LOCKED, marked sent or failed. Every statement is safe to run twice and on two
 * processes at once: keys are unique (insert … on conflict do nothing), a claim is a lease that
 * runs out, and marks only move a row forward.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import type { CalendarDate } from '../../domain/shanghai-date.ts';
import type { OutboxKind, OutboxStatus } from '../schema/reminders.ts';
import { rowsOf } from '../sql.ts';
import { reachableSql, type Reach } from '../stores/recipient-store.ts';

export interface BatchResult {
  digests: number;
  attached: number;
  files: number;
  suppressed: number;
  superseded: number;
}

/**
 * Gathers each person's still pending reminders into today's digest (one row per person and
 * day): those planned while their digest was already out, and those of an earlier day's digest.
 * In one transaction, so a claimer never sees a digest before its items. Items of an earlier
 * day's digest that never went out (still pending, not leased) move to today's: one card a day.
 * A digest that has been tried once takes no more items: what Feishu may have shown stays fixed.
 * Only people the deployment can reach get a digest; the others' reminders wait, pending.
 */
export async function buildDigests(db: Db | Tx, today: CalendarDate, now: Date, reach: Reach): Promise<BatchResult> {
  const at = now.toISOString();
  const run = (db as Db).transaction.bind(db) as Db['transaction'];
  return run(async (tx) => {
    const superseded = await rowsOf<{ n: number }>(
      tx,
      sql`with old as (
            update reminder_outbox set status = 'superseded', last_error = 'folded into a later digest'
            where kind = 'digest' and day < ${today}::date and status = 'pending' and attempts = 0
            returning id
          ),
          files as (delete from reminder_outbox where kind = 'report_file' and after_id in (select id from old) and attempts = 0),
          back as (update reminders set digest_id = null, state = 'pending' where digest_id in (select id from old) returning 1)
          select count(*)::int as n from old`,
    );
    // Snoozed or marked not applicable after planning but before it went out.
    const suppressed = await rowsOf<{ n: number }>(
      tx,
      sql`with s as (
            update reminders r set state = 'suppressed'
            where r.state = 'pending' and exists (
              select 1 from reminder_dispositions d
              where d.item_key = r.item_key and d.period_key = r.period_key
                and (d.kind = 'not_applicable' or (d.person_id = r.person_id and d.until > ${today}::date))
            )
            returning 1
          ) select count(*)::int as n from s`,
    );
    const digests = await rowsOf<{ n: number }>(
      tx,
      sql`with ins as (
            insert into reminder_outbox (dedupe_key, person_id, kind, day, next_attempt_at, created_at)
            select distinct 'digest:' || r.person_id || ':' || ${today}::text, r.person_id, 'digest', ${today}::date, ${at}::timestamptz, ${at}::timestamptz
            from reminders r
            where r.state = 'pending' and ${reachableSql(sql`r.person_id`, reach)}
            on conflict (dedupe_key) do nothing
            returning 1
          ) select count(*)::int as n from ins`,
    );
    // FOR UPDATE waits for a claimer holding the row and then sees it is no longer attachable.
    const attachedRows = await rowsOf<{ n: number; files: number }>(
      tx,
      sql`with d as (
            select id, person_id from reminder_outbox
            where kind = 'digest' and day = ${today}::date and status = 'pending' and attempts = 0
            for update
          ),
          upd as (
            update reminders r set digest_id = d.id, state = 'batched'
            from d where r.person_id = d.person_id and r.state = 'pending'
            returning r.id, r.person_id, r.item_type, r.digest_id
          ),
          files as (
            insert into reminder_outbox (dedupe_key, person_id, kind, day, payload, after_id, next_attempt_at, created_at)
            select 'file:' || u.id, u.person_id, 'report_file', ${today}::date, jsonb_build_object('reminderId', u.id), u.digest_id,
              ${at}::timestamptz, ${at}::timestamptz
            from upd u where u.item_type = 'report'
            on conflict (dedupe_key) do nothing
            returning 1
          )
          select (select count(*) from upd)::int as n, (select count(*) from files)::int as files`,
    );
    const attached = [{ n: attachedRows[0]?.n ?? 0 }];
    const files = [{ n: attachedRows[0]?.files ?? 0 }];
    return {
      digests: digests[0]?.n ?? 0,
      attached: attached[0]?.n ?? 0,
      files: files[0]?.n ?? 0,
      suppressed: suppressed[0]?.n ?? 0,
      superseded: superseded[0]?.n ?? 0,
    };
  });
}

export interface ClaimedRow {
  id: string;
  personId: string;
  kind: OutboxKind;
  day: CalendarDate;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * A claim whose lease ran out on the last allowed attempt: its outcome is unknown and the row is
 * spent, so it is kept as failed (visible) rather than tried again. Run before claiming.
 */
export async function failSpentLeases(db: Db | Tx, now: Date, maxAttempts: number): Promise<void> {
  await db.execute(sql`
    update reminder_outbox set status = 'failed', lease_until = null,
      last_error = coalesce(last_error || '; ', '') || 'lease expired on the last attempt'
    where status = 'sending' and lease_until < ${now.toISOString()}::timestamptz and attempts >= ${maxAttempts}::int`);
}

/**
 * Claims up to `limit` rows that may be sent now: pending and due for an attempt, or held by a
 * claim whose lease ran out (its process died). One statement, so one short transaction; SKIP
 * LOCKED lets concurrent claimers take disjoint rows. A row that depends on another (a report
 * file on its digest card) waits until that one is sent. The attempt is counted at the claim, so
 * a row that crashes its sender every time still reaches the limit.
 */
export async function claimRows(
  db: Db | Tx,
  o: { now: Date; leaseMs: number; limit: number; workerId: string; maxAttempts: number },
): Promise<ClaimedRow[]> {
  const now = o.now.toISOString();
  const until = new Date(o.now.getTime() + o.leaseMs).toISOString();
  const rows = await rowsOf<{ id: string; person_id: string; kind: OutboxKind; day: string; payload: unknown; attempts: number }>(
    db,
    sql`with c as (
          select o.id from reminder_outbox o
          where ((o.status = 'pending' and o.next_attempt_at <= ${now}::timestamptz)
              or (o.status = 'sending' and o.lease_until < ${now}::timestamptz))
            and o.attempts < ${o.maxAttempts}::int
            and (o.after_id is null or exists (select 1 from reminder_outbox a where a.id = o.after_id and a.status = 'sent'))
          order by o.next_attempt_at, o.id
          limit ${o.limit}::int
          for update skip locked
        )
        update reminder_outbox o
        set status = 'sending', lease_until = ${until}::timestamptz, claimed_by = ${o.workerId}::text, attempts = o.attempts + 1
        from c where o.id = c.id
        returning o.id::text, o.person_id::text, o.kind, o.day::text as day, o.payload, o.attempts`,
  );
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    kind: r.kind,
    day: r.day,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    attempts: Number(r.attempts),
  }));
}

/** Sent: whoever holds the row now, it must not go out again. */
export async function markSent(db: Db | Tx, id: string, messageId: string | null, at: Date): Promise<void> {
  await db.execute(sql`
    update reminder_outbox set status = 'sent', message_id = ${messageId}::text, sent_at = ${at.toISOString()}::timestamptz, lease_until = null
    where id = ${id}::uuid and status <> 'sent'`);
}

/**
 * A failed attempt by the current claimant: back to pending with the next attempt's time, or
 * failed for good (kept, with the error, for officers and the CLI to see). A claimant whose lease
 * was taken over changes nothing.
 */
export async function markFailed(db: Db | Tx, id: string, workerId: string, error: string, retryAt: Date | null): Promise<void> {
  await db.execute(sql`
    update reminder_outbox
    set status = ${retryAt ? 'pending' : 'failed'}::text, next_attempt_at = coalesce(${retryAt?.toISOString() ?? null}::timestamptz, next_attempt_at),
      lease_until = null, last_error = ${error.slice(0, 500)}::text
    where id = ${id}::uuid and status = 'sending' and claimed_by = ${workerId}::text`);
}

/** The soonest pending retry, to decide whether waiting for it is worth it. */
export async function nextRetryAt(db: Db | Tx, maxAttempts: number): Promise<Date | null> {
  const rows = await rowsOf<{ ms: string | number | null }>(
    db,
    sql`select (extract(epoch from min(next_attempt_at)) * 1000)::float8 as ms from reminder_outbox
        where status = 'pending' and attempts > 0 and attempts < ${maxAttempts}::int`,
  );
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? null : new Date(Number(ms));
}

export interface DigestItemRow {
  id: string;
  digestId: string;
  itemType: string;
  itemKey: string;
  periodKey: string;
  kind: string;
  dueOn: string | null;
  payload: Record<string, unknown>;
}

/** The items of some digests, in a stable order (so a resend renders the same card). */
export async function itemsOfDigests(db: Db | Tx, digestIds: readonly string[]): Promise<DigestItemRow[]> {
  if (digestIds.length === 0) return [];
  const rows = await rowsOf<{ id: string; digest_id: string; item_type: string; item_key: string; period_key: string; kind: string; due_on: string | null; payload: unknown }>(
    db,
    sql`select id::text, digest_id::text, item_type, item_key, period_key, kind, due_on::text as due_on, payload
        from reminders where digest_id in (${sql.join(digestIds.map((id) => sql`${id}::uuid`), sql`, `)})
        order by digest_id, (kind = 'escalation'), due_on nulls last, item_key, kind, round`,
  );
  return rows.map((r) => ({
    id: r.id,
    digestId: r.digest_id,
    itemType: r.item_type,
    itemKey: r.item_key,
    periodKey: r.period_key,
    kind: r.kind,
    dueOn: r.due_on,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
  }));
}

export async function reminderById(db: Db | Tx, id: string): Promise<DigestItemRow | null> {
  const rows = await rowsOf<{ id: string; digest_id: string; item_type: string; item_key: string; period_key: string; kind: string; due_on: string | null; payload: unknown }>(
    db,
    sql`select id::text, digest_id::text, item_type, item_key, period_key, kind, due_on::text as due_on, payload from reminders where id = ${id}::uuid`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    digestId: r.digest_id,
    itemType: r.item_type,
    itemKey: r.item_key,
    periodKey: r.period_key,
    kind: r.kind,
    dueOn: r.due_on,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
  };
}

/** Queues one message per person of a bulk reminder; the same bulk id twice queues nothing more. */
export async function enqueueBulk(
  db: Db | Tx,
  bulkId: string,
  messages: ReadonlyArray<{ personId: string; payload: Record<string, unknown> }>,
  day: CalendarDate,
  now: Date,
): Promise<number> {
  if (messages.length === 0) return 0;
  const at = now.toISOString();
  const rows = await rowsOf<{ n: number }>(
    db,
    sql`with ins as (
          insert into reminder_outbox (dedupe_key, person_id, kind, day, payload, next_attempt_at, created_at)
          select 'bulk:' || ${bulkId}::text || ':' || x.person_id, x.person_id, 'bulk', ${day}::date, x.payload, ${at}::timestamptz, ${at}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(messages.map((m) => ({ person_id: m.personId, payload: m.payload })))}::jsonb) as x(person_id uuid, payload jsonb)
          on conflict (dedupe_key) do nothing
          returning 1
        ) select count(*)::int as n from ins`,
  );
  return rows[0]?.n ?? 0;
}

export interface OutboxCount {
  kind: OutboxKind;
  status: OutboxStatus;
  n: number;
}

/** How a day's messages stand, by kind and status (the CLI's summary; failed rows stay visible). */
export async function outboxCounts(db: Db | Tx, day: CalendarDate): Promise<OutboxCount[]> {
  const rows = await rowsOf<{ kind: OutboxKind; status: OutboxStatus; n: number }>(
    db,
    sql`select kind, status, count(*)::int as n from reminder_outbox where day = ${day}::date group by kind, status order by kind, status`,
  );
  return rows.map((r) => ({ kind: r.kind, status: r.status, n: Number(r.n) }));
}

export async function failedRows(db: Db | Tx, day: CalendarDate): Promise<Array<{ id: string; personId: string; kind: string; attempts: number; lastError: string | null }>> {
  const rows = await rowsOf<{ id: string; person_id: string; kind: string; attempts: number; last_error: string | null }>(
    db,
    sql`select id::text, person_id::text, kind, attempts, last_error from reminder_outbox where day = ${day}::date and status = 'failed' order by created_at`,
  );
  return rows.map((r) => ({ id: r.id, personId: r.person_id, kind: r.kind, attempts: Number(r.attempts), lastError: r.last_error }));
}

/** Messages of a day not yet sent, oldest first (what a dry run prints). */
export async function pendingDigests(db: Db | Tx, day: CalendarDate): Promise<Array<{ id: string; personId: string; kind: OutboxKind }>> {
  const rows = await rowsOf<{ id: string; person_id: string; kind: OutboxKind }>(
    db,
    sql`select id::text, person_id::text, kind from reminder_outbox where day = ${day}::date and status = 'pending' order by created_at, id`,
  );
  return rows.map((r) => ({ id: r.id, personId: r.person_id, kind: r.kind }));
}
