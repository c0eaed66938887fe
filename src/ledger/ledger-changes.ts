/**
 * The 变更说明 sheet (临沭 002 三(一)2: 对新增和撤销的"两新"组织，需逐一说明情况): every org added,
 * removed (deleted, or 经营状态 turned 注销/破产) and every ledger field changed since the last
 * report, with the reason given at the time (the audit's reason: the import's note, or a chat
 * edit's), who and when. Audit rows stream in pages; past CHANGE_CAP lines a count line says how
 * many audit rows were left out, so a province-sized import cannot blow the file up.
 */
import type ExcelJS from 'exceljs';
import type { Db, Tx } from '../db/database.ts';
import { orgAuditCountAfter, orgAuditPage, type OrgAuditRow } from '../db/ledger/ledger-changes-query.ts';
import { shanghaiDate, shanghaiTime } from '../domain/shanghai-date.ts';
import {
  CHANGE_COLUMNS,
  CHANGE_KIND_WORDS,
  CHANGE_SHEET,
  CHANGE_SHEET_WORDS,
  FIELD_COLUMNS,
  FORMATION_WORDS,
  KIND_WORDS,
  PARTY_ORG_TYPE_WORDS,
  REGISTRATION_LEVEL_WORDS,
  REMOVED_STATUSES,
  STATUS_WORDS,
} from './ledger-template.ts';

export const CHANGE_CAP = 5000;
const PAGE = 1000;

type Cell = string | number | null;

const WORDS: Record<string, Record<string, string>> = {
  kind: KIND_WORDS,
  status: STATUS_WORDS,
  formation: FORMATION_WORDS,
  partyOrgType: PARTY_ORG_TYPE_WORDS,
  registrationLevel: REGISTRATION_LEVEL_WORDS,
};

/** A field's value as the ledger writes it (the words of its column, not the stored code). */
export function fieldWords(field: string, v: unknown): Cell {
  if (v === null || v === undefined || v === '') return null;
  if (WORDS[field]) return WORDS[field]![String(v)] ?? String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length ? v.join('、') : null;
  if (typeof v === 'number') return v;
  return String(v);
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** One audit row as sheet lines in CHANGE_COLUMNS order; rows that touch no ledger field give none. */
export function changeLines(a: OrgAuditRow): Cell[][] {
  const who = a.actorName ?? a.actorLabel;
  const when = `${shanghaiDate(a.at)} ${shanghaiTime(a.at)}`;
  const line = (kind: keyof typeof CHANGE_KIND_WORDS, item: string | null, from: Cell, to: Cell): Cell[] => [
    CHANGE_KIND_WORDS[kind],
    a.orgName,
    a.creditCode,
    a.regionCode,
    item,
    from,
    to,
    a.reason,
    who,
    when,
  ];
  if (a.action === 'create') return [line('added', null, null, null)];
  if (a.action === 'delete') return [line('removed', null, null, null)];
  const before = record(a.before);
  const after = record(a.after);
  const lines: Cell[][] = [];
  for (const [field, to] of Object.entries(after)) {
    const column = FIELD_COLUMNS[field];
    if (!column) continue; // importId, a plan's measures: not ledger fields
    const removed = field === 'status' && REMOVED_STATUSES.includes(to as never) && !REMOVED_STATUSES.includes(before.status as never);
    lines.push(line(removed ? 'removed' : 'changed', column, fieldWords(field, before[field]), fieldWords(field, to)));
  }
  // 撤销 first: the line a reader looks for.
  return lines.sort((x, y) => Number(y[0] === CHANGE_KIND_WORDS.removed) - Number(x[0] === CHANGE_KIND_WORDS.removed));
}

export interface ChangeSheetResult {
  lines: number;
  /** Audit rows past the cap, not listed. */
  omitted: number;
}

/**
 * Writes the sheet into a streaming workbook. `since` null means from the start of the ledger;
 * the first row says which period the sheet covers.
 */
export async function writeChangeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, db: Db | Tx, regionCode: string, since: Date | null, cap = CHANGE_CAP): Promise<ChangeSheetResult> {
  const ws = wb.addWorksheet(CHANGE_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = CHANGE_COLUMNS.map((c) => ({ key: c, width: c === '组织名称' ? 36 : c === '原因' ? 30 : c === '统一社会信用代码' ? 22 : 14 }));
  ws.addRow([CHANGE_SHEET_WORDS.title(since ? `${shanghaiDate(since)} ${shanghaiTime(since)}` : null)]).commit();
  const header = ws.addRow([...CHANGE_COLUMNS]);
  header.font = { bold: true };
  header.commit();
  let lines = 0;
  let lastId = 0;
  let omitted = 0;
  outer: for (;;) {
    const page = await orgAuditPage(db, regionCode, since, lastId, PAGE);
    for (const a of page) {
      const out = changeLines(a);
      if (lines + out.length > cap) {
        omitted = await orgAuditCountAfter(db, regionCode, since, lastId);
        break outer;
      }
      for (const l of out) ws.addRow(l).commit();
      lines += out.length;
      lastId = a.id;
    }
    if (page.length < PAGE) break;
  }
  if (omitted) ws.addRow([CHANGE_SHEET_WORDS.omitted(omitted, cap)]).commit();
  else if (lines === 0) ws.addRow([CHANGE_SHEET_WORDS.none]).commit();
  ws.commit();
  return { lines, omitted };
}
