/**
 * Data for the reports that fall due: party orgs built in a period, and the figures each report
 * carried when it first went out (so a resend shows the same numbers and the next report can
 * show "then and now").
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import type { CalendarDate } from '../../domain/shanghai-date.ts';
import { rowsOf } from '../sql.ts';

export interface BuiltPartyOrg {
  name: string;
  type: string;
  regionCode: string;
  foundedOn: CalendarDate;
}

/** Party orgs in a region subtree founded in [from, to] (a whole party org's own region for a party-org report). */
export async function partyOrgsBuilt(db: Db | Tx, regionPrefix: string, from: CalendarDate, to: CalendarDate, limit = 5000): Promise<BuiltPartyOrg[]> {
  const rows = await rowsOf<{ name: string; type: string; region_code: string; founded_on: string }>(
    db,
    sql`select name, type, region_code, founded_on::text as founded_on from party_orgs
        where starts_with(region_code, ${regionPrefix}::text) and founded_on between ${from}::date and ${to}::date
        order by founded_on, name limit ${limit}::int`,
  );
  return rows.map((r) => ({ name: r.name, type: r.type, regionCode: r.region_code, foundedOn: r.founded_on }));
}

export async function getSnapshot(db: Db | Tx, dutyId: string, regionCode: string, dueOn: CalendarDate): Promise<Record<string, unknown> | null> {
  const rows = await rowsOf<{ figures: unknown }>(
    db,
    sql`select figures from report_snapshots where duty_id = ${dutyId}::text and region_code = ${regionCode}::text and due_on = ${dueOn}::date`,
  );
  const f = rows[0]?.figures;
  return f === undefined ? null : ((typeof f === 'string' ? JSON.parse(f) : f) as Record<string, unknown>);
}

/** The latest snapshot of the same duty and region before this due date: the "then". */
export async function previousSnapshot(db: Db | Tx, dutyId: string, regionCode: string, dueOn: CalendarDate): Promise<Record<string, unknown> | null> {
  const rows = await rowsOf<{ figures: unknown }>(
    db,
    sql`select figures from report_snapshots where duty_id = ${dutyId}::text and region_code = ${regionCode}::text and due_on < ${dueOn}::date
        order by due_on desc limit 1`,
  );
  const f = rows[0]?.figures;
  return f === undefined ? null : ((typeof f === 'string' ? JSON.parse(f) : f) as Record<string, unknown>);
}

/** Keeps the first figures written for a report (a concurrent second writer gets the first's). */
export async function saveSnapshot(db: Db | Tx, dutyId: string, regionCode: string, dueOn: CalendarDate, figures: Record<string, unknown>): Promise<Record<string, unknown>> {
  await db.execute(sql`
    insert into report_snapshots (duty_id, region_code, due_on, figures)
    values (${dutyId}::text, ${regionCode}::text, ${dueOn}::date, ${JSON.stringify(figures)}::jsonb)
    on conflict (duty_id, region_code, due_on) do nothing`);
  return (await getSnapshot(db, dutyId, regionCode, dueOn)) ?? figures;
}
