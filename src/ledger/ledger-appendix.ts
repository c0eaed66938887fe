/**
 * 附表1 (非公企业) and 附表2 (社会组织): the region's orgs of one kind in the layout of the
 * documents (a title row, then 序号 and the columns of APPENDIX_COLUMNS), so a district re-keys
 * them into 灯塔 / the national system once. Cells are the main sheet's cells (ledgerCells), read
 * again page by page for the kind: the streaming writer finishes one sheet before the next.
 */
import type ExcelJS from 'exceljs';
import type { ExportRow } from '../db/ledger/ledger-export-query.ts';
import type { OrgKind } from '../db/schema/ledger.ts';
import { APPENDIX_COLUMNS, APPENDIX_HEADINGS, APPENDIX_SHEETS, LEDGER_EXPORT_COLUMNS } from './ledger-template.ts';

const WIDE: Record<string, number> = { 组织名称: 36, 统一社会信用代码: 22, 党组织名称: 32, 未建党组织原因: 30, 业务主管单位: 24 };

/** Writes one 附表; resolves with the number of orgs in it. */
export async function writeAppendixSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  kind: OrgKind,
  rows: AsyncIterable<ExportRow>,
  cellsOf: (r: ExportRow) => Array<string | number | null>,
): Promise<number> {
  const { sheet, title } = APPENDIX_SHEETS[kind];
  const columns = APPENDIX_COLUMNS[kind];
  const at = columns.map((c) => LEDGER_EXPORT_COLUMNS.indexOf(c));
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = [{ width: 6 }, ...columns.map((c) => ({ width: WIDE[c] ?? Math.max(10, c.length * 2 + 2) }))];
  const titleRow = ws.addRow([`${sheet} ${title}`]);
  titleRow.font = { bold: true, size: 14 };
  // Merged before the commit: a committed row can no longer be touched.
  ws.mergeCells(1, 1, 1, columns.length + 1);
  titleRow.commit();
  const header = ws.addRow(['序号', ...columns.map((c) => APPENDIX_HEADINGS[kind][c] ?? c)]);
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for await (const r of rows) {
    const cells = cellsOf(r);
    ws.addRow([++n, ...at.map((i) => cells[i] ?? null)]).commit();
  }
  ws.commit();
  return n;
}
