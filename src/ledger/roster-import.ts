/**
 * Imports a roster file: rows checked, people matched by mobile on every configured messenger
 * (Feishu's batch_get_id through the messenger, DingTalk's getbymobile through its client), then
 * everything written in one transaction (a roster is small), the identity table included.
 * Mobiles no messenger knows are listed so the operator can follow up.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { knownRegionCodes } from '../db/ledger/ledger-import-store.ts';
import { applyRoster } from '../db/ledger/roster-store.ts';
import type { Prompts } from '../bot/prompts.ts';
import { maskMobile } from '../domain/mobile.ts';
import { shanghaiDate } from '../domain/shanghai-date.ts';
import type { Messenger } from '../messenger/messenger.ts';
import type { DingtalkClient } from '../messenger/dingtalk/dingtalk-client.ts';
import { linkIdentities, mirrorFeishuIdentities } from '../db/stores/identity-store.ts';
import { people } from '../db/schema/core.ts';
import { inArray } from 'drizzle-orm';
import { issueText, LedgerHeaderError, type LineSink } from './ledger-import.ts';
import type { RowIssue } from './ledger-row.ts';
import { reportCsvLine } from './csv.ts';
import { mapRosterHeader, validateRosterRow, type RosterEntry, type RosterHeader } from './roster-row.ts';
import type { TableRow } from './table-reader.ts';

export interface RosterImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: string[];
  rejections: string[];
  /** People whose mobile no configured messenger knows (name and masked mobile). */
  notFound: Array<{ name: string; mobile: string }>;
  /** People matched on DingTalk (when it is configured). */
  dingtalkLinked: number;
}

export async function importRoster(o: {
  db: Db;
  fileName: string;
  rows: AsyncIterable<TableRow>;
  messenger: Pick<Messenger, 'resolveByMobile'>;
  /** When DingTalk is configured: people are matched there by mobile too (a person may be on both). */
  dingtalk?: Pick<DingtalkClient, 'resolveByMobile'>;
  clock: Clock;
  t: Prompts;
  actor: { id: string | null; label: string | null };
  reason?: string | null;
  rejected?: LineSink;
}): Promise<RosterImportResult> {
  let header: RosterHeader | null = null;
  let headerCells: string[] = [];
  let seen = 0;
  const entries: RosterEntry[] = [];
  const cells = new Map<number, string[]>();
  const rejections: Array<{ rowNumber: number; issues: RowIssue[] }> = [];
  const byMobile = new Map<string, number>();
  const raw: TableRow[] = [];
  for await (const row of o.rows) {
    if (!header) {
      seen++;
      const m = mapRosterHeader(row.cells);
      if ('map' in m) {
        header = m.map;
        headerCells = row.cells;
      } else if (seen >= 5) throw new LedgerHeaderError(o.t('ledger.import.missing_columns', { columns: m.missing.join('、') }));
      continue;
    }
    raw.push(row);
  }
  if (!header) throw new LedgerHeaderError(o.t('ledger.import.no_header'));
  const h = header;
  const known = await knownRegionCodes(o.db, [...new Set(raw.map((r) => (r.cells[h['区划代码']] ?? '').replace(/\s/g, '')).filter((c) => /^\d+$/.test(c)))]);
  const ctx = { regionExists: (c: string) => known.has(c) };
  const rows = raw.length;
  for (const row of raw) {
    cells.set(row.rowNumber, row.cells);
    const v = validateRosterRow(row.rowNumber, row.cells, h, ctx);
    if (!v.ok) {
      rejections.push({ rowNumber: row.rowNumber, issues: v.issues });
      continue;
    }
    const dup = byMobile.get(v.entry.mobile);
    if (dup) {
      rejections.push({ rowNumber: row.rowNumber, issues: [{ code: 'roster_duplicate_mobile', params: { row: dup } }] });
      continue;
    }
    byMobile.set(v.entry.mobile, row.rowNumber);
    entries.push(v.entry);
  }

  const openIds = entries.length ? await o.messenger.resolveByMobile(entries.map((e) => e.mobile)) : new Map<string, string>();
  const dtUsers = entries.length && o.dingtalk ? await o.dingtalk.resolveByMobile(entries.map((e) => e.mobile)) : new Map<string, { userId: string; unionId?: string }>();
  const at = o.clock.now();
  let dingtalkLinked = 0;
  const r = await o.db.transaction(async (tx) => {
    const applied = await applyRoster(tx, entries, openIds, {
      reason: o.reason?.trim() || o.t('ledger.roster.default_reason', { file: o.fileName }),
      actorId: o.actor.id,
      actorLabel: o.actor.label,
      at,
      today: shanghaiDate(at),
    });
    // The identity table, in the same transaction: Feishu's mirrors people.open_id as applyRoster
    // left it, DingTalk's takes the userid (and unionId) found by mobile.
    const mobiles = entries.map((e) => e.mobile);
    const byMobile = new Map(mobiles.length ? (await tx.select({ id: people.id, mobile: people.mobile }).from(people).where(inArray(people.mobile, mobiles))).map((p) => [p.mobile!, p.id]) : []);
    await mirrorFeishuIdentities(tx, [...byMobile.values()], at);
    const links = entries.flatMap((e) => {
      const u = dtUsers.get(e.mobile);
      const personId = byMobile.get(e.mobile);
      return u && personId ? [{ personId, externalId: u.userId, unionId: u.unionId ?? null }] : [];
    });
    const refused = await linkIdentities(tx, 'dingtalk', links, at);
    dingtalkLinked = links.length - refused.length;
    return applied;
  });
  const allRejected = [...rejections, ...r.rejected].sort((a, b) => a.rowNumber - b.rowNumber);
  if (o.rejected && allRejected.length) {
    await o.rejected.write(reportCsvLine([o.t('ledger.report.row'), o.t('ledger.report.reason'), ...headerCells]));
    for (const x of allRejected) await o.rejected.write(reportCsvLine([x.rowNumber, issueText(o.t, x.issues), ...(cells.get(x.rowNumber) ?? [])]));
  }
  const rejectedRows = new Set(r.rejected.map((x) => x.rowNumber));
  return {
    rows,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: allRejected.length,
    rejections: allRejected.map((x) => o.t('ledger.report.line', { row: x.rowNumber, reason: issueText(o.t, x.issues) })),
    warnings: r.warnings.map((w) => o.t('ledger.report.line', { row: w.rowNumber, reason: issueText(o.t, [w.issue]) })),
    notFound: entries.filter((e) => !openIds.has(e.mobile) && !dtUsers.has(e.mobile) && !rejectedRows.has(e.rowNumber)).map((e) => ({ name: e.name, mobile: maskMobile(e.mobile) })),
    dingtalkLinked,
  };
}
