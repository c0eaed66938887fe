/** Snoozes and not-applicable answers to reminders (audited by the caller, in the same transaction). */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import type { CalendarDate } from '../../domain/shanghai-date.ts';
import { rowsOf, underAny } from '../sql.ts';

export interface Disposition {
  kind: 'snooze' | 'not_applicable';
  until: CalendarDate | null;
  reason: string | null;
}

export interface DispositionInput extends Disposition {
  personId: string;
  itemKey: string;
  periodKey: string;
  regionCode: string | null;
  label: Record<string, unknown>;
  at: Date;
}

/** Sets a person's answer to an item (replacing their earlier one); returns what it replaced. */
export async function saveDisposition(tx: Tx, d: DispositionInput): Promise<Disposition | null> {
  const before = await rowsOf<{ kind: 'snooze' | 'not_applicable'; until: string | null; reason: string | null }>(
    tx,
    sql`select kind, until::text as until, reason from reminder_dispositions
        where person_id = ${d.personId}::uuid and item_key = ${d.itemKey}::text and period_key = ${d.periodKey}::text for update`,
  );
  await tx.execute(sql`
    insert into reminder_dispositions (person_id, item_key, period_key, kind, until, reason, region_code, label, created_at, updated_at)
    values (${d.personId}::uuid, ${d.itemKey}::text, ${d.periodKey}::text, ${d.kind}::text, ${d.until}::date, ${d.reason}::text,
      ${d.regionCode}::text, ${JSON.stringify(d.label)}::jsonb, ${d.at.toISOString()}::timestamptz, ${d.at.toISOString()}::timestamptz)
    on conflict (person_id, item_key, period_key) do update
      set kind = excluded.kind, until = excluded.until, reason = excluded.reason, label = excluded.label, updated_at = excluded.updated_at`);
  return before[0] ?? null;
}

export interface DispositionRow extends Disposition {
  personName: string;
  itemKey: string;
  periodKey: string;
  label: Record<string, unknown>;
  updatedAt: string;
}

/** Answers given in some region subtrees, newest first: what officers see. */
export async function dispositionsWithin(db: Db | Tx, prefixes: readonly string[], today: CalendarDate, limit = 10): Promise<DispositionRow[]> {
  if (prefixes.length === 0) return [];
  const rows = await rowsOf<{ name: string; item_key: string; period_key: string; kind: 'snooze' | 'not_applicable'; until: string | null; reason: string | null; label: unknown; updated_at: string }>(
    db,
    sql`select p.name, d.item_key, d.period_key, d.kind, d.until::text as until, d.reason, d.label, d.updated_at::text as updated_at
        from reminder_dispositions d join people p on p.id = d.person_id
        where ${underAny(sql`d.region_code`, prefixes)} and (d.kind = 'not_applicable' or d.until > ${today}::date)
        order by d.updated_at desc limit ${limit}::int`,
  );
  return rows.map((r) => ({
    personName: r.name,
    itemKey: r.item_key,
    periodKey: r.period_key,
    kind: r.kind,
    until: r.until,
    reason: r.reason,
    label: (typeof r.label === 'string' ? JSON.parse(r.label) : r.label) as Record<string, unknown>,
    updatedAt: r.updated_at,
  }));
}

/** The latest reminder a person was given about an item and period (their right to answer it). */
export async function remindedItem(
  db: Db | Tx,
  personId: string,
  itemKey: string,
  periodKey: string,
): Promise<{ itemType: string; kind: string; regionCode: string | null; payload: Record<string, unknown> } | null> {
  const rows = await rowsOf<{ item_type: string; kind: string; region_code: string | null; payload: unknown }>(
    db,
    sql`select item_type, kind, region_code, payload from reminders
        where person_id = ${personId}::uuid and item_key = ${itemKey}::text and period_key = ${periodKey}::text
        order by created_at desc limit 1`,
  );
  const r = rows[0];
  return r
    ? { itemType: r.item_type, kind: r.kind, regionCode: r.region_code, payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown> }
    : null;
}
