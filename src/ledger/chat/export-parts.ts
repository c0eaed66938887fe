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
 * Sizes are only known once written (compression), so the whole export is written first, and
 * measured without being kept; the number of parts follows from its size with headroom, and grows
 * by one while a part still comes out too big (each try measures the parts again: a background
 * job, and rarely more than one try). Only then is each part written for real, one at a time as
 * it is sent, so no more than one file's bytes are held (a million orgs' whole export would be
 * some 130 MB, its parts together as much again): a part is written twice, which costs time in a
 * job nobody waits on, instead of memory the bot's other users need.
 */
import type { Db, Tx } from '../../db/database.ts';
import type { ExportKey } from '../../db/ledger/ledger-export-query.ts';
import type { NoticeData } from '../../jobs/final-notice.ts';
import { PermanentJobError } from '../../jobs/job-runner.ts';
import { exportRows, writeLedgerWorkbook, xlsxWithin, type ExportRange } from '../ledger-export.ts';

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

/** A split that fits: the parts' ranges, and what the export holds (for its audit entry). */
export interface SplitPlan {
  ranges: ExportRange[];
  rows: number;
  /** 变更说明 lines (in the first part). */
  changes: number;
}

/**
 * A part measured to fit must still fit when written again, and a workbook's bytes differ a little
 * from one write to the next (zip timestamps): a part is planned within this share of the bound.
 */
const MARGIN = 0.99;

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

type PartOf = { regionCode: string; since: Date | null; range: ExportRange; first: boolean };

const writePart = (db: Db | Tx, o: PartOf, maxBytes: number) =>
  xlsxWithin((out) => writeLedgerWorkbook(db, o.regionCode, out, o.since, { range: o.range, changes: o.first }), maxBytes);

/**
 * The fewest parts, from `parts` on, each of whose workbooks (measured, not kept) fits within
 * `maxFileBytes`; ExportTooLargeError past MAX_PARTS or when a part of one org is still too big.
 */
export async function planParts(
  db: Db | Tx,
  o: { regionCode: string; since: Date | null; maxFileBytes: number; parts: number; wholeBytes: number },
): Promise<SplitPlan> {
  let parts = o.parts;
  for (;;) {
    if (parts > MAX_PARTS) throw new ExportTooLargeError(o.wholeBytes, o.maxFileBytes);
    const { ranges, per } = await partRanges(db, o.regionCode, parts);
    let rows = 0;
    let changes = 0;
    let fits = true;
    for (const [k, range] of ranges.entries()) {
      const { size, result } = await writePart(db, { regionCode: o.regionCode, since: o.since, range, first: k === 0 }, 0);
      if (size > o.maxFileBytes * MARGIN) {
        fits = false;
        break;
      }
      if (k === 0) changes = result.changes.lines;
      rows += result.count;
    }
    if (fits) return { ranges, rows, changes };
    // A part of one org that does not fit (with the 变更说明, the first part): no split helps.
    if (per <= 1) throw new ExportTooLargeError(o.wholeBytes, o.maxFileBytes);
    // One more, not in proportion to the largest: that is the first part, which also carries the
    // 变更说明 and would make every part smaller than needed. Bounded by MAX_PARTS.
    parts++;
  }
}

/** A part planned to fit grew past the bound when written again (the ledger changed meanwhile): retried, planned anew. */
export class PartGrewError extends Error {
  override name = 'PartGrewError';
}

/** Part `k` of a plan, written now, as it is sent. */
export async function buildPart(db: Db | Tx, o: { regionCode: string; since: Date | null; maxFileBytes: number }, plan: SplitPlan, k: number): Promise<Uint8Array> {
  const { bytes, size } = await writePart(db, { regionCode: o.regionCode, since: o.since, range: plan.ranges[k]!, first: k === 0 }, o.maxFileBytes);
  if (!bytes) throw new PartGrewError(`export part ${k + 1} of ${plan.ranges.length} is ${size} bytes, over ${o.maxFileBytes}`);
  return bytes;
}
