/**
 * 冻结基数 in chat (officers and admins, their own region or one inside it): a confirmation card
 * with the region, how many operating orgs would be frozen and an editable name; 确认冻结 queues
 * the freeze as a durable job (freeze-job.ts) in this transaction, keyed by the card's token, so
 * a double tap or a retried callback freezes one base.
 */
import type { ActionHandler, TxContext } from '../../bot/feature.ts';
import type { Card } from '../../bot/types.ts';
import { countFreezable } from '../../db/ledger/base-freeze-queries.ts';
import { getRegion } from '../../db/regions/region-store.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { noticeCard } from '../../cards/notice-card.ts';
import { targetRegion } from './coverage-chat.ts';
import { BASE_NAME_FIELD, BASE_NAME_MAX, freezeConfirmCard } from './freeze-card.ts';
import { LEDGER_FREEZE_JOB, type FreezeJobPayload } from './freeze-job.ts';

export async function runFreeze(ctx: TxContext, args: Record<string, unknown>): Promise<Card> {
  const target = await targetRegion(ctx, args, 'ledger.freeze');
  if ('card' in target) return target.card;
  const code = target.code;
  const regionName = (await getRegion(ctx.db, code))?.name ?? code;
  const orgs = await countFreezable(ctx.db, code);
  if (orgs === 0) return noticeCard(ctx.t, 'ledger.freeze.empty_title', ctx.t('ledger.freeze.empty', { region: regionName }), 'grey');
  const [year, month] = shanghaiDate(ctx.clock.now()).split('-');
  const name = ctx.t('ledger.freeze.default_name', { year: year!, month: String(Number(month)) });
  return freezeConfirmCard(ctx.t, { code, regionName, orgs, name, token: crypto.randomUUID() });
}

export const freezeActions: Record<string, ActionHandler> = {
  'ledger.freeze': async (ctx, v) => ({ card: await runFreeze(ctx, { code: v.code }) }),

  'ledger.freeze.ok': async (ctx, v, form) => {
    const target = await targetRegion(ctx, { code: v.code }, 'ledger.freeze');
    if ('card' in target) return { card: target.card };
    const name = [...String(form[BASE_NAME_FIELD] ?? '').trim()].slice(0, BASE_NAME_MAX).join('');
    if (!name) return { toast: { type: 'error', content: ctx.t('ledger.freeze.name_missing') } };
    if (typeof v.token !== 'string' || !v.token) return { toast: { type: 'error', content: ctx.t('engine.unknown_action') } };
    const regionName = (await getRegion(ctx.db, target.code))?.name ?? target.code;
    const payload: FreezeJobPayload = { openId: ctx.person.openId, personId: ctx.person.id, regionCode: target.code, regionName, name };
    await ctx.enqueueJob({ kind: LEDGER_FREEZE_JOB, uniqueKey: `${LEDGER_FREEZE_JOB}:${v.token}`, payload: { ...payload } });
    return { card: noticeCard(ctx.t, 'ledger.freeze.started_title', ctx.t('ledger.freeze.started', { region: regionName, name }), 'green') };
  },

  'ledger.freeze.cancel': async (ctx) => ({ card: noticeCard(ctx.t, 'ledger.freeze.cancelled_title', ctx.t('ledger.freeze.cancelled'), 'grey') }),
};
