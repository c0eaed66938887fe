/**
 * 导出台账 in chat: the interaction checks the region and queues the export as a durable job
 * (export-job.ts) in its own transaction, keyed by person, region and minute, so a retried tap
 * queues it once; the file is built and sent by the job, whatever the region's size.
 */
import type { ActionHandler, TxContext } from '../../bot/feature.ts';
import type { Card } from '../../bot/types.ts';
import { previousExportAt } from '../../db/ledger/ledger-changes-query.ts';
import { exportPage } from '../../db/ledger/ledger-export-query.ts';
import { getRegion } from '../../db/regions/region-store.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { noticeCard } from '../../cards/notice-card.ts';
import { targetRegion } from './coverage-chat.ts';
import { LEDGER_EXPORT_JOB, type ExportJobPayload } from './export-job.ts';

export async function runExport(ctx: TxContext, args: Record<string, unknown>): Promise<Card> {
  const target = await targetRegion(ctx, args, 'ledger.export');
  if ('card' in target) return target.card;
  const code = target.code;
  const region = await getRegion(ctx.db, code);
  const name = region?.name ?? code;
  if ((await exportPage(ctx.db, code, null, 1)).length === 0) {
    return noticeCard(ctx.t, 'ledger.export.empty_title', ctx.t('ledger.export.empty', { region: name }), 'grey');
  }
  const now = ctx.clock.now();
  const payload: ExportJobPayload = {
    openId: ctx.person.openId,
    personId: ctx.person.id,
    regionCode: code,
    fileName: ctx.t('ledger.export.file_name', { region: name, date: shanghaiDate(now) }),
    // The previous export of this region by anyone is what was last reported up (the 10th/25th
    // or monthly report is made from an export), so the 变更说明 runs from there.
    since: (await previousExportAt(ctx.db, code, now))?.toISOString() ?? null,
  };
  const minute = now.toISOString().slice(0, 16);
  await ctx.enqueueJob({ kind: LEDGER_EXPORT_JOB, uniqueKey: `${LEDGER_EXPORT_JOB}:${ctx.person.openId}:${code}:${minute}`, payload: { ...payload } });
  return noticeCard(ctx.t, 'ledger.export.started_title', ctx.t('ledger.export.started', { region: name }), 'green');
}

export const exportAction: ActionHandler = async (ctx, v) => ({ card: await runExport(ctx, { code: v.code }) });
