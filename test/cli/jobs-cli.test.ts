import { expect, test } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createDb } from '../../src/db/create-db.ts';
import { claimJob, enqueueJob, jobById, markJobFailed } from '../../src/db/jobs/job-store.ts';
import { cliDatabase } from '../support/cli-database.ts';

const cliDb = cliDatabase('lx-jobs-cli-');
const clock = fixedClock('2026-11-22T02:00:00Z');
const cli = cliDb.cli(clock);

test('jobs list shows jobs; --failed only the failed one with its error; retry makes it pending again', async () => {
  expect((await cli('migrate')).code).toBe(0);
  const database = await createDb(parseConfig(cliDb.env()));
  let failedId = '';
  try {
    await enqueueJob(database.db, { kind: 'ledger-export', uniqueKey: 'ok-one', payload: { openId: 'ou_secret_person' } }, clock.now());
    failedId = (await enqueueJob(database.db, { kind: 'ledger-import', uniqueKey: 'bad-one', payload: {} }, clock.now())).id;
    const claimed = await claimJob(database.db, { now: clock.now(), leaseMs: 1000, workerId: 'w', kinds: ['ledger-import'] });
    expect(claimed?.id).toBe(failedId);
    await markJobFailed(database.db, failedId, 'w', 'download refused', null, clock.now());
  } finally {
    await database.close();
  }
  const all = await cli('jobs', 'list');
  expect(all.code).toBe(0);
  expect(all.out).toHaveLength(2);
  expect(all.out.join('\n')).not.toContain('ou_secret_person');
  const failed = await cli('jobs', 'list', '--failed');
  expect(failed.out).toEqual([`${failedId}  ledger-import  failed  attempts 1/5  2026-11-22T02:00:00.000Z  error: download refused`]);
  expect(await cli('jobs', 'retry', failedId)).toMatchObject({ code: 0, out: [`job ${failedId} will run again`] });
  expect((await cli('jobs', 'list', '--failed')).out).toEqual(['no failed jobs']);
  const again = await cli('jobs', 'retry', failedId);
  expect(again.code).toBe(1);
  expect(again.err).toEqual([`job ${failedId} is not a failed job`]);
  expect((await cli('jobs', 'retry', 'nonsense')).code).not.toBe(0);
  const check = await createDb(parseConfig(cliDb.env()));
  try {
    expect(await jobById(check.db, failedId)).toMatchObject({ state: 'pending', attempts: 0 });
  } finally {
    await check.close();
  }
}, 120_000);
