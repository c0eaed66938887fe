/**
 * One process of kill-nine-ledger-jobs.test.ts: the real job runner with the real chat import and
 * export handlers and the real Feishu messenger, whose Open API is msw in this process
 * (kill-ledger-feishu.ts). Runs until the job is done or failed, then exits.
 */
import { systemClock } from '../../../src/clock.ts';
import { prompts } from '../../../src/bot/all-prompts.ts';
import { createPostgresDb } from '../../../src/db/postgres-db.ts';
import { jobById } from '../../../src/db/jobs/job-store.ts';
import { createJobRunner } from '../../../src/jobs/job-runner.ts';
import { LEDGER_EXPORT_JOB, ledgerExportJob } from '../../../src/ledger/chat/export-job.ts';
import { LEDGER_IMPORT_JOB, ledgerImportJob } from '../../../src/ledger/chat/import-job.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { createFeishuMessenger } from '../../../src/messenger/feishu-messenger.ts';
import { FEISHU_BASE, startFeishuStandIn } from './kill-ledger-feishu.ts';

const url = process.env.KILL_DB_URL!;
const workerId = process.env.KILL_WORKER!;
const jobId = process.env.KILL_JOB!;
const database = createPostgresDb(url, { max: 2, role: 'job' });
// Feishu's own record on a connection of its own: the job's may be inside a chunk's transaction.
const feishuDb = createPostgresDb(url, { max: 1 });
const feishu = startFeishuStandIn(feishuDb.db, workerId, process.env.KILL_UPLOAD!, { hangOnFile: process.env.KILL_HANG_ON_FILE === '1' });
const messenger = createFeishuMessenger({ appId: 'cli_kill_test', appSecret: 'kill-test-secret', domain: FEISHU_BASE });

const runner = createJobRunner({
  db: database.db,
  clock: systemClock,
  logger: silentLogger,
  workerId,
  leaseMs: Number(process.env.KILL_LEASE_MS),
  handlers: {
    [LEDGER_IMPORT_JOB]: ledgerImportJob({ messenger, t: prompts }),
    [LEDGER_EXPORT_JOB]: ledgerExportJob({ messenger, t: prompts }),
  },
});

for (;;) {
  await runner.runDue(new Date(Date.now() + 60_000));
  const job = await jobById(database.db, jobId);
  if (!job || job.state === 'done' || job.state === 'failed') break;
  await new Promise((r) => setTimeout(r, 100));
}
feishu.close();
await Promise.all([database.close(), feishuDb.close()]);
