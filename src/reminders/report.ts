/**
 * The report a reminder carries, generated from the data so nobody types the figures again:
 * party orgs built in the period, coverage then (the figures the previous report carried) and now,
 * and the obligations overdue in the region. The card shows the summary; an .xlsx (exceljs)
 * follows with the lists. The first figures computed for a report are kept (report_snapshots), so
 * a resend shows the same numbers and the next report has its "then".
 */
import ExcelJS from 'exceljs';
import type { Prompts } from '../bot/prompts.ts';
import type { Clock } from '../clock.ts';
import type { Db, Tx } from '../db/database.ts';
import { partyOrgsBuilt, previousSnapshot, saveSnapshot, getSnapshot, type BuiltPartyOrg } from '../db/reminders/report-store.ts';
import type { OnUncovered } from '../domain/working-days.ts';
import { computeCoverage, UnknownRegionError } from '../ledger/coverage-service.ts';
import { itemText } from './item-text.ts';
import { plainText } from '../cards/document.ts';
import type { Planning } from './planner.ts';
import { itemsWithin } from './planner.ts';

export interface Rate {
  num: number;
  den: number;
}

export interface ReportFigures {
  built: number;
  /** 党组织覆盖率 now and as the previous report had it (null: no earlier report). */
  coverageNow: Rate | null;
  coverageThen: Rate | null;
  standaloneNow: Rate | null;
  workNow: Rate | null;
  overdue: number;
  asOf: string;
}

export interface ReportRef {
  dutyId: string;
  what: string;
  regionCode: string;
  regionName?: string;
  partyOrgId?: string;
  dueOn: string;
  periodStart: string;
}

export function reportRef(payload: Record<string, unknown>): ReportRef {
  const s = (k: string) => (typeof payload[k] === 'string' ? (payload[k] as string) : '');
  return {
    dutyId: s('dutyId'),
    what: s('what'),
    regionCode: s('regionCode'),
    regionName: s('regionName') || s('partyOrgName') || undefined,
    partyOrgId: s('partyOrgId') || undefined,
    dueOn: s('dueOn'),
    periodStart: s('periodStart'),
  };
}

export function rateText(t: Prompts, r: Rate | null): string {
  if (!r) return t('reminders.rate.none');
  if (r.den === 0) return '0.0%';
  // One decimal, half up, as the coverage card shows it.
  return `${(Math.round((r.num * 1000) / r.den) / 10).toFixed(1)}%（${r.num}/${r.den}）`;
}

export interface ReportDeps {
  db: Db | Tx;
  clock: Clock;
  planning: Planning;
  onUncovered: OnUncovered;
}

/** The key a report's snapshot is kept under: the officer's region, or the party org. */
const snapshotKey = (r: ReportRef) => r.partyOrgId ?? r.regionCode;

async function overdueItems(d: ReportDeps, r: ReportRef) {
  const items = await itemsWithin(d.db, r.regionCode, d.planning, d.onUncovered);
  return items.filter((i) => i.kind === 'overdue' && (!r.partyOrgId || i.payload.partyOrgId === r.partyOrgId));
}

/** The figures of a report: the kept ones when it went out before, else computed now and kept. */
export async function reportFigures(d: ReportDeps, r: ReportRef): Promise<ReportFigures> {
  const kept = await getSnapshot(d.db, r.dutyId, snapshotKey(r), r.dueOn);
  if (kept) return kept as unknown as ReportFigures;
  const built = r.partyOrgId ? [] : await partyOrgsBuilt(d.db, r.regionCode, r.periodStart, d.planning.ctx.today);
  let coverageNow: Rate | null = null;
  let standaloneNow: Rate | null = null;
  let workNow: Rate | null = null;
  if (!r.partyOrgId) {
    try {
      const c = await computeCoverage(d.db, { clock: d.clock, policy: d.planning.book }, r.regionCode);
      coverageNow = { num: c.total.partyOrg, den: c.total.inScope };
      standaloneNow = { num: c.total.standalone, den: c.total.inScope };
      workNow = { num: c.total.work, den: c.total.inScope };
    } catch (e) {
      // A region the ledger does not know yet: the report says so rather than inventing a figure.
      // Anything else (the database failing) is not an unknown region: it goes to the boundary.
      if (!(e instanceof UnknownRegionError)) throw e;
    }
  }
  const prev = await previousSnapshot(d.db, r.dutyId, snapshotKey(r), r.dueOn);
  const figures: ReportFigures = {
    built: built.length,
    coverageNow,
    coverageThen: (prev?.coverageNow as Rate | undefined) ?? null,
    standaloneNow,
    workNow,
    overdue: (await overdueItems(d, r)).length,
    asOf: d.planning.ctx.today,
  };
  return (await saveSnapshot(d.db, r.dutyId, snapshotKey(r), r.dueOn, figures as unknown as Record<string, unknown>)) as unknown as ReportFigures;
}

export function figuresText(t: Prompts, f: ReportFigures): string {
  return t('reminders.item.report.figures', {
    built: f.built,
    before: rateText(t, f.coverageThen),
    now: rateText(t, f.coverageNow),
    overdue: f.overdue,
  });
}

function header(ws: ExcelJS.Worksheet, labels: string[]) {
  ws.addRow(labels).font = { bold: true };
  ws.columns.forEach((c) => (c.width = 24));
}

/** The report as a workbook: summary, party orgs built, overdue obligations. */
export async function reportWorkbook(t: Prompts, d: ReportDeps, r: ReportRef): Promise<{ bytes: Uint8Array; name: string }> {
  const f = await reportFigures(d, r);
  const built: BuiltPartyOrg[] = r.partyOrgId ? [] : await partyOrgsBuilt(d.db, r.regionCode, r.periodStart, r.dueOn);
  const overdue = await overdueItems(d, r);
  const wb = new ExcelJS.Workbook();
  const sum = wb.addWorksheet(t('reminders.xlsx.summary'));
  header(sum, [t('reminders.xlsx.item'), t('reminders.xlsx.value')]);
  sum.addRows([
    [t('reminders.xlsx.region'), r.regionName ? `${r.regionName}（${r.regionCode}）` : r.regionCode],
    [t('reminders.xlsx.period'), `${r.periodStart} ~ ${r.dueOn}`],
    [t('reminders.xlsx.as_of'), f.asOf],
    [t('reminders.xlsx.built_count'), f.built],
    [t('reminders.xlsx.coverage_then'), rateText(t, f.coverageThen)],
    [t('reminders.xlsx.coverage_now'), rateText(t, f.coverageNow)],
    [t('reminders.xlsx.standalone_now'), rateText(t, f.standaloneNow)],
    [t('reminders.xlsx.work_now'), rateText(t, f.workNow)],
    [t('reminders.xlsx.in_scope'), f.coverageNow?.den ?? ''],
    [t('reminders.xlsx.overdue_count'), f.overdue],
  ]);
  const b = wb.addWorksheet(t('reminders.xlsx.built'));
  header(b, [t('reminders.xlsx.po_name'), t('reminders.xlsx.po_type'), t('reminders.xlsx.po_region'), t('reminders.xlsx.po_founded')]);
  for (const p of built) b.addRow([p.name, p.type, p.regionCode, p.foundedOn]);
  const o = wb.addWorksheet(t('reminders.xlsx.overdue'));
  header(o, [t('reminders.xlsx.o_org'), t('reminders.xlsx.o_what'), t('reminders.xlsx.o_period'), t('reminders.xlsx.o_days')]);
  for (const i of overdue) {
    const p = i.payload;
    const org = String(p.partyOrgName ?? p.orgName ?? p.workplace ?? '');
    // The plain text of the card line, without markdown.
    const what = plainText(itemText(t, { itemType: i.itemType, kind: i.kind, payload: p }));
    o.addRow([org, what, i.periodKey, Number(p.days ?? 0)]);
  }
  const buf = await wb.xlsx.writeBuffer();
  const name = t('reminders.xlsx.file', { what: r.what.slice(0, 20), region: r.regionName ?? r.regionCode, date: r.dueOn }).replace(/[\\/:*?"<>|\s]/g, '');
  return { bytes: new Uint8Array(buf as ArrayBuffer), name };
}
