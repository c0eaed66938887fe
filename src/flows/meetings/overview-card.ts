/**
 * `组织生活情况` for officers: in their region, the party orgs with overdue meeting obligations
 * (by kind) and the terms that end soon. Counts and lists in ledger order — never a ranking.
 */
import type { Command, TxContext } from '../../bot/feature.ts';
import type { Card } from '../../bot/types.ts';
import { notice } from '../../bot/engine.ts';
import { button, buttonRow, table, text, type El } from '../../cards/card-kit.ts';
import { bold, lines, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { defaultWindowStart } from '../../domain/meeting-obligations.ts';
import { loadObligationInputsWithin, obligationsOf } from '../../db/meetings/obligation-inputs.ts';
import { regionNames } from '../../db/meetings/party-org-store.ts';
import { MEETING_KINDS, type MeetingKind } from './kinds.ts';
import { kindLabel } from './obligations-view.ts';
import { periodLabel } from '../../domain/periods.ts';
import { termOf } from './party-org-card.ts';
import { officerRegions, officerSees } from './scope.ts';

/** Rows per list: a card must stay under Feishu's 30 KB; the rest are counted, not dropped silently. */
export const MAX_ROWS = 40;
const TABLE_BUDGET_BYTES = 11 * 1024;

/** As many rows as fit the list's share of the card (names vary in length). */
function fitting<T>(rows: T[]): T[] {
  const out: T[] = [];
  let bytes = 0;
  for (const r of rows.slice(0, MAX_ROWS)) {
    bytes += new TextEncoder().encode(JSON.stringify(r)).length;
    if (bytes > TABLE_BUDGET_BYTES) break;
    out.push(r);
  }
  return out;
}

export interface Overview {
  orgCount: number;
  overdueByKind: Map<MeetingKind, number>;
  overdueRows: Array<{ org: string; region: string; items: string }>;
  termRows: Array<{ org: string; region: string; ends: string; status: string }>;
  termUnknown: number;
}

export async function buildOverview(ctx: TxContext, regionCode: string): Promise<Overview> {
  const { t } = ctx;
  const today = shanghaiDate(ctx.clock.now());
  const inputs = [...(await loadObligationInputsWithin(ctx.db, ctx.policy, regionCode, today)).values()].sort(
    (a, b) => a.partyOrg.regionCode.localeCompare(b.partyOrg.regionCode) || a.partyOrg.name.localeCompare(b.partyOrg.name, 'zh'),
  );
  const names = await regionNames(ctx.db, inputs.map((x) => x.partyOrg.regionCode));
  const overdueByKind = new Map<MeetingKind, number>();
  const overdueRows: Overview['overdueRows'] = [];
  const termRows: Overview['termRows'] = [];
  let termUnknown = 0;
  for (const x of inputs) {
    const region = names.get(x.partyOrg.regionCode) ?? x.partyOrg.regionCode;
    const groupName = new Map(x.groups.map((g) => [g.id, g.name]));
    const overdue = obligationsOf(x).filter((o) => o.status === 'overdue');
    for (const kind of new Set(overdue.map((o) => o.kind))) overdueByKind.set(kind, (overdueByKind.get(kind) ?? 0) + 1);
    if (overdue.length) {
      // One entry per kind (and group): the period when one is missing, the count when several are.
      const byLane = new Map<string, typeof overdue>();
      for (const ob of overdue) {
        const label = kindLabel(t, ob.kind, ob.groupId ? groupName.get(ob.groupId) : null);
        byLane.set(label, [...(byLane.get(label) ?? []), ob]);
      }
      const items = [...byLane].map(([label, list]) =>
        list.length === 1 ? t('meetings.ov.item_one', { kind: label, period: periodLabel(list[0]!.period) }) : t('meetings.ov.item_many', { kind: label, n: list.length }),
      );
      overdueRows.push({ org: x.partyOrg.name, region, items: items.join('；') });
    }
    const term = termOf(x.partyOrg, x.policy, today);
    if (!term) termUnknown++;
    else if (term.status !== 'ok') {
      const status = term.status === 'overdue' ? t('meetings.ov.term_overdue', { days: -term.daysLeft }) : t('meetings.ov.term_due', { days: term.daysLeft });
      termRows.push({ org: x.partyOrg.name, region, ends: dateLabel(t, term.endsOn, today), status });
    }
  }
  return { orgCount: inputs.length, overdueByKind, overdueRows, termRows, termUnknown };
}

export async function overviewCard(ctx: TxContext, regionCode: string): Promise<Card> {
  const { t } = ctx;
  const today = shanghaiDate(ctx.clock.now());
  const [names, policy] = [await regionNames(ctx.db, [regionCode]), ctx.policy.of(regionCode)];
  const regionName = names.get(regionCode) ?? regionCode;
  const o = await buildOverview(ctx, regionCode);
  const months = Math.max(...policy.terms.reminderLeadMonths);
  const body: El[] = [text(richPrompt(t, 'meetings.ov.intro', { region: regionName, n: o.orgCount, since: defaultWindowStart(today), today }))];

  const counts = MEETING_KINDS.filter((k) => o.overdueByKind.get(k)).map((k) => t('meetings.ov.kind_count', { kind: kindLabel(t, k), n: o.overdueByKind.get(k)! }));
  body.push(text(lines([bold(t('meetings.ov.overdue_title')), ...(counts.length ? counts : [t('meetings.ov.none')])])));
  if (o.overdueRows.length) {
    const shown = fitting(o.overdueRows);
    body.push(
      table(
        [
          { name: 'org', label: t('meetings.ov.col_org') },
          { name: 'region', label: t('meetings.ov.col_region') },
          { name: 'items', label: t('meetings.ov.col_items') },
        ],
        shown,
      ),
    );
    if (o.overdueRows.length > shown.length) body.push(text(t('meetings.ov.more', { n: o.overdueRows.length - shown.length }), { size: 'small' }));
  }

  body.push(text(lines([bold(t('meetings.ov.terms_title', { months })), t('meetings.ov.terms_count', { n: o.termRows.length })])));
  if (o.termRows.length) {
    const shown = fitting(o.termRows);
    body.push(
      table(
        [
          { name: 'org', label: t('meetings.ov.col_org') },
          { name: 'region', label: t('meetings.ov.col_region') },
          { name: 'ends', label: t('meetings.ov.col_ends') },
          { name: 'status', label: t('meetings.ov.col_status') },
        ],
        shown,
      ),
    );
    if (o.termRows.length > shown.length) body.push(text(t('meetings.ov.more', { n: o.termRows.length - shown.length }), { size: 'small' }));
  }
  if (o.termUnknown) body.push(text(t('meetings.ov.term_unknown', { n: o.termUnknown }), { size: 'small' }));
  body.push(text(t('meetings.ov.note'), { size: 'small' }));
  const title = t('meetings.ov.title', { region: regionName });
  return fillTemplate('message', { title, summary: title, color: 'red' }, { body, buttons: [] });
}

export const overviewCommand: Command = {
  id: 'meeting-overview',
  words: ['组织生活情况', '三会一课情况', '会议情况', '组织生活'],
  roles: ['officer'],
  help: { labelKey: 'meetings.help.overview', order: 16 },
  async run(ctx, args) {
    const { t } = ctx;
    if (args.region !== undefined) {
      if (!officerSees(ctx.person, args.region)) return notice(t('meetings.refused_title'), t('meetings.ov.not_your_region'), [], 'orange');
      return overviewCard(ctx, args.region);
    }
    const regions = officerRegions(ctx.person);
    if (regions.length === 0) return notice(t('meetings.refused_title'), t('meetings.ov.no_region'), [], 'orange');
    if (regions.length === 1) return overviewCard(ctx, regions[0]!);
    const names = await regionNames(ctx.db, regions);
    return fillTemplate('message', { title: t('meetings.help.overview'), summary: t('meetings.help.overview'), color: 'red' }, {
      body: [text(t('meetings.ov.pick_region'))],
      buttons: [buttonRow(regions.map((r) => button(names.get(r) ?? r, { cmd: 'run', command: 'meeting-overview', args: { region: r } }, { type: 'primary' })))],
    });
  },
};
