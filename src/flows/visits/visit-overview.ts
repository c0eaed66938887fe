/**
 * `走访情况`: for an officer's region, this month's on-site visits per instructor against the
 * cadence, the orgs not yet visited this month, and the instructors over their caps (I1, I2).
 * Counts and lists only: people are listed by name, never ranked (domain.md, 减负).
 */
import type { Command, TxContext } from '../../bot/feature.ts';
import type { Card } from '../../bot/types.ts';
import { button, buttonRow, factsTable, text, type El } from '../../cards/card-kit.ts';
import { plainText } from '../../cards/document.ts';
import { richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { endOfMonth, shanghaiDate, startOfMonth } from '../../domain/shanghai-date.ts';
import { periodContaining, periodLabel } from '../../domain/periods.ts';
import { getRegion } from '../../db/regions/region-store.ts';
import { assignmentsInRegion, instructorLoads, instructorsForRegion } from '../../db/visits/assignment-store.ts';
import { standingsOf } from '../../db/visits/visit-standing.ts';
import { visitSlots } from '../../domain/visit-cadence.ts';
import { lastVisitsOf, onsiteCountsByInstructor } from '../../db/visits/visit-store.ts';
import { officerRegion } from './instructor-scope.ts';
import { messageCard } from './visit-card.ts';
import { dueLabel } from './visit-labels.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { isOverCap } from '../../domain/instructor-caps.ts';

/** Rows per list: a card must stay under 30 KB; the totals above always count everything. */
const ROWS_MAX = 40;
const byName = new Intl.Collator('zh-CN');

export async function visitOverviewCard(ctx: TxContext): Promise<Card> {
  const t = ctx.t;
  const region = officerRegion(ctx.person);
  if (!region) return messageCard(t('visit.overview.title'), [text(t('visit.overview.no_region'))], [], 'orange');
  const today = shanghaiDate(ctx.clock.now());
  const regionRow = await getRegion(ctx.db, region);

  const assignments = (await assignmentsInRegion(ctx.db, region)).filter((a) => a.status === 'operating');
  const instructors = (await instructorsForRegion(ctx.db, region)).sort((a, b) => byName.compare(a.name, b.name));
  // One standing per assignment: an org with two instructors is owed from each one's start.
  const standings = await standingsOf(ctx.db, assignments.map((a) => ({ orgId: a.orgId, regionCode: a.regionCode, assignedOn: a.assignedOn })), today, ctx.policy);
  const rows = assignments.map((a, k) => ({ ...a, standing: standings[k] }));
  const orgIds = [...new Set(assignments.map((a) => a.orgId))];
  const visitsByInstructor = await onsiteCountsByInstructor(ctx.db, instructors.map((i) => i.id), orgIds, startOfMonth(today), endOfMonth(today));
  const loads = await instructorLoads(ctx.db, instructors.map((i) => i.id));
  const last = await lastVisitsOf(ctx.db, orgIds, today);

  const perInstructor = instructors.map((i) => {
    const mine = rows.filter((r) => r.instructorId === i.id);
    return {
      name: i.name,
      orgs: mine.length,
      visits: visitsByInstructor.get(i.id) ?? 0,
      required: mine.reduce((n, r) => n + r.standing.cadence.requiredThisMonth, 0),
      met: mine.filter((r) => r.standing.cadence.doneThisMonth >= r.standing.cadence.requiredThisMonth).length,
    };
  });

  const names = new Map(instructors.map((i) => [i.id, i.name]));
  // Still owed a visit in the current period: due by the end of the slot today falls in (the
  // month, or its half where two visits a month are owed), or already overdue.
  const owing = (r: (typeof rows)[number]) => {
    const slot = visitSlots(today, r.standing.visitsPerMonth).find((x) => x.start <= today && today <= x.end)!;
    return r.standing.cadence.nextDueOn <= slot.end;
  };
  const unvisited = orgIds
    .map((id) => rows.filter((r) => r.orgId === id))
    .filter((rs) => rs.some(owing))
    .map((rs) => {
      const worst = rs.reduce((a, b) => (b.standing.cadence.sortKey < a.standing.cadence.sortKey ? b : a));
      return {
        org: rs[0].orgName,
        instructor: rs.map((r) => names.get(r.instructorId) ?? '').filter(Boolean).sort(byName.compare).join('、'),
        // 上次走访11月20日, or 尚无走访记录 on its own (not "上次走访尚无走访记录").
        last: last.has(rs[0].orgId) ? t('visit.overview.fact.last', { last: dateLabel(t, last.get(rs[0].orgId)!.visitedOn, today) }) : t('visit.last.none'),
        due: plainText(dueLabel(t, worst.standing.cadence, today)),
      };
    })
    .sort((a, b) => byName.compare(a.org, b.org));

  const overCaps = instructors
    .map((i) => {
      const p = ctx.policy.of(i.regionCode ?? region).instructors;
      const l = loads.get(i.id)!;
      return { name: i.name, l, p };
    })
    // I1 + I2 (002 二(二)) or I1b (004 §10), as the instructor's region's policy chooses
    .filter((x) => isOverCap(x.p, x.l));

  await ctx.audit({ action: 'view', entity: 'visit_overview', entityId: region, after: { month: startOfMonth(today).slice(0, 7), instructors: instructors.length } });

  const totalVisits = perInstructor.reduce((n, r) => n + r.visits, 0);
  const month = periodLabel(periodContaining('month', today));
  const body: El[] = [
    text(
      richPrompt(t, 'visit.overview.summary', {
        region: regionRow?.name ?? region,
        month,
        instructors: instructors.length,
        orgs: orgIds.length,
        visits: totalVisits,
        unvisited: unvisited.length,
        over: overCaps.length,
      }),
    ),
  ];
  const more = (n: number) => (n > ROWS_MAX ? [text(t('visit.overview.more', { shown: ROWS_MAX, n }), { size: 'small' })] : []);

  // One key column each: the name with its facts under it, so a phone needs no sideways swipe.
  const sep = t('card.fact_sep');
  body.push(text(richPrompt(t, 'visit.overview.per_instructor')));
  if (perInstructor.length === 0) body.push(text(t('visit.overview.no_instructors'), { size: 'small' }));
  else {
    body.push(
      factsTable(
        t('visit.overview.col.instructor'),
        perInstructor.slice(0, ROWS_MAX).map((r) => ({ name: r.name, facts: [t('visit.overview.instructor_facts', r)] })),
        sep,
      ),
      ...more(perInstructor.length),
    );
  }

  body.push(text(richPrompt(t, 'visit.overview.unvisited', { n: unvisited.length })));
  if (unvisited.length > 0) {
    body.push(
      factsTable(
        t('visit.overview.col.org'),
        unvisited.slice(0, ROWS_MAX).map((u) => ({
          name: u.org,
          facts: [u.instructor && t('visit.overview.fact.instructor', { name: u.instructor }), u.last, u.due],
        })),
        sep,
      ),
      ...more(unvisited.length),
    );
  }

  body.push(text(richPrompt(t, 'visit.overview.over_caps', { n: overCaps.length })));
  if (overCaps.length > 0) {
    body.push(
      factsTable(
        t('visit.overview.col.instructor'),
        overCaps.slice(0, ROWS_MAX).map((x) => ({
          name: x.name,
          facts: [
            t('visit.overview.cap_facts', {
              with: x.l.withPartyOrg,
              maxWith: x.p.maxOrgsWithPartyOrg,
              without: x.l.withoutPartyOrg,
              maxWithout: x.p.maxOrgsWithoutPartyOrg,
              exceptions: x.l.exceptions,
            }),
          ],
        })),
        sep,
      ),
      ...more(overCaps.length),
    );
  }
  body.push(text(t('visit.overview.note'), { size: 'small' }));

  return fillTemplate('message', { title: t('visit.overview.title'), summary: t('visit.overview.title'), color: 'blue' }, {
    body,
    buttons: [buttonRow([button(t('visit.btn.assign'), { cmd: 'start', flow: 'visit-assign', args: { fresh: true } })])],
  });
}

export const visitOverviewCommand: Command = {
  id: 'visit-overview',
  words: ['走访情况', '走访统计', '指导员走访'],
  roles: ['officer'],
  help: { labelKey: 'visit.help.overview', order: 12 },
  run: (ctx) => visitOverviewCard(ctx),
};
