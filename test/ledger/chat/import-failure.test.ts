/**
 * The chat import job when it fails for good, through the real Feishu messenger against the Open
 * API stand-in (msw) and the real job runner: the person hears once, on the last attempt only, on
 * the progress card when there is one; and the row bound counts data rows on the job's own path.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { setupServer } from 'msw/node';
import { like } from 'drizzle-orm';
import { prompts } from '../../../src/bot/all-prompts.ts';
import { fixedClock } from '../../../src/clock.ts';
import { enqueueJob, jobById } from '../../../src/db/jobs/job-store.ts';
import { orgs } from '../../../src/db/schema/ledger.ts';
import { createJobRunner } from '../../../src/jobs/job-runner.ts';
import { CHAT_LIMITS, importFailedNotice, LEDGER_IMPORT_JOB, ledgerImportJob, type ImportJobDeps, type ImportJobPayload } from '../../../src/ledger/chat/import-job.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { installFeishuStandIn, shownText, standInMessenger, type FeishuStandIn } from '../../support/feishu-openapi.ts';
import { seedPerson } from '../../support/seed.ts';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { creditCode, ledgerCsv, row } from '../support/ledger-fixtures.ts';

const server = setupServer();
const clock = fixedClock('2026-11-25T02:00:00Z');
let database: TestDatabase;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  database = await createTestDb();
  await seedPerson(database.db, { name: '唐王干部', openId: 'ou_town', roles: [{ role: 'officer', regionCode: '370112020' }] });
  await seedPerson(database.db, { name: '普通群众', openId: 'ou_nobody', roles: [] });
}, 120_000);
beforeEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await database.drop();
});

function setup(extra: Partial<ImportJobDeps> = {}) {
  const fs = installFeishuStandIn(server, { maxFileBytes: 30_000_000 });
  const messenger = standInMessenger(30_000_000);
  const runner = createJobRunner({
    db: database.db,
    clock,
    logger: silentLogger,
    leaseMs: 60_000,
    random: () => 0.5,
    handlers: { [LEDGER_IMPORT_JOB]: { run: ledgerImportJob({ messenger, t: prompts, ...extra }), onFinalFailure: importFailedNotice({ messenger, t: prompts }) } },
  });
  return { fs, runner };
}

let n = 0;
/** A file sent in chat (kept by the stand-in for download) and its import queued. */
async function queue(fs: FeishuStandIn, data: Uint8Array, o: { openId?: string; maxAttempts?: number } = {}): Promise<string> {
  const p: ImportJobPayload = { openId: o.openId ?? 'ou_town', messageId: `om_in_${++n}`, fileKey: `file_in_${n}`, fileName: `唐王台账${n}.csv` };
  fs.resources.set(`${p.messageId}/${p.fileKey}`, data);
  return (await enqueueJob(database.db, { kind: LEDGER_IMPORT_JOB, uniqueKey: `imp:${p.messageId}`, payload: { ...p }, maxAttempts: o.maxAttempts }, clock.now())).id;
}
async function tick(runner: ReturnType<typeof createJobRunner>) {
  clock.advance(3 * 3600_000);
  return runner.runDue(new Date(clock.now().getTime() + 60_000));
}
const csv = (rows: number, prefix: string, above = '') =>
  new TextEncoder().encode(above + ledgerCsv(Array.from({ length: rows }, (_, i) => row({ 组织名称: `${prefix}${i}`, 统一社会信用代码: creditCode(n * 10_000 + i), 区划代码: '370112020' }))));
const count = async (prefix: string) => (await database.db.select({ id: orgs.id }).from(orgs).where(like(orgs.name, `${prefix}%`))).length;

test('a file that cannot be downloaded on any attempt: one notice, on the last attempt, saying to send it again', async () => {
  const { fs, runner } = setup();
  fs.fail.resources = 99;
  const id = await queue(fs, csv(3, '下载失败公司'), { maxAttempts: 2 });
  expect(await tick(runner)).toBe(1);
  expect(await jobById(database.db, id)).toMatchObject({ state: 'pending', attempts: 1 });
  expect(fs.shown).toHaveLength(0);
  expect(await tick(runner)).toBe(2); // the job, then its notice (a job of its own)
  expect(await jobById(database.db, id)).toMatchObject({ state: 'failed', attempts: 2 });
  expect(fs.shown.map((m) => m.uuid)).toEqual([`fail-${id}`]);
  expect(shownText(fs.shown[0])).toContain('未能导入');
  expect(shownText(fs.shown[0])).toContain('文件下载失败，请稍后重新发送。');
  expect(await tick(runner)).toBe(0);
  expect(fs.shown).toHaveLength(1);
});

test('an import that dies after its progress card showed: the notice replaces the progress card, nothing new is sent', async () => {
  // Each chunk takes 4 s of the job's clock (the progress card comes at the first), the second dies.
  const { fs, runner } = setup({
    afterChunk: (chunk) => {
      clock.advance(4000);
      if (chunk >= 2) throw new Error('the database went away');
    },
  });
  const id = await queue(fs, csv(2500, '中断导入公司'), { maxAttempts: 1 });
  expect(await tick(runner)).toBe(2); // the job, then its notice (a job of its own)
  expect(await jobById(database.db, id)).toMatchObject({ state: 'failed', attempts: 1 });
  expect(fs.shown.map((m) => m.uuid)).toEqual([`prog-${id}`]);
  const last = fs.patches.at(-1)!;
  expect(last.messageId).toBe(fs.shown[0]!.messageId);
  const text = JSON.stringify(last.content);
  expect(text).toContain('未能导入');
  expect(text).toContain(`“唐王台账${n}.csv”没有导入完成。请稍后重新发送这个文件（已导入的行不会重复）；如果仍不成功，请联系管理员。`);
  // The two chunks committed before the crash stay (sending the file again updates them).
  expect(await count('中断导入公司')).toBe(2000);
});

test('an import whose summary was shown but whose rejected-rows file never went: the summary stays, a message says so', async () => {
  const { fs, runner } = setup();
  fs.fail.files = 99;
  // Three good rows and one the import rejects, so there is a rejected-rows file to send.
  const rows = Array.from({ length: 3 }, (_, i) => row({ 组织名称: `文件未发公司${i}`, 统一社会信用代码: creditCode(980_000 + i), 区划代码: '370112020' }));
  rows.push(row({ 组织名称: '文件未发坏行', 统一社会信用代码: creditCode(980_100), 区划代码: '370112020', 职工人数: -1 }));
  const id = await queue(fs, new TextEncoder().encode(ledgerCsv(rows)), { maxAttempts: 1 });
  expect(await tick(runner)).toBe(2); // the job, then its notice (a job of its own)
  expect(await jobById(database.db, id)).toMatchObject({ state: 'failed' });
  expect(fs.shown.map((m) => m.uuid)).toEqual([`sum-${id}`, `fail-${id}`]);
  expect(shownText(fs.shown[0])).toContain('新增 **3** 个');
  expect(shownText(fs.shown[0])).toContain('未导入 **1** 行');
  expect(shownText(fs.shown[1])).toContain('已导入完成，但未导入行的文件没有发送成功');
});

test('a sender who may not import (a PermanentJobError) is told at once, not after retries', async () => {
  const { fs, runner } = setup();
  const id = await queue(fs, csv(2, '无权导入公司'), { openId: 'ou_nobody' });
  expect(await tick(runner)).toBe(2); // the job, then its notice (a job of its own)
  expect(await jobById(database.db, id)).toMatchObject({ state: 'failed', attempts: 1 });
  expect(fs.shown.map((m) => [m.to, m.uuid])).toEqual([['ou_nobody', `fail-${id}`]]);
  expect(shownText(fs.shown[0])).toContain('请联系管理员确认您的导入权限');
  expect(await count('无权导入公司')).toBe(0);
});

test('the job counts data rows against its bound: a title row, the header and exactly the bound are imported; one more is refused', async () => {
  // The job's own path (the first pass, then the import) with a smaller bound than CHAT_LIMITS'.
  const limits = { ...CHAT_LIMITS, maxRows: 5 };
  const { fs, runner } = setup({ limits });
  const title = '唐王街道非公企业和社会组织党建工作台账\r\n';
  const ok = await queue(fs, csv(5, '恰好上限公司', title));
  await tick(runner);
  expect(await jobById(database.db, ok)).toMatchObject({ state: 'done' });
  expect(await count('恰好上限公司')).toBe(5);
  expect(shownText(fs.shown.find((m) => m.uuid === `sum-${ok}`))).toContain('新增 **5** 个');
  const over = await queue(fs, csv(6, '超出上限公司', title));
  await tick(runner);
  expect(await jobById(database.db, over)).toMatchObject({ state: 'done' });
  expect(shownText(fs.shown.find((m) => m.uuid === `sum-${over}`))).toContain('文件超过5行数据（表头不计），导入已停止。');
  expect(await count('超出上限公司')).toBe(0);
});
