/**
 * The chat ledger import as a job: a crash after some committed chunks, then a restart, ends
 * with the same rows as an uninterrupted import and exactly one rejected-rows file; no size cap.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { LEDGER_IMPORT_JOB, ledgerImportJob } from '../../../src/ledger/chat/import-job.ts';
import { prompts } from '../../../src/bot/all-prompts.ts';
import { listJobs } from '../../../src/db/jobs/job-store.ts';
import { rowsOf } from '../../../src/db/sql.ts';
import { createBotHarness, cardText, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { creditCode, ledgerCsv, row } from '../support/ledger-fixtures.ts';

let h: BotHarness;
let crashAfter: number | null = 2;
/** Milliseconds the fixed clock moves per committed chunk (a slow database, as seen by the job). */
let msPerChunk = 0;
beforeAll(async () => {
  h = await createBotHarness({
    jobLeaseMs: 60_000,
    jobHandlers: {
      // The real handler, with a process that dies after `crashAfter` committed chunks.
      [LEDGER_IMPORT_JOB]: async (ctx) =>
        ledgerImportJob({
          messenger: h.messenger,
          t: prompts,
          afterChunk: (n) => {
            if (crashAfter !== null && n >= crashAfter) throw new Error('simulated crash');
            h.clock.advance(msPerChunk);
          },
        })(ctx),
    },
  });
  await seedPerson(h.db, { name: '唐王干部', openId: 'ou_town', roles: [{ role: 'officer', regionCode: '370112020' }] });
});
afterAll(async () => {
  await h.close();
});

const ORGS = 4500;
function file(): Uint8Array {
  const rows = Array.from({ length: ORGS }, (_, i) => row({ 组织名称: `作业导入公司${i}`, 统一社会信用代码: creditCode(700000 + i), 区划代码: '370112020' }));
  // Three bad rows spread over the chunks.
  for (const at of [10, 2100, 4400]) rows[at] = row({ 组织名称: `坏行${at}`, 统一社会信用代码: creditCode(900000 + at), 区划代码: '370112020', 职工人数: -1 });
  return new TextEncoder().encode(ledgerCsv(rows));
}

const importJob = async () => (await listJobs(h.db)).find((j) => j.kind === LEDGER_IMPORT_JOB);
const orgCount = async () => (await rowsOf<{ n: number }>(h.db, sql`select count(*)::int as n from orgs where name like '作业导入公司%'`))[0]!.n;

test('a crash after two chunks, then a restart after the lease: the same rows, one summary, exactly one file', async () => {
  const cards = await h.sendFile('ou_town', '唐王大台账.csv', file());
  // The interaction only queued the job and said so.
  expect(cardText(cards[0])).toContain('正在导入');
  let job = await importJob();
  expect(job).toMatchObject({ kind: LEDGER_IMPORT_JOB, state: 'pending', attempts: 1, lastError: 'Error: simulated crash' });
  // Two chunks of 1,000 rows were committed before the crash and stay.
  expect(await orgCount()).toBeGreaterThanOrEqual(1000);
  expect(await orgCount()).toBeLessThan(ORGS - 3);
  expect(h.messenger.messages('ou_town').filter((m) => m.kind === 'file')).toHaveLength(0);

  crashAfter = null;
  h.clock.advance(60_000);
  expect(await h.service.jobs.runDue(new Date(h.clock.now().getTime() + 60_000))).toBe(1);
  job = await importJob();
  expect(job).toMatchObject({ state: 'done', attempts: 2 });
  expect(await orgCount()).toBe(ORGS - 3);
  const sent = h.messenger.messages('ou_town');
  const files = sent.filter((m) => m.kind === 'file');
  expect(files).toHaveLength(1);
  const data = new TextDecoder('utf-8', { ignoreBOM: true }).decode(h.messenger.upload(files[0]!.fileKey!)!.data);
  // Header plus the three bad rows, each once.
  expect(data.split('\r\n').filter(Boolean)).toHaveLength(4);
  expect(cardText(h.lastCard('ou_town'))).toContain('未导入 **3** 行');
  // Nothing is left to run.
  expect(await h.service.jobs.runDue(new Date(h.clock.now().getTime() + 60_000))).toBe(0);
});

test('there is no size cap of its own: a file over the old 20 MB limit is queued, not refused', async () => {
  const big = new Uint8Array(21 * 1024 * 1024).fill(0x20);
  const cards = await h.sendFile('ou_town', '超大台账.csv', big);
  expect(cardText(cards[0])).toContain('正在导入');
  expect(cardText(cards[0])).not.toContain('MB');
});

test('the progress card appears after a few seconds, is updated in place, and ends as the summary', async () => {
  msPerChunk = 1600;
  const before = h.messenger.messages('ou_town').length;
  const rows = Array.from({ length: 4500 }, (_, i) => row({ 组织名称: `进度公司${i}`, 统一社会信用代码: creditCode(600000 + i), 区划代码: '370112020' }));
  await h.sendFile('ou_town', '进度台账.csv', new TextEncoder().encode(ledgerCsv(rows)));
  const cards = h.messenger.messages('ou_town').slice(before).filter((m) => m.kind === 'card');
  // The interaction's answer, then one progress card which now shows the summary: no third card.
  expect(cards).toHaveLength(2);
  expect(cardText(cards[0]!.card)).toContain('正在导入');
  expect(cardText(cards[1]!.card)).toContain('台账导入完成');
  expect(cardText(cards[1]!.card)).toContain('新增 **4500** 个');
  const job = (await listJobs(h.db)).find((j) => j.kind === LEDGER_IMPORT_JOB && j.state === 'done' && j.progress.rows === 4500);
  expect(job?.progress.progressMessageId).toBe(cards[1]!.id);
  msPerChunk = 0;
});
