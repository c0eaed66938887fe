/**
 * Everything due, for everyone (or a scope), as one statement: the item sources, their
 * recipients (the person, a party org's secretaries, or the nearest officers of a region), the
 * weekly escalations to the nearest officers of the item's region, and each person's snooze and
 * not-applicable answers. Planning inserts the result; 待办 and previews select it.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import type { PlanContext } from '../../reminders/plan-context.ts';
import type { ItemRow } from '../../reminders/computed-items.ts';
import { ITEM_COLUMNS, instructorTrainingItems, jsonItems, leadItems, meetingItems, peopleItems, planItems, ruleCtes, secretaryReportItems, termItems, type ItemScope } from './item-sources.ts';
import { rowsOf } from '../sql.ts';
import { reachableSql, type Reach } from '../stores/recipient-store.ts';

/** The item sources, by the CTE each one ends in. */
export type ItemSource = 'meeting' | 'term' | 'lead' | 'plan' | 'report' | 'people' | 'itrain' | 'computed';
const SOURCE_CTE: Record<ItemSource, string> = {
  meeting: 'r_meeting_items',
  term: 'r_term_items',
  lead: 'r_lead_items',
  plan: 'r_plan_items',
  report: 'r_sec_report_items',
  people: 'r_people_items',
  itrain: 'r_itrain_items',
  computed: 'r_computed',
};
const ALL_SOURCES = Object.keys(SOURCE_CTE) as ItemSource[];

/**
 * The WITH … part ending in r_due: one row per recipient and item, with its dispositions. `sources`
 * (default all) picks the item sources r_items unions; the others' CTEs stay defined and unread,
 * which PostgreSQL does not evaluate.
 */
function dueCtes(ctx: PlanContext, scope: ItemScope | undefined, computed: readonly ItemRow[], sources: readonly ItemSource[] = ALL_SOURCES): SQL {
  const cols = sql.raw(ITEM_COLUMNS);
  const icols = sql.raw(ITEM_COLUMNS.split(', ').map((c) => `i.${c}`).join(', '));
  const union = sources.map((s) => sql`select ${cols} from ${sql.raw(SOURCE_CTE[s])}`);
  const ctes = [
    ...ruleCtes(ctx, scope),
    meetingItems(ctx),
    termItems(ctx),
    leadItems(ctx, scope),
    planItems(ctx, scope),
    secretaryReportItems(),
    peopleItems(ctx),
    instructorTrainingItems(ctx, scope),
    jsonItems('r_computed', computed),
    sql`r_items as (${sql.join(union, sql` union all `)})`,
    sql`r_officers as (
      select distinct person_id, region_code from person_roles where role = 'officer' and region_code is not null
    )`,
    sql`r_codes as (
      select region_code as code from r_items where escalate
      union select to_region from r_items where to_region is not null
    )`,
    // The nearest officers of a region: those at the deepest level of its lineage that has any.
    sql`r_nearest as (
      select distinct code, person_id from (
        select c.code, o.person_id, rank() over (partition by c.code order by length(o.region_code) desc) as rk
        from r_codes c
        join lateral (select distinct p from unnest(array[left(c.code, 2), left(c.code, 4), left(c.code, 6), left(c.code, 9), c.code]) as p) lin on true
        join r_officers o on o.region_code = lin.p
      ) x where rk = 1
    )`,
    sql`r_out as (
      select ${icols}, i.to_person as person_id from r_items i where i.to_person is not null
      union all
      select ${icols}, pr.person_id from r_items i join person_roles pr on pr.role = 'secretary' and pr.party_org_id = i.to_party_org
      union all
      select ${icols}, n.person_id from r_items i join r_nearest n on n.code = i.to_region
      union all
      select i.item_type, i.item_key, i.period_key, 'escalation', i.region_code, i.due_on, i.escalate, i.to_person,
        i.to_party_org, i.to_region, i.payload || jsonb_build_object('escalatedFrom', i.kind), n.person_id
      from r_items i join r_nearest n on n.code = i.region_code where i.escalate
    )`,
    sql`r_due as (
      select o.*, s.until as snoozed_until, na.reason as na_reason, na.person_id as na_by,
        case when o.kind = 'escalation' then 'w:' || ${ctx.week}::text
             when s.until is not null and s.until <= ${ctx.today}::date then 's:' || s.until::text
             else '' end as round
      from r_out o
      left join reminder_dispositions s
        on s.kind = 'snooze' and s.person_id = o.person_id and s.item_key = o.item_key and s.period_key = o.period_key
      left join (
        select distinct on (item_key, period_key) item_key, period_key, reason, person_id from reminder_dispositions
        where kind = 'not_applicable' order by item_key, period_key, created_at
      ) na on na.item_key = o.item_key and na.period_key = o.period_key
    )`,
  ];
  return sql`with ${sql.join(ctes, sql`, `)}`;
}

/**
 * Writes every reminder due today (not snoozed, not marked not-applicable) to `reminders`,
 * exactly once per (person, item, period, kind, round): insert … on conflict do nothing. New
 * reminders go straight into the person's digest of the day, created here when missing, unless
 * that digest has already been tried (then they wait, pending, for the next one); a report also
 * queues its .xlsx behind the digest. Runs inside the planning transaction (`db` must be one: the
 * staging table lives on its connection and is dropped at commit), which first locks today's open
 * digests so no claimer takes one while items are added to it.
 *
 * Why staged in three statements rather than one: inside a single statement the new digests are
 * a CTE the planner estimates at one row, so it joined every new reminder to every open digest in
 * a nested loop (16,453 × 7,290 at 5,000 party orgs: ~8 of the ~11 s). Staging the new reminders
 * in an analyzed temporary table and finding each digest by its unique dedupe key makes both
 * inserts index lookups.
 * `only`: a rerun's narrowing (src/reminders/planner.ts): the items of some sources, in a scope.
 * Returns the numbers of new reminders and new digests.
 */
export async function insertDueReminders(
  db: Tx,
  ctx: PlanContext,
  computed: readonly ItemRow[],
  now: Date,
  reach: Reach,
  only: { scope?: ItemScope; sources?: readonly ItemSource[] } = {},
): Promise<{ planned: number; digests: number }> {
  const at = now.toISOString();
  const today = sql`${ctx.today}::date`;
  const digestKey = (person: SQL) => sql`'digest:' || ${person} || ':' || ${ctx.today}::text`;
  await db.execute(sql`select id from reminder_outbox where kind = 'digest' and day = ${today} and status = 'pending' and attempts = 0 for update`);
  await db.execute(
    sql`create temporary table lx_plan_new on commit drop as
      ${dueCtes(ctx, only.scope, computed, only.sources)}
      select d.* from r_due d
      where d.na_reason is null and (d.snoozed_until is null or d.snoozed_until <= ${today})
        and not exists (
          select 1 from reminders x
          where x.person_id = d.person_id and x.item_key = d.item_key and x.period_key = d.period_key and x.kind = d.kind and x.round = d.round
        )`,
  );
  await db.execute(sql`analyze lx_plan_new`);
  const dig = await rowsOf<{ d: number }>(
    db,
    sql`with r_dig as (
        insert into reminder_outbox (dedupe_key, person_id, kind, day, next_attempt_at, created_at)
        select distinct ${digestKey(sql`n.person_id`)}, n.person_id, 'digest', ${today}, ${at}::timestamptz, ${at}::timestamptz
        from lx_plan_new n where ${reachableSql(sql`n.person_id`, reach)}
        on conflict (dedupe_key) do nothing
        returning id
      )
      select count(*)::int as d from r_dig`,
  );
  const ins = await rowsOf<{ n: number }>(
    db,
    sql`with r_ins as (
        insert into reminders (person_id, item_type, item_key, period_key, kind, round, region_code, due_on, planned_on, payload, digest_id, state)
        select n.person_id, n.item_type, n.item_key, n.period_key, n.kind, n.round, n.region_code, n.due_on, ${today}, n.payload,
          o.id, case when o.id is null then 'pending' else 'batched' end
        from lx_plan_new n
        left join reminder_outbox o on o.dedupe_key = ${digestKey(sql`n.person_id`)}
          and o.kind = 'digest' and o.day = ${today} and o.status = 'pending' and o.attempts = 0
        on conflict do nothing
        returning id, person_id, item_type, digest_id
      ),
      r_files as (
        insert into reminder_outbox (dedupe_key, person_id, kind, day, payload, after_id, next_attempt_at, created_at)
        select 'file:' || i.id, i.person_id, 'report_file', ${today}, jsonb_build_object('reminderId', i.id), i.digest_id, ${at}::timestamptz, ${at}::timestamptz
        from r_ins i where i.item_type = 'report' and i.digest_id is not null
        on conflict (dedupe_key) do nothing
      )
      select count(*)::int as n from r_ins`,
  );
  // Dropped now, not only at commit, so a second planning in the same transaction can stage again.
  await db.execute(sql`drop table lx_plan_new`);
  return { planned: Number(ins[0]?.n ?? 0), digests: Number(dig[0]?.d ?? 0) };
}

export interface DueItem {
  personId: string;
  itemType: string;
  itemKey: string;
  periodKey: string;
  kind: string;
  regionCode: string;
  dueOn: string | null;
  payload: Record<string, unknown>;
  snoozedUntil: string | null;
  notApplicableReason: string | null;
}

/** The items due now within a scope (optionally for one person), dispositions included. */
export async function selectDueItems(
  db: Db | Tx,
  ctx: PlanContext,
  scope: ItemScope,
  computed: readonly ItemRow[],
  opts: { personId?: string; limit?: number } = {},
): Promise<DueItem[]> {
  const rows = await rowsOf<{
    person_id: string;
    item_type: string;
    item_key: string;
    period_key: string;
    kind: string;
    region_code: string;
    due_on: string | null;
    payload: Record<string, unknown> | string;
    snoozed_until: string | null;
    na_reason: string | null;
  }>(
    db,
    sql`${dueCtes(ctx, scope, computed)}
      select person_id::text, item_type, item_key, period_key, kind, region_code, due_on::text as due_on, payload,
        snoozed_until::text as snoozed_until, na_reason
      from r_due
      ${opts.personId ? sql`where person_id = ${opts.personId}::uuid` : sql``}
      order by person_id, item_type, item_key, kind
      ${opts.limit ? sql`limit ${opts.limit}` : sql``}`,
  );
  return rows.map((r) => ({
    personId: r.person_id,
    itemType: r.item_type,
    itemKey: r.item_key,
    periodKey: r.period_key,
    kind: r.kind,
    regionCode: r.region_code,
    dueOn: r.due_on,
    payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    snoozedUntil: r.snoozed_until,
    notApplicableReason: r.na_reason,
  }));
}

/** The items themselves (no recipients) within a scope: what a report counts as overdue. */
export async function selectItems(db: Db | Tx, ctx: PlanContext, scope: ItemScope, computed: readonly ItemRow[]): Promise<Array<{ itemType: string; itemKey: string; periodKey: string; kind: string; regionCode: string; payload: Record<string, unknown> }>> {
  const rows = await rowsOf<{ item_type: string; item_key: string; period_key: string; kind: string; region_code: string; payload: unknown }>(
    db,
    sql`${dueCtes(ctx, scope, computed)}
      select item_type, item_key, period_key, kind, region_code, payload from r_items i
      where not exists (select 1 from reminder_dispositions d where d.kind = 'not_applicable' and d.item_key = i.item_key and d.period_key = i.period_key)
      order by region_code, item_key`,
  );
  return rows.map((r) => ({
    itemType: r.item_type,
    itemKey: r.item_key,
    periodKey: r.period_key,
    kind: r.kind,
    regionCode: r.region_code,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
  }));
}
