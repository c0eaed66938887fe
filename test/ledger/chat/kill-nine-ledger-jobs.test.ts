/**
 * Issue 15's "done when" on the real jobs: the chat import and the chat export, each run by a
 * process (kill-ledger-worker.ts: the real job runner, handlers and Feishu messenger, with Feishu
 * stood in by msw inside that process) that is killed with SIGKILL in the middle, then restarted.
 * The end state: the org rows of a clean import of the same file, the rejected-rows file and the
 * summary each shown once in Feishu (a send repeated under one uuid is one message there), the
 * export's file shown once with every row, one 'export' audit entry. PostgreSQL only (PGlite is
 * one process's embedded database).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { prompts } from '../../../src/bot/all-prompts.ts';
import { fixedClock } from '../../../src/clock.ts';
import type { Db } from '../../../src/db/database.ts';
import { enqueueJob, jobById } from '../../../src/db/jobs/job-store.ts';
import { rowsOf } from '../../../src/db/sql.ts';
import { LEDGER_EXPORT_JOB, type ExportJobPayload } from '../../../src/ledger/chat/export-job.ts';
import { LEDGER_IMPORT_JOB, type ImportJobPayload } from '../../../src/ledger/chat/import-job.ts';
import { writeLedgerWorkbook, xlsxBytes } from '../../../src/ledger/ledger-export.ts';
import { importLedger } from '../../../src/ledger/ledger-import.ts';
import { LEDGER_COLUMNS } from '../../../src/ledger/ledger-template.ts';
import { memorySink } from '../../../src/ledger/line-sinks.ts';
import { regionInScope } from '../../../src/ledger/officer-scope.ts';
import { readTable } from '../../../src/ledger/table-reader.ts';
import { seedPerson } from '../../support/seed.ts';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { creditCode, row, type Row } from '../support/ledger-fixtures.ts';
import { FEISHU_CALLS_DDL } from './kill-ledger-feishu.ts';
import { until } from '../../support/until.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);
const worker = fileURLToPath(new URL('./kill-ledger-worker.ts', import.meta.url));
const TOWN = '370112020';
const ORGS = 4000;
/** Row indexes that must be rejected: a negative headcount, or a region outside the officer's. */
const BAD = { 15: 'negative', 1500: 'negative', 2999: 'outside', 3990: 'negative' } as Record<number, 'negative' | 'outside'>;
const LEASE_MS = 2000;

let d: TestDatabase;
/** The clean import of the same file, for comparison. */
let ref: TestDatabase;
let dir: string;
let upload: string;
let xlsx: Uint8Array;
/** The rejected-rows file of the clean import. */
let rejectedFile: string;

function ledgerRows(): Row[] {
  return Array.from({ length: ORGS }, (_, i) => {
    const base = { 组织名称: `杀进程导入公司${i}`, 统一社会信用代码: creditCode(400000 + i), 区划代码: TOWN, 职工人数: 5 + (i % 50) };
    if (BAD[i] === 'negative') return row({ ...base, 组织名称: `坏行${i}`, 职工人数: -1 });
    if (BAD[i] === 'outside') return row({ ...base, 组织名称: `外区行${i}`, 区划代码: '370102001' });
    if (i % 10 === 0) return row({ ...base, 正式党员数: 4, 党组织名称: `中共杀进程导入公司${i}支部委员会`, 组建方式: '单独组建', 党组织类型: '党支部' });
    if (i % 10 === 1) return row({ ...base, 党建工作指导员手机号: `139${String(20000000 + i).slice(-8)}` });
    return row(base);
  });
}

async function xlsxOf(rows: Row[]): Promise<Uint8Array> {
  const { bytes } = await xlsxBytes(async (out) => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const ws = wb.addWorksheet('台账');
    ws.addRow([...LEDGER_COLUMNS]).commit();
    for (const r of rows) ws.addRow(LEDGER_COLUMNS.map((c) => r[c] ?? '')).commit();
    ws.commit();
    await wb.commit();
  });
  return bytes;
}

beforeAll(async () => {
  if (!onPostgres) return;
  [d, ref] = await Promise.all([createTestDb(), createTestDb()]);
  await d.db.execute(FEISHU_CALLS_DDL);
  for (const t of [d, ref]) await seedPerson(t.db, { name: '唐王干部', openId: 'ou_town', roles: [{ role: 'officer', regionCode: TOWN }] });
  dir = mkdtempSync(join(tmpdir(), 'kill-ledger-'));
  upload = join(dir, '唐王台账.xlsx');
  xlsx = await xlsxOf(ledgerRows());
  writeFileSync(upload, xlsx);
}, 30_000);
afterAll(async () => {
  if (!onPostgres) return;
  rmSync(dir, { recursive: true, force: true });
  await Promise.all([d.drop(), ref.drop()]);
});

/** `hangOnFile`: Feishu takes the file message but the answer never comes (see kill-ledger-feishu.ts). */
function start(workerId: string, jobId: string, o: { hangOnFile?: boolean } = {}): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', worker], {
    env: {
      ...process.env, KILL_DB_URL: d.url!, KILL_WORKER: workerId, KILL_JOB: jobId, KILL_LEASE_MS: String(LEASE_MS), KILL_UPLOAD: upload,
      KILL_HANG_ON_FILE: o.hangOnFile ? '1' : '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function kill(p: { child: ChildProcess; exited: Promise<number | null> }) {
  p.child.kill('SIGKILL');
  expect(await p.exited).toBeNull();
  expect(p.child.signalCode).toBe('SIGKILL');
}

const exportAudits = (code: string) =>
  rowsOf<{ rows: number }>(d.db, sql`select (after->>'rows')::int as rows from audit_log where action = 'export' and entity = 'ledger' and entity_id = ${code} order by id`);
const claimedBy = async (id: string) => (await rowsOf<{ by: string | null }>(d.db, sql`select claimed_by as by from jobs where id = ${id}::uuid`))[0]?.by ?? null;

type Call = { id: number; worker: string; kind: string; uuid: string | null; msg_type: string | null; message_id: string | null; content: string | null; file_key: string | null };
const calls = () => rowsOf<Call>(d.db, sql`select id, worker, kind, uuid, msg_type, message_id, content, file_key from feishu_calls order by id`);

/**
 * What Feishu shows: one message per uuid (the first send under it; a repeat is dropped), with
 * the content of its last update. `since` leaves out the calls of an earlier test.
 */
function shown(all: Call[], since = 0) {
  const messages = new Map<string, { uuid: string; msgType: string; content: string; fileKey: string | null; by: string }>();
  for (const c of all.filter((x) => x.id > since)) {
    if (c.kind === 'send' && !messages.has(c.message_id!)) messages.set(c.message_id!, { uuid: c.uuid!, msgType: c.msg_type!, content: c.content!, fileKey: c.file_key, by: c.worker });
    if (c.kind === 'update') messages.get(c.message_id!)!.content = c.content!;
  }
  return [...messages.values()];
}

async function uploaded(fileKey: string): Promise<Uint8Array> {
  const r = await rowsOf<{ bytes: Buffer }>(d.db, sql`select bytes from feishu_calls where kind = 'upload' and file_key = ${fileKey}`);
  return new Uint8Array(r[0]!.bytes);
}

/** The org rows as the ledger holds them, without what differs between two databases. */
const orgRows = (db: Db) =>
  rowsOf<{ o: Record<string, unknown> }>(
    db,
    sql`select to_jsonb(o) - array['id', 'party_org_id', 'created_at', 'updated_at'] || jsonb_build_object('party_org', p.name, 'party_org_kind', p.type) as o
        from orgs o left join party_orgs p on p.id = o.party_org_id order by o.credit_code`,
  );

test.skipIf(!onPostgres)('a chat import killed with SIGKILL after some chunks, then restarted: the clean import\'s rows, one rejected-rows file, one summary', { timeout: 60_000 }, async () => {
  const payload: ImportJobPayload = { openId: 'ou_town', messageId: 'om_upload_kill', fileKey: 'file_v3_upload_kill', fileName: '唐王台账.xlsx' };
  // As upload-chat.ts queues it.
  const { id } = await enqueueJob(d.db, { kind: LEDGER_IMPORT_JOB, uniqueKey: `${LEDGER_IMPORT_JOB}:${payload.messageId}`, payload: { ...payload } }, new Date());
  const a = start('proc-a', id);
  const mid = await until(() => jobById(d.db, id), (j) => Number(j?.progress.rows ?? 0) >= 1000, 'proc-a to commit a chunk');
  await kill(a);
  const atKill = (await jobById(d.db, id))!;
  expect(mid).toMatchObject({ state: 'running', attempts: 1 });
  // Killed in the middle: some chunks in, the rest not, nothing reported yet.
  expect(Number(atKill.progress.rows)).toBeLessThan(ORGS);
  const committed = (await rowsOf<{ n: number }>(d.db, sql`select count(*)::int as n from orgs`))[0]!.n;
  expect(committed).toBeGreaterThanOrEqual(999); // the first chunk has one bad row
  expect(committed).toBeLessThan(ORGS - 4);
  expect(shown(await calls()).filter((m) => m.msgType === 'file')).toEqual([]);

  const b = start('proc-b', id);
  expect(await b.exited).toBe(0);
  expect(await jobById(d.db, id)).toMatchObject({ state: 'done', attempts: 2, progress: { rows: ORGS, rejected: 4, fileSent: true } });

  // The clean import of the same file, by the same officer, as the job runs it.
  const rejected = memorySink();
  const clean = await importLedger({
    db: ref.db, fileName: payload.fileName, rows: readTable({ bytes: xlsx }, 'xlsx'), actor: { id: null, label: null },
    clock: fixedClock('2026-11-22T02:00:00Z'), t: prompts, rejected, regionAllowed: (code) => regionInScope([TOWN], code),
  });
  expect(clean).toMatchObject({ rows: ORGS, imported: ORGS - 4, rejected: 4 });
  const [got, want] = await Promise.all([orgRows(d.db), orgRows(ref.db)]);
  expect(got).toHaveLength(ORGS - 4);
  expect(got).toEqual(want);

  const all = await calls();
  const messages = shown(all);
  // One file message, although both processes may have sent it, holding every rejected row once.
  const files = messages.filter((m) => m.msgType === 'file');
  expect(files.map((f) => f.uuid)).toEqual([`rej-${id}`]);
  const file = new TextDecoder().decode(await uploaded(JSON.parse(files[0]!.content).file_key));
  rejectedFile = new TextDecoder().decode(rejected.bytes()!);
  expect(file).toBe(rejectedFile);
  const lines = file.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  expect(lines).toHaveLength(5);
  expect(lines.slice(1).map((l) => l.split(',').find((c) => /坏行|外区行/.test(c)))).toEqual(['坏行15', '坏行1500', '外区行2999', '坏行3990']);
  // One card from the job (the progress card if it got one, else the summary's own), ending as the summary.
  const cards = messages.filter((m) => m.msgType === 'interactive');
  expect(cards).toHaveLength(1);
  expect(cards[0]!.content).toContain('台账导入完成');
  expect(cards[0]!.content).toContain('未导入 **4** 行');
});

test.skipIf(!onPostgres)('a chat export killed with SIGKILL while the file is built, then restarted: one file with every row, one audit entry', { timeout: 60_000 }, async () => {
  const before = (await calls()).at(-1)?.id ?? 0;
  const inTown = (await rowsOf<{ n: number }>(d.db, sql`select count(*)::int as n from orgs where region_code = ${TOWN}`))[0]!.n;
  expect(inTown).toBe(ORGS - 4);
  // How long a build takes here, to kill the process well inside its own.
  const t0 = Date.now();
  await xlsxBytes((out) => writeLedgerWorkbook(d.db, TOWN, out, null));
  const buildMs = Date.now() - t0;
  expect(buildMs).toBeGreaterThan(300);

  const person = (await rowsOf<{ id: string }>(d.db, sql`select id::text from people where open_id = 'ou_town'`))[0]!.id;
  const payload: ExportJobPayload = { openId: 'ou_town', personId: person, regionCode: TOWN, fileName: '唐王街道台账.xlsx', since: null };
  const { id } = await enqueueJob(d.db, { kind: LEDGER_EXPORT_JOB, uniqueKey: `${LEDGER_EXPORT_JOB}:ou_town:${TOWN}:kill`, payload: { ...payload } }, new Date());
  const a = start('proc-a', id);
  await until(() => claimedBy(id), (by) => by === 'proc-a', 'proc-a to claim the export');
  await new Promise((r) => setTimeout(r, buildMs / 3));
  await kill(a);
  // Killed while building: nothing uploaded, sent or audited yet.
  expect((await calls()).filter((c) => c.id > before && c.kind !== 'download')).toEqual([]);
  expect((await jobById(d.db, id))!.progress.fileSent).toBeUndefined();

  const b = start('proc-b', id);
  expect(await b.exited).toBe(0);
  expect(await jobById(d.db, id)).toMatchObject({ state: 'done', attempts: 2, progress: { fileSent: true, rows: inTown } });

  const files = shown(await calls(), before);
  expect(files.map((f) => [f.uuid, f.msgType, f.by])).toEqual([[`exp-${id}`, 'file', 'proc-b']]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await uploaded(JSON.parse(files[0]!.content).file_key)) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('台账')!;
  const names = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => r.getCell(1).value).filter((v) => v !== null && v !== undefined).map(String);
  const dbNames = (await rowsOf<{ name: string }>(d.db, sql`select name from orgs where region_code = ${TOWN}`)).map((r) => r.name);
  expect(names).toHaveLength(inTown);
  expect(new Set(names)).toEqual(new Set(dbNames));
  expect(await exportAudits(TOWN)).toEqual([{ rows: inTown }]);
});

/** Runs a job on proc-a until Feishu took its file message, kills it there, restarts: the calls since. */
async function killedAfterSendingTheFile(kind: string, payload: Record<string, unknown>, uuidOf: (id: string) => string) {
  const before = (await calls()).at(-1)?.id ?? 0;
  const { id } = await enqueueJob(d.db, { kind, uniqueKey: `${kind}:after-send`, payload }, new Date());
  const a = start('proc-a', id, { hangOnFile: true });
  await until(calls, (cs) => cs.some((c) => c.id > before && c.kind === 'send' && c.msg_type === 'file' && c.worker === 'proc-a'), 'proc-a to send the file');
  await kill(a);
  expect((await jobById(d.db, id))!.progress.fileSent).toBeUndefined();
  const b = start('proc-b', id);
  expect(await b.exited).toBe(0);
  expect(await jobById(d.db, id)).toMatchObject({ state: 'done', attempts: 2, progress: { fileSent: true } });
  const all = (await calls()).filter((c) => c.id > before);
  // Both sent the file message under the job's uuid; Feishu shows the first, proc-a's.
  expect(all.filter((c) => c.kind === 'send' && c.msg_type === 'file').map((c) => [c.uuid, c.worker])).toEqual([[uuidOf(id), 'proc-a'], [uuidOf(id), 'proc-b']]);
  const messages = shown(all);
  const files = messages.filter((m) => m.msgType === 'file');
  expect(files.map((f) => [f.uuid, f.by])).toEqual([[uuidOf(id), 'proc-a']]);
  return { messages, file: await uploaded(JSON.parse(files[0]!.content).file_key) };
}

test.skipIf(!onPostgres)('a chat import killed after Feishu took its rejected-rows file, then restarted: that file and the summary shown once', { timeout: 60_000 }, async () => {
  const payload: ImportJobPayload = { openId: 'ou_town', messageId: 'om_upload_again', fileKey: 'file_v3_upload_again', fileName: '唐王台账.xlsx' };
  const { messages, file } = await killedAfterSendingTheFile(LEDGER_IMPORT_JOB, { ...payload }, (id) => `rej-${id}`);
  expect(new TextDecoder().decode(file)).toBe(rejectedFile);
  const cards = messages.filter((m) => m.msgType === 'interactive');
  expect(cards).toHaveLength(1);
  expect(cards[0]!.content).toContain('台账导入完成');
  // The same file again: nothing new, nothing lost.
  expect(await orgRows(d.db)).toEqual(await orgRows(ref.db));
});

test.skipIf(!onPostgres)('a chat export killed after Feishu took its file, then restarted: that file shown once with every row, one more audit entry', { timeout: 60_000 }, async () => {
  const person = (await rowsOf<{ id: string }>(d.db, sql`select id::text from people where open_id = 'ou_town'`))[0]!.id;
  const payload: ExportJobPayload = { openId: 'ou_town', personId: person, regionCode: TOWN, fileName: '唐王街道台账.xlsx', since: null };
  const { file } = await killedAfterSendingTheFile(LEDGER_EXPORT_JOB, { ...payload }, (id) => `exp-${id}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(file) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('台账')!;
  const names = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => r.getCell(1).value).filter((v) => v !== null && v !== undefined);
  expect(names).toHaveLength(ORGS - 4);
  expect(await exportAudits(TOWN)).toEqual([{ rows: ORGS - 4 }, { rows: ORGS - 4 }]);
});
