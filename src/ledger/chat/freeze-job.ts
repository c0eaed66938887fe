/**
 * 冻结基数 as a durable job (kind 'ledger-freeze'): the base and its audit entry in one
 * transaction (the same code as `cli freeze-base`), then a card to the officer. The base is
 * marked as made by this job, so a retry after the commit (a crash before the card went out)
 * finds its own base and reports it rather than calling the name a duplicate; the card's uuid
 * comes from the job id, so Feishu shows it once.
 */
import type { Prompts } from '../../bot/prompts.ts';
import { noticeCard } from '../../cards/notice-card.ts';
import { baseNamed } from '../../db/ledger/base-freeze-queries.ts';
import { DuplicateBaseError } from '../../db/ledger/coverage-base-store.ts';
import type { Tx } from '../../db/database.ts';
import type { JobHandler } from '../../jobs/job-runner.ts';
import type { Messenger } from '../../messenger/messenger.ts';
import { freezeBaseAudited } from '../freeze-base-service.ts';
import { freezeDoneCard } from './freeze-card.ts';

export const LEDGER_FREEZE_JOB = 'ledger-freeze';

export interface FreezeJobPayload {
  openId: string;
  personId: string | null;
  regionCode: string;
  regionName: string;
  name: string;
}

export function ledgerFreezeJob(deps: { messenger: Messenger; t: Prompts }): JobHandler {
  const { messenger, t } = deps;
  return async (ctx) => {
    const p = ctx.job.payload as unknown as FreezeJobPayload;
    const to = { openId: p.openId };
    const opts = { uuid: `frz-${ctx.job.id}` };
    const createdBy = `chat-job:${ctx.job.id}`;
    let orgs: number | null;
    try {
      const base = await ctx.db.transaction((tx: Tx) =>
        freezeBaseAudited(tx, { regionCode: p.regionCode, name: p.name, createdBy, actorId: p.personId, actorLabel: p.personId ? null : p.openId, at: ctx.clock.now() }),
      );
      orgs = base.orgs;
    } catch (e) {
      if (e instanceof DuplicateBaseError) {
        const existing = await baseNamed(ctx.db, p.regionCode, p.name);
        orgs = existing?.createdBy === createdBy ? existing.orgs : null;
      } else {
        // The last attempt: the officer hears that nothing was frozen instead of waiting.
        if (ctx.job.attempts >= ctx.job.maxAttempts) await messenger.sendCard(to, noticeCard(t, 'ledger.freeze.failed_title', t('ledger.freeze.failed', { region: p.regionName, name: p.name })), opts);
        throw e;
      }
    }
    const card =
      orgs === null
        ? noticeCard(t, 'ledger.freeze.duplicate_title', t('ledger.freeze.duplicate', { region: p.regionName, name: p.name }))
        : freezeDoneCard(t, { code: p.regionCode, regionName: p.regionName, name: p.name, orgs });
    await messenger.sendCard(to, card, opts);
  };
}
