/**
 * 导出台账 in chat: the file has the ledger, 附表1/2 and a 变更说明 of the officer's region only,
 * running from the region's previous export (by anyone), fixed when the export was asked for.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { and, desc, eq, sql } from 'drizzle-orm';
import { auditLog, people } from '../../../src/db/schema/core.ts';
import { prompts } from '../../../src/bot/all-prompts.ts';
import { enqueueJob, jobById } from '../../../src/db/jobs/job-store.ts';
import { JobLostError } from '../../../src/jobs/job-runner.ts';
import { exportFailedNotice, LEDGER_EXPORT_JOB, ledgerExportJob, type ExportJobPayload } from '../../../src/ledger/chat/export-job.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { importRows } from '../../db/ledger/import-kit.ts';
import { row } from '../support/ledger-fixtures.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness();
  // After the import (import-kit's clock is 2026-11-22 02:00Z), so the first export comes after it.
  h.clock.set('2026-11-25T02:00:00Z');
  await seedPerson(h.db, { name: '唐王干部', openId: 'ou_town', roles: [{ role: 'officer', regionCode: '370112020' }] });
  await importRows(h.db, [row({ 组织名称: '本镇导出公司' }), row({ 组织名称: '邻镇导出公司', 区划代码: '370112011' })], { reason: '摸排' });
});
afterAll(async () => {
  await h.close();
});

async function exportFile(): Promise<ExcelJS.Workbook> {
  const before = h.messenger.messages('ou_town').length;
  await h.say('ou_town', '导出台账');
  const file = h.messenger.messages('ou_town').slice(before).find((m) => m.kind === 'file');
  expect(file).toBeDefined();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(h.messenger.upload(file!.fileKey!)!.data) as unknown as ArrayBuffer);
  return wb;
}

const cellsOf = (ws: ExcelJS.Worksheet, from: number) => ws.getRows(from, Math.max(0, ws.rowCount - from + 1))!.map((r) => Array.from((r.values as unknown[]).slice(1), (v) => v ?? null));

test('the first export lists all changes of the officer\'s town; the next one runs from the first', async () => {
  const first = await exportFile();
  expect(first.worksheets.map((w) => w.name)).toEqual(['台账', '附表1', '附表2', '变更说明']);
  const c1 = first.getWorksheet('变更说明')!;
  expect(c1.getRow(1).getCell(1).value).toBe('变更说明（全部记录）');
  expect(cellsOf(c1, 3).map((l) => [l[0], l[1], l[7]])).toEqual([['新增', '本镇导出公司', '摸排']]);
  const [audit] = await h.db.select({ at: auditLog.at, after: auditLog.after }).from(auditLog).where(and(eq(auditLog.entity, 'ledger'), eq(auditLog.action, 'export'))).orderBy(desc(auditLog.id)).limit(1);
  expect(audit!.after).toMatchObject({ rows: 1, since: null, changes: 1 });
  h.clock.advance(2 * 60_000);
  const second = await exportFile();
  const c2 = second.getWorksheet('变更说明')!;
  expect(c2.getRow(1).getCell(1).value).toBe('变更说明（2026-11-25 10:00 以来）');
  expect(cellsOf(c2, 3)).toEqual([['本期无变更']]);
});

test('an attempt killed after sending, before its audit: the next one only audits (no second file), a racing one records nothing more', async () => {
  h.clock.advance(2 * 60_000);
  const [person] = await h.db.select({ id: people.id }).from(people).where(eq(people.openId, 'ou_town'));
  const payload: ExportJobPayload = { openId: 'ou_town', personId: person!.id, regionCode: '370112020', fileName: '唐王街道台账.xlsx', since: null };
  const { id } = await enqueueJob(h.db, { kind: LEDGER_EXPORT_JOB, uniqueKey: 'export-twice', payload: { ...payload } }, h.clock.now());
  const exportsNow = async () => (await h.db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.entity, 'ledger'), eq(auditLog.action, 'export')))).length;
  const filesNow = () => h.messenger.messages('ou_town').filter((m) => m.kind === 'file').length;
  const before = await exportsNow();
  const filesBefore = filesNow();
  const handler = ledgerExportJob({ messenger: h.messenger, t: prompts });
  // Progress saved as the runner saves it (merged into the row); `dieAfter` kills the process
  // right after the save that carries that key.
  const attempt = async (dieAfter: string | null) => {
    const job = (await jobById(h.db, id))!;
    const progress = async (p: Record<string, unknown>) => {
      await h.db.execute(sql`update jobs set progress = progress || ${JSON.stringify(p)}::jsonb where id = ${id}::uuid`);
      Object.assign(job.progress, p);
      if (dieAfter && dieAfter in p) throw new Error('process killed');
    };
    return handler({ job, db: h.db, clock: h.clock, logger: silentLogger, progress }).catch((e: Error) => e.message);
  };
  expect(await attempt('sent')).toBe('process killed');
  expect(filesNow()).toBe(filesBefore + 1);
  expect(await exportsNow()).toBe(before);
  // The restart: the file is not built or sent again; the audit entry is written.
  const racing = (await jobById(h.db, id))!;
  expect(await attempt(null)).toBeUndefined();
  expect(filesNow()).toBe(filesBefore + 1);
  expect(await exportsNow()).toBe(before + 1);
  // A process that held the same claim meanwhile finds the export recorded: one entry.
  await handler({ job: racing, db: h.db, clock: h.clock, logger: silentLogger, progress: async () => { throw new JobLostError(`job ${id} was taken over`); } }).catch(() => {});
  expect(await exportsNow()).toBe(before + 1);
  expect(filesNow()).toBe(filesBefore + 1);
});

test('failed for good after the file went out (only its audit failed): recorded then, and no failure notice', async () => {
  const [person] = await h.db.select({ id: people.id }).from(people).where(eq(people.openId, 'ou_town'));
  const payload: ExportJobPayload = { openId: 'ou_town', personId: person!.id, regionCode: '370112020', fileName: '唐王街道台账.xlsx', since: null };
  const { id } = await enqueueJob(h.db, { kind: LEDGER_EXPORT_JOB, uniqueKey: 'export-sent-then-failed', payload: { ...payload } }, h.clock.now());
  const sent = { rows: 1, changes: 0, parts: 1 };
  await h.db.execute(sql`update jobs set progress = progress || ${JSON.stringify({ sent })}::jsonb where id = ${id}::uuid`);
  const exportsNow = async () => (await h.db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.entity, 'ledger'), eq(auditLog.action, 'export')))).length;
  const before = await exportsNow();
  const messagesBefore = h.messenger.messages('ou_town').length;
  const notice = exportFailedNotice({ messenger: h.messenger, t: prompts });
  await notice({ job: (await jobById(h.db, id))!, cause: { code: 'Error', permanent: false, data: {} }, db: h.db, clock: h.clock, logger: silentLogger });
  expect(await exportsNow()).toBe(before + 1);
  expect(h.messenger.messages('ou_town')).toHaveLength(messagesBefore);
  // A job not sent is told, once.
  const other = await enqueueJob(h.db, { kind: LEDGER_EXPORT_JOB, uniqueKey: 'export-never-sent', payload: { ...payload } }, h.clock.now());
  await notice({ job: (await jobById(h.db, other.id))!, cause: { code: 'Error', permanent: false, data: {} }, db: h.db, clock: h.clock, logger: silentLogger });
  expect(h.messenger.messages('ou_town')).toHaveLength(messagesBefore + 1);
});
