/**
 * What falls due, as set-based SQL over the meetings, ledger and leads tables: one SELECT per kind
 * of item, each producing the same columns (see ITEM_COLUMNS), for every party org / assignment /
 * lead at once. Rules arrive precomputed from plan-context.ts (period boundaries, working-day
 * cutoffs, the policy variant of each region), so the SQL only joins and counts.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PlanContext } from '../../reminders/plan-context.ts';
import { inList, jsonParam, underAny, valuesCte } from '../sql.ts';

/**
 * Who to look at. Absent: everyone (the daily planning). Otherwise items in these region
 * subtrees, of these party orgs, or assigned to this person (a 待办 or a bulk preview).
 */
export interface ItemScope {
  regionPrefixes?: readonly string[];
  partyOrgIds?: readonly string[];
  personId?: string;
}

/** The columns every item source yields, in this order. */
export const ITEM_COLUMNS =
  'item_type, item_key, period_key, kind, region_code, due_on, escalate, to_person, to_party_org, to_region, payload';

/** `case when starts_with(col, '3701') then 2 … else 0 end`: the policy variant of a region. */
export function variantOf(ctx: PlanContext, column: SQL): SQL {
  const specific = ctx.variants.list.filter((v) => v.prefix !== '').sort((a, b) => b.prefix.length - a.prefix.length);
  if (specific.length === 0) return sql`0`;
  return sql`(case ${sql.join(
    specific.map((v) => sql`when starts_with(${column}, ${v.prefix}::text) then ${v.idx}::int`),
    sql` `,
  )} else 0 end)`;
}

function scoped(scope: ItemScope | undefined, region: SQL, partyOrg?: SQL, person?: SQL): SQL {
  if (!scope) return sql`true`;
  const parts: SQL[] = [underAny(region, scope.regionPrefixes ?? [])];
  const ids = scope.partyOrgIds ?? [];
  // A rerun's thousands of party orgs as one JSON parameter (no 65,535-parameter ceiling).
  if (partyOrg) parts.push(ids.length > 100 ? sql`${partyOrg} in (select x::uuid from jsonb_array_elements_text(${jsonParam(ids)}::jsonb) x)` : inList(partyOrg, ids));
  if (person && scope.personId) parts.push(sql`${person} = ${scope.personId}::uuid`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** The CTEs shared by the sources: rules as VALUES lists and the scoped party orgs with their variant. */
export function ruleCtes(ctx: PlanContext, scope: ItemScope | undefined): SQL[] {
  const w = ctx.meetingWindows;
  return [
    valuesCte(
      'r_win',
      [['variant', 'int'], ['kind', 'text'], ['period_key', 'text'], ['p_start', 'date'], ['p_end', 'date'], ['due_on', 'date'], ['required', 'int'], ['status', 'text'], ['days', 'int'], ['escalate', 'bool']],
      w.map((x) => [x.variant, x.kind, x.periodKey, x.start, x.end, x.dueOn, x.required, x.status, x.days, x.escalate]),
    ),
    valuesCte('r_term_years', [['variant', 'int'], ['type', 'text'], ['years', 'int']], ctx.termYears.map((x) => [x.variant, x.type, x.years])),
    valuesCte('r_term_leads', [['variant', 'int'], ['months', 'int']], ctx.termLeads.map((x) => [x.variant, x.months])),
    valuesCte('r_escalate', [['variant', 'int'], ['days', 'int']], ctx.escalateAfter.map((x) => [x.variant, x.days])),
    valuesCte(
      'r_lead_cut',
      [['variant', 'int'], ['late_on', 'date'], ['escalate_on', 'date']],
      ctx.leadCutoffs.map((x) => [x.variant, x.lateIfOnOrBefore, x.escalateIfOnOrBefore]),
    ),
    valuesCte(
      'r_sec_reports',
      [['variant', 'int'], ['duty_id', 'text'], ['what', 'text'], ['due_on', 'date'], ['period_start', 'date']],
      ctx.secretaryReports.map((x) => [x.variant, x.dutyId, x.what, x.dueOn, x.periodStart]),
    ),
    valuesCte(
      'r_people',
      [['variant', 'int'], ['secretary_years', 'int'], ['worker_years', 'int'], ['reserves_min', 'int']],
      ctx.people.map((x) => [x.variant, x.secretaryYears, x.workerYears, x.reservesMin]),
    ),
    sql`r_po as (
      select po.id, po.name, po.type, po.region_code, po.term_started_on,
        coalesce(po.founded_on, date '1970-01-01') as founded, ${variantOf(ctx, sql`po.region_code`)} as variant,
        po.reserve_secretaries, po.secretary_trained_on, po.workers_trained_on,
        greatest(po.founded_on, (po.created_at at time zone 'Asia/Shanghai')::date) as known_since
      from party_orgs po
      where ${scoped(scope, sql`po.region_code`, sql`po.id`)}
    )`,
  ];
}

/**
 * Meetings owed and not (fully) held, per party org, kind, party group and period window. The
 * counting follows obligationsFor: meetings dated in the period and not after today; a 党员大会 or
 * 党课 held as the 主题党日 counts for theme_day too; 党小组会 count for their own group; an org
 * founded after a period began owes nothing for it.
 */
export function meetingItems(ctx: PlanContext): SQL {
  // One narrow index-only range per party org, kind and window (meetings_org_kind_held_idx: org,
  // kind, held_on, with the group and the theme-day mark included): far cheaper than aggregating
  // two years of meetings, since most windows hold a meeting or two. The theme-day rule is a
  // second range, not an OR on kind, which would read every kind's meetings of the window from
  // the heap (EXPLAIN ANALYZE at 20,000 party orgs: 190,876 probes 3.9 s before, 0.8 s after).
  return sql`
    r_meeting_items as (
      select 'meeting'::text as item_type,
        'meeting:' || p.id || ':' || w.kind || coalesce(':' || g.id, '') as item_key,
        w.period_key, w.status as kind, p.region_code, w.due_on, w.escalate,
        null::uuid as to_person, p.id as to_party_org, null::text as to_region,
        jsonb_build_object('t', 'meeting', 'partyOrgId', p.id, 'partyOrgName', p.name, 'meetingKind', w.kind,
          'groupId', g.id, 'groupName', g.name, 'periodKey', w.period_key, 'dueOn', w.due_on, 'days', w.days,
          'held', h.n, 'required', w.required) as payload
      from r_po p
      join r_win w on w.variant = p.variant and p.founded <= w.p_start
      left join party_groups g on w.kind = 'group' and g.party_org_id = p.id
      cross join lateral (
        select (
          select count(*)::int from meetings m
          where m.party_org_id = p.id and m.kind = w.kind and m.deleted_at is null
            and m.held_on between w.p_start and least(w.p_end, ${ctx.today}::date)
            and (w.kind <> 'group' or m.party_group_id = g.id)
        ) + case when w.kind <> 'theme_day' then 0 else (
          select count(*)::int from meetings m
          where m.party_org_id = p.id and m.kind in ('general_assembly', 'lecture') and m.also_theme_day and m.deleted_at is null
            and m.held_on between w.p_start and least(w.p_end, ${ctx.today}::date)
        ) end as n
      ) h
      where (w.kind <> 'group' or g.id is not null) and h.n < w.required
    )`;
}

/**
 * 换届, as termStatus computes it: the term ends on the anniversary (date + years clamps 29
 * February like addYears), is overdue from the day after, and is in the narrowest reminder
 * window (n months before, clamped like addMonths) that today has reached.
 */
export function termItems(ctx: PlanContext): SQL {
  return sql`
    r_term_base as (
      select p.*, (p.term_started_on + make_interval(years => ty.years))::date as ends_on
      from r_po p join r_term_years ty on ty.variant = p.variant and ty.type = p.type
      where p.term_started_on is not null
    ),
    r_term_items as (
      select 'term'::text as item_type, 'term:' || t.id as item_key, t.ends_on::text as period_key,
        case when t.ends_on < ${ctx.today}::date then 'overdue' else 'term_' || l.months || 'm' end as kind,
        t.region_code, t.ends_on as due_on,
        (t.ends_on < ${ctx.today}::date and ${ctx.today}::date - t.ends_on > e.days) as escalate,
        null::uuid as to_person, t.id as to_party_org, null::text as to_region,
        jsonb_build_object('t', 'term', 'partyOrgId', t.id, 'partyOrgName', t.name, 'endsOn', t.ends_on,
          'leadMonths', l.months, 'days', abs(t.ends_on - ${ctx.today}::date)) as payload
      from r_term_base t
      join r_escalate e on e.variant = t.variant
      left join lateral (
        select min(tl.months) as months from r_term_leads tl
        where tl.variant = t.variant and ${ctx.today}::date >= (t.ends_on - make_interval(months => tl.months))::date
      ) l on true
      where t.ends_on < ${ctx.today}::date or l.months is not null
    )`;
}

/**
 * Member-finding leads still 'new' past the policy's working days: back on the assignee's list
 * (the person, else the secretaries of the party org, else the region's nearest officers), and
 * after the further working days on the officers' list too.
 */
export function leadItems(ctx: PlanContext, scope: ItemScope | undefined): SQL {
  return sql`
    r_lead_items as (
      select 'lead'::text as item_type, 'lead:' || l.id as item_key, x.created_on::text as period_key,
        'overdue'::text as kind, l.region_code, null::date as due_on, x.created_on <= c.escalate_on as escalate,
        l.assignee_person_id as to_person,
        case when l.assignee_person_id is null then l.assignee_party_org_id end as to_party_org,
        case when l.assignee_person_id is null and l.assignee_party_org_id is null then l.region_code end as to_region,
        jsonb_build_object('t', 'lead', 'leadId', l.id, 'registeredOn', x.created_on,
          'workplace', coalesce(o.name, l.workplace_text), 'revision', l.revision) as payload
      from leads l
      cross join lateral (select (l.created_at at time zone 'Asia/Shanghai')::date as created_on) x
      join r_lead_cut c on c.variant = ${variantOf(ctx, sql`l.region_code`)}
      left join orgs o on o.id = l.workplace_org_id
      where l.state = 'new' and l.erased_at is null and x.created_on <= c.late_on
        and ${scoped(scope, sql`l.region_code`, sql`l.assignee_party_org_id`, sql`l.assignee_person_id`)}
    )`;
}

/**
 * 一企一策 (000 二1; 武汉 二(三); 临沭 三(二)2) past its 完成时限 while the org, still operating,
 * has no party org: to each instructor assigned to the org (the plan's responsible instructor),
 * else to the region's nearest officers; escalated like other overdue items. Due date as the
 * period: a plan given a new date is reminded again once that date passes.
 */
export function planItems(ctx: PlanContext, scope: ItemScope | undefined): SQL {
  return sql`
    r_plan_items as (
      select 'plan'::text as item_type, 'plan:' || o.id as item_key, o.plan_due_on::text as period_key,
        'overdue'::text as kind, o.region_code, o.plan_due_on as due_on,
        (${ctx.today}::date - o.plan_due_on > e.days) as escalate,
        ia.instructor_id as to_person, null::uuid as to_party_org,
        case when ia.instructor_id is null then o.region_code end as to_region,
        jsonb_build_object('t', 'plan', 'orgId', o.id, 'orgName', o.name, 'dueOn', o.plan_due_on,
          'days', ${ctx.today}::date - o.plan_due_on, 'owner', o.plan_owner) as payload
      from orgs o
      join r_escalate e on e.variant = ${variantOf(ctx, sql`o.region_code`)}
      left join instructor_assignments ia on ia.org_id = o.id
      where o.plan_due_on is not null and o.plan_due_on < ${ctx.today}::date
        and o.status = 'operating' and o.party_org_id is null
        and ${scoped(scope, sql`o.region_code`, undefined, sql`ia.instructor_id`)}
    )`;
}

/**
 * 004 §12 轮训 (党组织书记每年轮训1次，党建工作指导员、党务工作者每两年轮训1次) and 004 §9 后备人才
 * (每个……党组织至少要有1名后备人才), to the party org's secretaries, for party orgs covering an
 * operating org (as P1/P2 list them). Training falls due N years (people.*TrainingEveryYears)
 * after the last recorded one, reminded once per due date (the period), escalated like other
 * overdue items. Not to flood a secretary on the day the bot first learns of the org, a training
 * never recorded counts from when the org is known (founded, or entered into the bot, whichever
 * is later): one full cycle of grace, the time a secretary rightly trained could have gone
 * without one. The reserve is asked once a year, after the same first year of grace, while fewer
 * than people.secretaryReservesMin are recorded (0 turns it off).
 */
export function peopleItems(ctx: PlanContext): SQL {
  const today = sql`${ctx.today}::date`;
  return sql`
    r_people_items as (
      select 'training'::text as item_type, 'training:' || w.who || ':' || p.id as item_key, x.due_on::text as period_key,
        'overdue'::text as kind, p.region_code, x.due_on, (${today} - x.due_on > e.days) as escalate,
        null::uuid as to_person, p.id as to_party_org, null::text as to_region,
        jsonb_build_object('t', 'training', 'who', w.who, 'partyOrgId', p.id, 'partyOrgName', p.name, 'dueOn', x.due_on,
          'trainedOn', w.trained_on, 'years', w.years, 'days', ${today} - x.due_on) as payload
      from r_po p
      join r_people rp on rp.variant = p.variant
      join r_escalate e on e.variant = p.variant
      cross join lateral (values ('secretary'::text, p.secretary_trained_on, rp.secretary_years),
        ('workers'::text, p.workers_trained_on, rp.worker_years)) as w(who, trained_on, years)
      cross join lateral (select (coalesce(w.trained_on, p.known_since) + make_interval(years => w.years))::date as due_on) x
      where x.due_on <= ${today}
        and exists (select 1 from orgs o where o.party_org_id = p.id and o.status = 'operating')
      union all
      select 'reserve'::text, 'reserve:' || p.id, to_char(${today}, 'YYYY'), 'overdue'::text, p.region_code, x.due_on,
        (${today} - x.due_on > e.days), null::uuid, p.id, null::text,
        jsonb_build_object('t', 'reserve', 'partyOrgId', p.id, 'partyOrgName', p.name, 'dueOn', x.due_on,
          'reserves', p.reserve_secretaries, 'min', rp.reserves_min)
      from r_po p
      join r_people rp on rp.variant = p.variant
      join r_escalate e on e.variant = p.variant
      cross join lateral (select greatest((p.known_since + interval '1 year')::date, date_trunc('year', ${today})::date) as due_on) x
      where rp.reserves_min > 0 and coalesce(p.reserve_secretaries, 0) < rp.reserves_min
        and (p.known_since + interval '1 year')::date <= ${today}
        and exists (select 1 from orgs o where o.party_org_id = p.id and o.status = 'operating')
    )`;
}

/**
 * 004 §12 党建工作指导员……每两年轮训1次 (people.workerTrainingEveryYears), to the instructor: due
 * N years after the training recorded on the person, else after becoming an instructor (the same
 * one cycle of grace as a party org's). One item per instructor, in the region of their role.
 */
export function instructorTrainingItems(ctx: PlanContext, scope: ItemScope | undefined): SQL {
  const today = sql`${ctx.today}::date`;
  return sql`
    r_itrain_base as (
      select distinct on (pr.person_id) pr.person_id, pr.region_code, pe.name, pe.instructor_trained_on as trained_on,
        (pr.created_at at time zone 'Asia/Shanghai')::date as known_since
      from person_roles pr join people pe on pe.id = pr.person_id
      where pr.role = 'instructor' and pr.region_code is not null
        and ${scoped(scope, sql`pr.region_code`, undefined, sql`pr.person_id`)}
      order by pr.person_id, pr.created_at
    ),
    r_itrain_items as (
      select 'training'::text as item_type, 'training:instructor:' || b.person_id as item_key, x.due_on::text as period_key,
        'overdue'::text as kind, b.region_code, x.due_on, (${today} - x.due_on > e.days) as escalate,
        b.person_id as to_person, null::uuid as to_party_org, null::text as to_region,
        jsonb_build_object('t', 'training', 'who', 'instructor', 'personId', b.person_id, 'dueOn', x.due_on,
          'trainedOn', b.trained_on, 'years', rp.worker_years, 'days', ${today} - x.due_on) as payload
      from r_itrain_base b
      join r_people rp on rp.variant = ${variantOf(ctx, sql`b.region_code`)}
      join r_escalate e on e.variant = rp.variant
      cross join lateral (select (coalesce(b.trained_on, b.known_since) + make_interval(years => rp.worker_years))::date as due_on) x
      where x.due_on <= ${today}
    )`;
}

/** Yearly duties of every party org's secretaries (年初计划, 年底述职), due today by the rules. */
export function secretaryReportItems(): SQL {
  return sql`
    r_sec_report_items as (
      select 'report'::text as item_type, 'report:' || r.duty_id || ':' || p.id as item_key, r.due_on::text as period_key,
        'report_due'::text as kind, p.region_code, r.due_on, false as escalate,
        null::uuid as to_person, p.id as to_party_org, null::text as to_region,
        jsonb_build_object('t', 'report', 'dutyId', r.duty_id, 'what', r.what, 'partyOrgId', p.id,
          'partyOrgName', p.name, 'regionCode', p.region_code, 'dueOn', r.due_on, 'periodStart', r.period_start) as payload
      from r_po p join r_sec_reports r on r.variant = p.variant
    )`;
}

/** Items computed in TypeScript (visits, officers' reports), passed as one JSON parameter. */
export function jsonItems(name: string, rows: readonly object[]): SQL {
  return sql`${sql.raw(name)} as (
    select item_type, item_key, period_key, kind, region_code, due_on, escalate, to_person, to_party_org, to_region, payload
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(item_type text, item_key text, period_key text, kind text,
      region_code text, due_on date, escalate boolean, to_person uuid, to_party_org uuid, to_region text, payload jsonb)
  )`;
}
