/**
 * 导出台账 in chat: the rows are read inside the interaction (deferred work has no database
 * handle), then the workbook is built, uploaded and sent after the answer has gone out.
 */
import type { ActionHandler, TxContext } from '../../bot/feature.ts';
import type { Card } from '../../bot/types.ts';
import type { ExportRow } from '../../db/ledger/ledger-export-query.ts';
import { getRegion } from '../../db/regions/region-store.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { exportRows, ledgerXlsxBytes } from '../ledger-export.ts';
import { noticeCard } from './coverage-card.ts';
import { targetRegion } from './coverage-chat.ts';

/** Larger ledgers are a job for `npm run cli -- export-ledger`. */
export const MAX_CHAT_EXPORT_ROWS = 50_000;

export async function runExport(ctx: TxContext, args: Record<string, unknown>): Promise<Card> {
  const target = await targetRegion(ctx, args, 'ledger.export');
  if ('card' in target) return target.card;
  const code = target.code;
  const region = await getRegion(ctx.db, code);
  const name = region?.name ?? code;
  const rows: ExportRow[] = [];
  for await (const r of exportRows(ctx.db, code)) {
    rows.push(r);
    if (rows.length > MAX_CHAT_EXPORT_ROWS) return noticeCard(ctx.t, 'ledger.export.too_big_title', ctx.t('ledger.export.too_big', { region: name, max: MAX_CHAT_EXPORT_ROWS }));
  }
  if (rows.length === 0) return noticeCard(ctx.t, 'ledger.export.empty_title', ctx.t('ledger.export.empty', { region: name }), 'grey');
  // The file holds principals' names and instructors' mobiles.
  await ctx.audit({ action: 'export', entity: 'ledger', entityId: code, after: { rows: rows.length } });
  const fileName = ctx.t('ledger.export.file_name', { region: name, date: shanghaiDate(ctx.clock.now()) });
  const openId = ctx.person.openId;
  const { messenger } = ctx;
  ctx.after('ledger:export', async () => {
    const { bytes } = await ledgerXlsxBytes(rows);
    const { fileKey } = await messenger.uploadFile(bytes, fileName);
    await messenger.sendFile({ openId }, fileKey);
  });
  return noticeCard(ctx.t, 'ledger.export.started_title', ctx.t('ledger.export.started', { region: name, count: rows.length }), 'green');
}

export const exportAction: ActionHandler = async (ctx, v) => ({ card: await runExport(ctx, { code: v.code }) });
