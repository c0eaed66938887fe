import type { Hono } from 'hono';
import type { ServiceParts } from './service-parts.ts';
import { createBot, type Bot } from '../bot/bot.ts';
import { prompts } from '../bot/all-prompts.ts';
import { features } from '../bot/features.ts';
import type { Feature } from '../bot/feature.ts';
import { createDedupe, type Dedupe } from '../db/stores/dedupe-store.ts';
import { createApp } from '../http/app.ts';
import { createJobRunner, type JobHandler, type JobRegistration, type JobRunner } from '../jobs/job-runner.ts';
import { LEAD_ERASE_JOB, leadEraseJob } from '../jobs/lead-erase-job.ts';
import { REPORT_FILE_JOB, reportFileHandler } from '../reminders/report-file-job.ts';
import { feishuInboxSource, inboxJob, type InboxSource } from '../jobs/inbox-job.ts';
import { INBOUND_JOB } from '../db/stores/dedupe-store.ts';
import { importFailedNotice, LEDGER_IMPORT_JOB, ledgerImportJob } from '../ledger/chat/import-job.ts';
import { exportFailedNotice, LEDGER_EXPORT_JOB, ledgerExportJob } from '../ledger/chat/export-job.ts';
import { LEDGER_FREEZE_JOB, ledgerFreezeJob } from '../ledger/chat/freeze-job.ts';
import { REMINDER_BULK_JOB, reminderBulkJob } from '../reminders/bulk-job.ts';
import type { DingtalkDeck } from '../messenger/dingtalk/dingtalk-deck.ts';
import { reachOf } from './messenger-factory.ts';
import { dingtalkInboxSource, dingtalkReceiver, dispatchDingtalkBody, type DingtalkReceiverDeps } from '../http/dingtalk-receiver.ts';

export interface Service {
  app: Hono;
  bot: Bot;
  dedupe: Dedupe;
  /** The durable jobs: kicked after a transaction queued one, and run on every tick. */
  jobs: JobRunner;
  /** A DingTalk body (HTTP callback or Stream frame data) → what to answer DingTalk with. */
  dingtalk?: (body: Record<string, unknown>) => Promise<Record<string, unknown>>;
}

export interface ServiceDeps extends ServiceParts {
  /** Defaults to every feature of the product; tests may pass their own. */
  features?: Feature[];
  /** DingTalk's template-free cards (createMessengers), when a DingTalk app is configured. */
  dingtalkDeck?: DingtalkDeck;
  /** Route groups only one runtime has (the console is Node-only). */
  extraRoutes?: (parts: { bot: Bot; dedupe: Dedupe }) => Array<{ path: string; app: Hono }>;
  /** Tests: replace or add job handlers (e.g. one that crashes after some chunks). */
  jobHandlers?: Record<string, JobHandler | JobRegistration>;
  jobLeaseMs?: number;
}

/** Wires bot, receiver and routes from the dependencies passed in; used by both runtimes and tests. */
export function buildService(deps: ServiceDeps): Service {
  let jobs: JobRunner | undefined;
  const bot = createBot({
    database: deps.database,
    messenger: deps.messenger,
    reach: reachOf(deps.config),
    clock: deps.clock,
    t: prompts,
    logger: deps.logger,
    defer: deps.defer,
    features: deps.features ?? features,
    onJobQueued: () => jobs?.kick(),
  });
  // The DingTalk receiver's bot: the deck (its template-free cards) reads a message before the bot.
  const dingtalkBot = deps.config.dingtalk && deps.dingtalkDeck ? deps.dingtalkDeck.wrap(bot) : undefined;
  const inboxSources: { feishu: InboxSource; dingtalk?: InboxSource } = {
    feishu: feishuInboxSource(bot, deps.messenger),
    ...(dingtalkBot ? { dingtalk: dingtalkInboxSource(dingtalkBot) } : {}),
  };
  const handlers: Record<string, JobHandler | JobRegistration> = {
    [INBOUND_JOB]: inboxJob(inboxSources),
    // The person who asked hears once when these fail for good (job-runner's onFinalFailure).
    [LEDGER_IMPORT_JOB]: { run: ledgerImportJob({ messenger: deps.messenger, t: prompts, chunkSize: deps.database.kind === 'pglite' ? 250 : 1000 }), onFinalFailure: importFailedNotice({ messenger: deps.messenger, t: prompts }) },
    [LEDGER_EXPORT_JOB]: { run: ledgerExportJob({ messenger: deps.messenger, t: prompts }), onFinalFailure: exportFailedNotice({ messenger: deps.messenger, t: prompts }) },
    [LEDGER_FREEZE_JOB]: ledgerFreezeJob({ messenger: deps.messenger, t: prompts }),
    [REMINDER_BULK_JOB]: reminderBulkJob({ messenger: deps.messenger, t: prompts }),
    [LEAD_ERASE_JOB]: leadEraseJob(),
    [REPORT_FILE_JOB]: reportFileHandler({ messenger: deps.messenger, reach: reachOf(deps.config), t: prompts }),
    ...deps.jobHandlers,
  };
  jobs = createJobRunner({ db: deps.database.db, clock: deps.clock, logger: deps.logger, defer: deps.defer, handlers, leaseMs: deps.jobLeaseMs });
  const dedupe = createDedupe(deps.database.db);
  const mount = deps.extraRoutes?.({ bot, dedupe }) ?? [];
  let dingtalk: Service['dingtalk'];
  if (deps.config.dingtalk && deps.dingtalkDeck && dingtalkBot) {
    const deck = deps.dingtalkDeck;
    const dt: DingtalkReceiverDeps = {
      dingtalk: deps.config.dingtalk,
      bot: dingtalkBot,
      dedupe,
      defer: deps.defer,
      clock: deps.clock,
      logger: deps.logger,
      // Without a card template no card calls back: an old one's callback leaves the card as it is.
      cardReply: deck.cardReply ?? (() => ({})),
      unsupported: deck.unsupported,
    };
    dingtalk = (body) => dispatchDingtalkBody(dt, body);
    if (deps.config.dingtalk.mode === 'http') mount.push({ path: '/dingtalk', app: dingtalkReceiver(dt) });
  }
  const app = createApp({ ...deps, bot, dedupe, mount });
  return { app, bot, dedupe, jobs, ...(dingtalk ? { dingtalk } : {}) };
}
