/**
 * The ledger of a region as .xlsx in the import template's columns (so an export can be edited
 * and imported again unchanged), with a bold frozen header and drop-down lists on the enumerated
 * columns. Written with exceljs's streaming WorkbookWriter: rows go out as they are read.
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db, Tx } from '../db/database.ts';
import type { OrgKind } from '../db/schema/ledger.ts';
import { exportPage, type ExportKey, type ExportRow } from '../db/ledger/ledger-export-query.ts';
import {
  FORMATION_WORDS,
  KIND_WORDS,
  LEDGER_EXPORT_COLUMNS,
  MASS_ORG_WORDS,
  PARTY_ORG_TYPE_WORDS,
  REGISTRATION_LEVEL_WORDS,
  STATUS_WORDS,
  YES_NO,
  type LedgerColumn,
} from './ledger-template.ts';
import { writeAppendixSheet } from './ledger-appendix.ts';
import { writeChangeSheet, type ChangeSheetResult } from './ledger-changes.ts';

const PAGE = 2000;
/** Rows below the data that still get the drop-down lists. */
const EXTRA_ROWS = 1000;

/** A stretch of the export's order: after `after` (null: from the start) through `through` (null: to the end). */
export interface ExportRange {
  after: ExportKey | null;
  through: ExportKey | null;
}

/** Every org of the subtree (of one kind, for the 附表), page by page; within `range` when given. */
export async function* exportRows(db: Db | Tx, regionCode: string, kind?: OrgKind, range?: ExportRange): AsyncGenerator<ExportRow> {
  let after: ExportKey | null = range?.after ?? null;
  for (;;) {
    const page = await exportPage(db, regionCode, after, PAGE, kind, range?.through);
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!;
  }
}

/** One org as the template's cells, in LEDGER_EXPORT_COLUMNS order (the optional columns last). */
export function ledgerCells(r: ExportRow): Array<string | number | null> {
  const formed = r.formation !== 'none';
  const cells: Record<LedgerColumn, string | number | null> = {
    组织名称: r.name,
    统一社会信用代码: r.creditCode,
    组织类别: KIND_WORDS[r.kind],
    细分类型: r.subtype,
    区划代码: r.regionCode,
    经营状态: STATUS_WORDS[r.status],
    职工人数: r.employees,
    '年营业收入（万元）': r.revenue,
    正式党员数: r.membersFormal,
    预备党员数: r.membersProbationary,
    未转组织关系党员数: r.membersUntransferred,
    党组织名称: formed ? r.partyOrgName : null,
    组建方式: FORMATION_WORDS[r.formation],
    党组织类型: formed && r.partyOrgType ? PARTY_ORG_TYPE_WORDS[r.partyOrgType] : null,
    群团组织: r.massOrgs.length ? r.massOrgs.join('、') : null,
    党建工作指导员手机号: r.instructorMobile,
    '出资人（负责人）': r.principalName,
    出资人是否党员: r.principalIsMember === null ? null : r.principalIsMember ? '是' : '否',
    未建党组织原因: r.noPartyOrgReason,
    登记机关级别: r.registrationLevel ? REGISTRATION_LEVEL_WORDS[r.registrationLevel] : null,
    业务主管单位: r.supervisorUnit,
    书记后备人数: formed ? r.reserveSecretaries : null,
    书记上次轮训日期: formed ? r.secretaryTrainedOn : null,
    党务工作者上次轮训日期: formed ? r.workersTrainedOn : null,
  };
  return LEDGER_EXPORT_COLUMNS.map((c) => cells[c]);
}

const LISTS: Partial<Record<LedgerColumn, readonly string[]>> = {
  组织类别: Object.values(KIND_WORDS),
  经营状态: Object.values(STATUS_WORDS),
  组建方式: Object.values(FORMATION_WORDS),
  党组织类型: Object.values(PARTY_ORG_TYPE_WORDS),
  出资人是否党员: YES_NO,
  登记机关级别: Object.values(REGISTRATION_LEVEL_WORDS),
};

const WIDTHS: Partial<Record<LedgerColumn, number>> = { 组织名称: 36, 统一社会信用代码: 22, 党组织名称: 32, 未建党组织原因: 30, 区划代码: 12, 业务主管单位: 24 };

const colLetter = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : String.fromCharCode(64 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26)));

/** What follows the ledger sheet in the same workbook (the 附表 and 变更说明). */
type MoreSheets = (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>;

/** Writes the workbook to a stream; resolves with the number of orgs written. */
export async function writeLedgerXlsx(rows: AsyncIterable<ExportRow> | Iterable<ExportRow>, out: Writable, sheetName = '台账', more?: MoreSheets): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = LEDGER_EXPORT_COLUMNS.map((c) => ({ key: c, width: WIDTHS[c] ?? Math.max(10, c.length * 2 + 2) }));
  const header = ws.addRow([...LEDGER_EXPORT_COLUMNS]);
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for await (const r of rows) {
    ws.addRow(ledgerCells(r)).commit();
    n++;
  }
  // Drop-downs down to a margin below the data (rows people add), not the whole sheet: readers
  // such as exceljs expand a validation range cell by cell.
  const last = n + 1 + EXTRA_ROWS;
  // The streaming worksheet has data validations; exceljs's types only declare them on Worksheet.
  const validations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  LEDGER_EXPORT_COLUMNS.forEach((c, i) => {
    const list = LISTS[c];
    const letter = colLetter(i);
    if (list) {
      validations.add(`${letter}2:${letter}${last}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${list.join(',')}"`],
        showErrorMessage: true,
        errorTitle: c,
        error: list.join('、'),
      });
    }
  });
  // 群团组织 holds several words (工会、共青团), so it gets a prompt instead of a list.
  const mass = colLetter(LEDGER_EXPORT_COLUMNS.indexOf('群团组织'));
  validations.add(`${mass}2:${mass}${last}`, { type: 'custom', allowBlank: true, formulae: ['TRUE'], showInputMessage: true, prompt: MASS_ORG_WORDS.join('、') } as ExcelJS.DataValidation);
  ws.commit();
  if (more) await more(wb);
  await wb.commit();
  return n;
}

export interface LedgerExport {
  count: number;
  changes: ChangeSheetResult;
}

/**
 * The export a district reports: the ledger (first sheet, imports again unchanged), then 附表1,
 * 附表2 and the 变更说明 since `since` (null: all recorded changes). One part of a split export
 * (chat/export-parts.ts) is the same workbook for the orgs of `range`, without the 变更说明 unless
 * `changes` (it is about the whole region, so it goes in one part only).
 */
export async function writeLedgerWorkbook(
  db: Db | Tx,
  regionCode: string,
  out: Writable,
  since: Date | null,
  part: { range: ExportRange; changes: boolean } = { range: { after: null, through: null }, changes: true },
): Promise<LedgerExport> {
  let changes: ChangeSheetResult = { lines: 0, omitted: 0 };
  const count = await writeLedgerXlsx(exportRows(db, regionCode, undefined, part.range), out, '台账', async (wb) => {
    for (const kind of ['enterprise', 'social_org'] as const) await writeAppendixSheet(wb, kind, exportRows(db, regionCode, kind, part.range), ledgerCells);
    if (part.changes) changes = await writeChangeSheet(wb, db, regionCode, since);
  });
  return { count, changes };
}

/**
 * A workbook's bytes when it is at most `maxBytes` long (else null), and its size either way: a
 * workbook too big to send is measured without being held (a million orgs' export is some 130 MB,
 * and held twice while joined), so the chat export never keeps more than one file's worth.
 */
export async function xlsxWithin<T>(write: (out: Writable) => Promise<T>, maxBytes: number): Promise<{ bytes: Uint8Array | null; size: number; result: T }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  let size = 0;
  out.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= maxBytes) chunks.push(c);
    else chunks.length = 0;
  });
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const result = await write(out);
  await done;
  // A Buffer is a Uint8Array: joined once, not copied again.
  return { bytes: size <= maxBytes ? Buffer.concat(chunks) : null, size, result };
}

/** A workbook as bytes (chat: it is uploaded, not saved). */
export async function xlsxBytes<T>(write: (out: Writable) => Promise<T>): Promise<{ bytes: Uint8Array; result: T }> {
  const { bytes, result } = await xlsxWithin(write, Infinity);
  return { bytes: bytes!, result };
}

/** The ledger sheet alone as bytes. */
export async function ledgerXlsxBytes(rows: AsyncIterable<ExportRow> | Iterable<ExportRow>): Promise<{ bytes: Uint8Array; count: number }> {
  const { bytes, result } = await xlsxBytes((out) => writeLedgerXlsx(rows, out));
  return { bytes, count: result };
}
