/**
 * A ledger export too big for one file of the messenger (Feishu takes 30 MB, DingTalk 20 MB),
 * split into parts that each fit.
 *
 * The split is by row ranges of the export's own order (区划代码, then name): each part is the
 * same workbook as a whole export — the 台账 sheet with its header row and drop-downs, then 附表1
 * and 附表2 for the same orgs — so each imports on its own and re-keys on its own, and since the
 * order is by region a township or street lies in one part or at most two neighbouring ones. A
 * split by township was the other choice, but townships differ a hundredfold in size and one
 * large street can be over the bound alone, so it would need row ranges anyway. The 变更说明 is
 * about the whole region (removed orgs included), so it goes in the first part only: repeated in
 * every part it would be counted once per part by whoever adds them up.
 *
 * Sizes are only known once written (compression), so the whole export is written first; the
 * number of parts follows from its size with headroom, and grows by one while a part still comes
 * out too big (each try writes the parts again: a background job, and rarely more than one try).
 */
import type { Db, Tx } from '../../db/database.ts';
import type { ExportKey } from '../../db/ledger/ledger-export-query.ts';
import type { NoticeData } from '../../jobs/final-notice.ts';
import { PermanentJobError } from '../../jobs/job-runner.ts';
import { exportRows, writeLedgerWorkbook, xlsxBytes, type ExportRange } from '../ledger-export.ts';

/** A part is aimed at this share of the bound: rows differ in length, so equal counts differ in size. */
const FILL = 0.85;
/**
 * More parts than this and the export is refused. An org takes about 130 bytes of the workbook
 * (台账 and 附表 together: the synthetic 历城区 of 2,440 orgs writes 320 KB), so a 30 MB part holds
 * some 230,000 orgs and a 20 MB one 150,000: twenty parts is millions of orgs, far past any
 * region, and more files than anyone wants in a chat.
 */
export const MAX_PARTS = 20;

/** The export cannot be sent in files the messenger takes (a PermanentJobError: retrying cannot help). */
export class ExportTooLargeError extends PermanentJobError implements NoticeData {
  readonly code = 'export_too_large';
  constructor(
    readonly bytes: number,
    readonly maxFileBytes: number,
  ) {
    super(`the ledger export (${bytes} bytes) does not fit in ${MAX_PARTS} files of ${maxFileBytes} bytes`);
    this.name = 'ExportTooLargeError';
  }

  get noticeData() {
    return { maxFileBytes: this.maxFileBytes };
  }
}

export interface ExportPart {
  bytes: Uint8Array;
  count: number;
}

export interface SplitExport {
  parts: ExportPart[];
  /** 变更说明 lines (in the first part). */
  changes: number;
}

/** How many parts a workbook of `bytes` needs at least. */
export function partsFor(bytes: number, maxFileBytes: number): number {
  return Math.max(2, Math.ceil(bytes / (maxFileBytes * FILL)));
}

/**
 * `parts` ranges of about equal row counts (`per` orgs, the last fewer), by the keys of the last
 * row of each (the database compares them, in its collation); fewer when the count does not share out.
 */
export async function partRanges(db: Db | Tx, regionCode: string, parts: number): Promise<{ ranges: ExportRange[]; per: number }> {
  let total = 0;
  for await (const _ of exportRows(db, regionCode)) total++;
  const per = Math.ceil(total / parts);
  if (per === 0) return { ranges: [{ after: null, through: null }], per };
  const ends: ExportKey[] = [];
  let i = 0;
  for await (const r of exportRows(db, regionCode)) {
    if (++i % per === 0 && i < total) ends.push({ regionCode: r.regionCode, name: r.name, id: r.id });
  }
  return { ranges: [...ends, null].map((through, k) => ({ after: k === 0 ? null : ends[k - 1]!, through })), per };
}

/**
 * The export in parts each within `maxFileBytes`, starting from `parts` and growing when one comes
 * out too big; ExportTooLargeError past MAX_PARTS or when a part of one org is still too big.
 */
export async function splitExport(
  db: Db | Tx,
  o: { regionCode: string; since: Date | null; maxFileBytes: number; parts: number; wholeBytes: number },
): Promise<SplitExport> {
  let parts = o.parts;
  for (;;) {
    if (parts > MAX_PARTS) throw new ExportTooLargeError(o.wholeBytes, o.maxFileBytes);
    const { ranges, per } = await partRanges(db, o.regionCode, parts);
    const built: ExportPart[] = [];
    let changes = 0;
    for (const [k, range] of ranges.entries()) {
      const { bytes, result } = await xlsxBytes((out) => writeLedgerWorkbook(db, o.regionCode, out, o.since, { range, changes: k === 0 }));
      if (bytes.length > o.maxFileBytes) break;
      if (k === 0) changes = result.changes.lines;
      built.push({ bytes, count: result.count });
    }
    if (built.length === ranges.length) return { parts: built, changes };
    // A part of one org that does not fit (with the 变更说明, the first part): no split helps.
    if (per <= 1) throw new ExportTooLargeError(o.wholeBytes, o.maxFileBytes);
    // One more, not in proportion to the largest: that is the first part, which also carries the
    // 变更说明 and would make every part smaller than needed. Bounded by MAX_PARTS.
    parts++;
  }
}
