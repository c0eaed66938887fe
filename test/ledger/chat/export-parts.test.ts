/**
 * 导出台账 over the messenger's upload bound, through the real Feishu messenger against the Open
 * API stand-in (msw) and the real job runner: the export goes in parts that each fit, each a
 * ledger with its header, announced by one message; a retry shows each part once; an export that
 * cannot fit fails at once with a message saying so, and any export that fails for good is told once.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { setupServer } from 'msw/node';
import ExcelJS from 'exceljs';
import { and, desc, eq } from 'drizzle-orm';
import { prompts } from '../../../src/bot/all-prompts.ts';
import { fixedClock } from '../../../src/clock.ts';
import { claimJob, enqueueJob, jobById } from '../../../src/db/jobs/job-store.ts';
import { auditLog } from '../../../src/db/schema/core.ts';
import { createJobRunner } from '../../../src/jobs/job-runner.ts';
import { exportFailedNotice, LEDGER_EXPORT_JOB, ledgerExportJob, type ExportJobPayload } from '../../../src/ledger/chat/export-job.ts';
import { writeLedgerWorkbook, xlsxBytes, xlsxWithin } from '../../../src/ledger/ledger-export.ts';
import { LEDGER_EXPORT_COLUMNS } from '../../../src/ledger/ledger-template.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { HttpResponse } from 'msw';
import { createDingtalkClient } from '../../../src/messenger/dingtalk/dingtalk-client.ts';
import { createDingtalkMessenger } from '../../../src/messenger/dingtalk/dingtalk-messenger.ts';
import { DT_BASE, installDingtalkStandIn } from '../../support/dingtalk-openapi.ts';
import { installFeishuStandIn, shownText, standInMessenger, type FeishuStandIn } from '../../support/feishu-openapi.ts';
import { seedPerson } from '../../support/seed.ts';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { importRows } from '../../db/ledger/import-kit.ts';
import { creditCode, LICHENG, LICHENG_TOWNSHIPS, row } from '../support/ledger-fixtures.ts';

const server = setupServer();
const clock = fixedClock('2026-11-25T02:00:00Z');
const ORGS = 900;
let database: TestDatabase;
/** The whole export's size, measured once: the bounds below are set from it. */
let whole = 0;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  database = await createTestDb();
  await seedPerson(database.db, { name: '历城干部', openId: 'ou_district', roles: [{ role: 'officer', regionCode: LICHENG }] });
  const rows = Array.from({ length: ORGS }, (_, i) =>
    row({ 组织名称: `分卷导出公司${String(i).padStart(4, '0')}`, 统一社会信用代码: creditCode(800000 + i), 区划代码: LICHENG_TOWNSHIPS[i % LICHENG_TOWNSHIPS.length]! }),
  );
  await importRows(database.db, rows, { reason: '摸排' });
  whole = (await xlsxBytes((out) => writeLedgerWorkbook(database.db, LICHENG, out, new Date(SINCE)))).bytes.length;
}, 120_000);
beforeEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await database.drop();
});

function setup(maxFileBytes: number) {
  // The stand-in refuses what is over the bound, as Feishu refuses what is over 30 MB.
  const fs = installFeishuStandIn(server, { maxFileBytes });
  const messenger = standInMessenger(maxFileBytes);
  const runner = createJobRunner({
    db: database.db,
    clock,
    logger: silentLogger,
    leaseMs: 60_000,
    random: () => 0.5,
    handlers: { [LEDGER_EXPORT_JOB]: { run: ledgerExportJob({ messenger, t: prompts }), onFinalFailure: exportFailedNotice({ messenger, t: prompts }) } },
  });
  return { fs, runner };
}

/** The 变更说明 from after the import (import-kit's clock): it says 本期无变更, so the parts are about the same size. */
const SINCE = '2026-11-24T00:00:00.000Z';
const payload: ExportJobPayload = { openId: 'ou_district', personId: null, regionCode: LICHENG, fileName: '历城区台账-2026-11-25.xlsx', since: SINCE };
async function queue(maxAttempts = 5): Promise<string> {
  return (await enqueueJob(database.db, { kind: LEDGER_EXPORT_JOB, uniqueKey: `exp:${crypto.randomUUID()}`, payload: { ...payload }, maxAttempts }, clock.now())).id;
}
/** A tick after any retry delay. */
async function tick(runner: ReturnType<typeof createJobRunner>) {
  clock.advance(3 * 3600_000);
  return runner.runDue(new Date(clock.now().getTime() + 60_000));
}

async function sheets(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}
const values = (r: ExcelJS.Row) => (r.values as unknown[]).slice(1);

test('an export over the bound goes in parts within it, each a ledger with its header, announced once; together they are the whole ledger', async () => {
  const max = Math.ceil(whole / 2.5);
  const { fs, runner } = setup(max);
  const id = await queue();
  expect(await tick(runner)).toBe(1);
  expect((await jobById(database.db, id))!.state).toBe('done');
  const n = fs.uploads.length;
  expect(n).toBeGreaterThanOrEqual(3);
  expect(n).toBeLessThanOrEqual(4);
  // The message saying how many comes first, then each part once, under uuids from the job id.
  expect(fs.shown.map((m) => m.msgType)).toEqual(['interactive', ...Array(n).fill('file')]);
  expect(shownText(fs.shown[0])).toContain(`分成**${n}**个文件`);
  expect(fs.shown.map((m) => m.uuid)).toEqual([`exp-${id}-${n}p`, ...Array.from({ length: n }, (_, i) => `exp-${id}-${i + 1}of${n}`)]);
  expect(fs.shown.slice(1).map((m) => m.content.file_key)).toEqual(fs.uploads.map((u) => u.fileKey));
  expect(fs.uploads.map((u) => u.fileName)).toEqual(Array.from({ length: n }, (_, i) => `历城区台账-2026-11-25（${i + 1}／${n}）.xlsx`));
  const names: string[] = [];
  for (const [i, u] of fs.uploads.entries()) {
    expect(u.bytes.length).toBeLessThanOrEqual(max);
    const wb = await sheets(u.bytes);
    // Every part is a whole workbook: the ledger with its header, the 附表 of its own orgs; the
    // 变更说明 (about the whole region) in the first part only.
    expect(wb.worksheets.map((w) => w.name)).toEqual(i === 0 ? ['台账', '附表1', '附表2', '变更说明'] : ['台账', '附表1', '附表2']);
    const ledger = wb.getWorksheet('台账')!;
    expect(values(ledger.getRow(1))).toEqual([...LEDGER_EXPORT_COLUMNS]);
    const own = ledger.getRows(2, ledger.actualRowCount - 1)!.map((r) => String(values(r)[0]));
    const appendix = wb.getWorksheet('附表1')!;
    expect(appendix.getRows(3, appendix.actualRowCount - 2)!.map((r) => String(values(r)[1]))).toEqual(own);
    names.push(...own);
  }
  // No org twice, none left out, in the export's order (region, then name).
  expect(names).toHaveLength(ORGS);
  expect(new Set(names).size).toBe(ORGS);
  const order = (await sheets((await xlsxBytes((out) => writeLedgerWorkbook(database.db, LICHENG, out, null))).bytes)).getWorksheet('台账')!;
  expect(names).toEqual(order.getRows(2, ORGS)!.map((r) => String(values(r)[0])));
  const [audit] = await database.db.select({ after: auditLog.after }).from(auditLog).where(and(eq(auditLog.entity, 'ledger'), eq(auditLog.action, 'export'))).orderBy(desc(auditLog.id)).limit(1);
  expect(audit!.after).toMatchObject({ rows: ORGS, parts: n, changes: 0, since: SINCE });
});

test('a send that fails halfway is retried without showing any part twice', async () => {
  const { fs, runner } = setup(Math.ceil(whole / 2.5));
  // The notice and the first part go out; the second part's message (the third create) fails.
  fs.failCreates.add(3);
  const id = await queue();
  expect(await tick(runner)).toBe(1);
  const failed = (await jobById(database.db, id))!;
  expect(failed).toMatchObject({ state: 'pending', attempts: 1 });
  expect(failed.progress).toMatchObject({ partsNotice: true, partsSent: 1 });
  expect(await tick(runner)).toBe(1);
  expect((await jobById(database.db, id))!.state).toBe('done');
  const n = fs.uploads.length - 1;
  // The second attempt uploaded parts 2..n again (the failed one included) and not part 1.
  expect(fs.shown.map((m) => m.uuid)).toEqual([`exp-${id}-${n}p`, ...Array.from({ length: n }, (_, i) => `exp-${id}-${i + 1}of${n}`)]);
  expect(fs.uploads.filter((u) => u.fileName.includes(`（1／${n}）`))).toHaveLength(1);
  expect(fs.uploads.filter((u) => u.fileName.includes(`（2／${n}）`))).toHaveLength(2);
});

test('a workbook over the bound is measured without being kept; one within it is kept whole', async () => {
  const write = (out: import('node:stream').Writable) => writeLedgerWorkbook(database.db, LICHENG, out, new Date(SINCE));
  const over = await xlsxWithin(write, 4000);
  expect(over.bytes).toBeNull();
  expect(over.size).toBeGreaterThan(whole * 0.9);
  expect(over.result.count).toBe(ORGS);
  const within = await xlsxWithin(write, 2 * whole);
  expect(within.bytes!.length).toBe(within.size);
  expect((await sheets(within.bytes!)).getWorksheet('台账')!.rowCount).toBe(ORGS + 1);
});

test('an export that fits is one file under the job id, as before', async () => {
  // Twice the size measured: a workbook's bytes differ a little from one write to the next.
  const { fs, runner } = setup(2 * whole);
  const id = await queue();
  await tick(runner);
  expect(fs.uploads.map((u) => u.fileName)).toEqual(['历城区台账-2026-11-25.xlsx']);
  expect(fs.shown.map((m) => [m.msgType, m.uuid])).toEqual([['file', `exp-${id}`]]);
});

test('an export that cannot fit is a permanent failure: not retried, and the person is told once why', async () => {
  // Smaller than a workbook of one org: no split helps.
  const { fs, runner } = setup(4000);
  const id = await queue();
  expect(await tick(runner)).toBe(2); // the job, then its notice (a job of its own)
  expect(await jobById(database.db, id)).toMatchObject({ state: 'failed', attempts: 1 });
  expect(fs.uploads).toHaveLength(0);
  expect(fs.shown).toHaveLength(1);
  expect(fs.shown[0]!.uuid).toBe(`exp-fail-${id}`);
  expect(shownText(fs.shown[0])).toContain('未能导出台账');
  expect(shownText(fs.shown[0])).toContain('台账太大');
  expect(await tick(runner)).toBe(0);
  expect(fs.shown).toHaveLength(1);
});

test('an export whose every attempt fails is told once, on the last attempt only', async () => {
  const { fs, runner } = setup(2 * whole);
  fs.fail.files = 99;
  const id = await queue(2);
  expect(await tick(runner)).toBe(1);
  expect(fs.shown).toHaveLength(0);
  expect(await tick(runner)).toBe(2); // the job, then its notice (a job of its own)
  expect(await jobById(database.db, id)).toMatchObject({ state: 'failed', attempts: 2 });
  expect(fs.shown.map((m) => m.uuid)).toEqual([`exp-fail-${id}`]);
  expect(shownText(fs.shown[0])).toContain('台账没有导出成功。请稍后再试一次；如果仍不成功，请联系管理员。');
  expect(await tick(runner)).toBe(0);
  expect(fs.shown).toHaveLength(1);
});

test('an export whose process died on its last attempt is told once, when its lease runs out', async () => {
  const { fs, runner } = setup(2 * whole);
  const id = await queue(1);
  // Another process claims it (its one attempt) and dies without a word.
  expect((await claimJob(database.db, { now: clock.now(), leaseMs: 60_000, workerId: 'dead', kinds: [LEDGER_EXPORT_JOB] }))!.id).toBe(id);
  expect(await tick(runner)).toBe(1); // its notice (a job of its own)
  expect(await jobById(database.db, id)).toMatchObject({ state: 'failed', attempts: 1 });
  expect(fs.shown.map((m) => m.uuid)).toEqual([`exp-fail-${id}`]);
  expect(shownText(fs.shown[0])).toContain('台账没有导出成功');
});

test('over DingTalk too: parts within its bound as file messages, each sent once after a retry though DingTalk keeps no uuid', async () => {
  const max = Math.ceil(whole / 2.5);
  const dt = installDingtalkStandIn(server);
  const cards: string[] = [];
  const messenger = createDingtalkMessenger({
    client: createDingtalkClient({ clientId: 'dingapp', clientSecret: 'secret', robotCode: 'dingrobot', api: DT_BASE, sleep: async () => {} }),
    cards: { send: async (_to, _card, o) => (cards.push(o?.uuid ?? ''), { messageId: `track-${cards.length}` }), update: async () => {}, editsInPlace: () => false },
    maxFileBytes: max,
  });
  const runner = createJobRunner({
    db: database.db,
    clock,
    logger: silentLogger,
    random: () => 0.5,
    handlers: { [LEDGER_EXPORT_JOB]: { run: ledgerExportJob({ messenger, t: prompts }), onFinalFailure: exportFailedNotice({ messenger, t: prompts }) } },
  });
  // The first part's file message goes out, the second's is refused once.
  dt.next('/v1.0/robot/oToMessages/batchSend', () => HttpResponse.json({ processQueryKey: 'pqk-ok', invalidStaffIdList: [], flowControlledStaffIdList: [] }));
  dt.next('/v1.0/robot/oToMessages/batchSend', () => HttpResponse.json({ code: 'InvalidParameter', message: '参数错误' }, { status: 400 }));
  const { id } = await enqueueJob(database.db, { kind: LEDGER_EXPORT_JOB, uniqueKey: `exp:${crypto.randomUUID()}`, payload: { ...payload, openId: 'dt:u-district' } }, clock.now());
  expect(await tick(runner)).toBe(1);
  expect(await jobById(database.db, id)).toMatchObject({ state: 'pending', progress: { partsSent: 1 } });
  expect(await tick(runner)).toBe(1);
  expect(await jobById(database.db, id)).toMatchObject({ state: 'done' });
  const uploads = dt.to('/media/upload').map((c) => (c.body as FormData).get('media') as File);
  for (const f of uploads) expect(f.size).toBeLessThanOrEqual(max);
  const sends = dt.to('/v1.0/robot/oToMessages/batchSend').map((c) => JSON.parse(c.body.msgParam as string) as { fileName: string });
  const n = Number(/／(\d+)）/.exec(sends[0]!.fileName)![1]);
  expect(n).toBeGreaterThanOrEqual(3);
  // Part 2 was tried twice (once refused), every other part once: none reaches the person twice.
  const parts = Array.from({ length: n }, (_, i) => `历城区台账-2026-11-25（${i + 1}／${n}）.xlsx`);
  expect(sends.map((x) => x.fileName)).toEqual([parts[0], parts[1], ...parts.slice(1)]);
  expect(cards).toEqual([`exp-${id}-${n}p`]);
});
