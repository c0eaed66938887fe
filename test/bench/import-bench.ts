/**
 * Issue 4, Performance: importing a 100,000-row ledger (goal ≤ 60 s, resident memory ≤ 600 MB).
 * The ledger is a city's (济南, every township), written as .xlsx with shared strings as Excel
 * saves it, and as .csv; 1 row in 100 is bad and 1 in 50 has an early credit code that fails the
 * check. Each import runs in a child process (the CLI's situation), so its peak RSS is its own:
 * first into an empty PostgreSQL ledger, then the same file again (every row compared, none
 * changed), then the .csv, then into embedded PGlite.
 * Scale (env, read here only): BENCH_SCALE (fraction of 100,000; BENCH_QUICK=1 means 0.05).
 */
import type { Database } from '../../src/db/database.ts';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import postgres from 'postgres';
import { systemClock } from '../../src/clock.ts';
import { creditCodeCheckChar } from '../../src/domain/credit-code.ts';
import { csvLine } from '../../src/ledger/csv.ts';
import { LEDGER_COLUMNS } from '../../src/ledger/ledger-template.ts';
import { ms, type BenchContext } from './support/context.ts';
import { inForce } from '../support/in-force.ts';

interface ChildResult {
  ms: number;
  /** Resident memory once the database is open, before the import starts. */
  rssBeforeMb: number;
  maxRssMb: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

/** Runs in the child: one import, then its time and peak RSS back to the parent. */
async function child(): Promise<void> {
  const [file, format, target] = process.argv.slice(2) as [string, 'xlsx' | 'csv', string];
  const { importLedger } = await import('../../src/ledger/ledger-import.ts');
  const { readTable } = await import('../../src/ledger/table-reader.ts');
  const { ledgerPrompts } = await import('../../src/ledger/ledger-prompts.ts');
  const { fileSink } = await import('../../src/ledger/line-sinks.ts');
  let database: Database;
  if (target === 'pglite') {
    const { createPgliteDb } = await import('../../src/db/pglite-db.ts');
    const { migrate } = await import('../../src/db/migrate.ts');
    // On disk in a folder of its own, as the CLI uses DATA_DIR (the heap is then not the database).
    database = await createPgliteDb(`${file}.pglite`);
    await migrate(database.db);
  } else {
    const { createPostgresDb } = await import('../../src/db/postgres-db.ts');
    database = createPostgresDb(target, { max: 2 });
  }
  // As on a running service where someone has asked for coverage: the rollups exist, so the
  // import pays for their triggers.
  const { ensureVariant } = await import('../../src/db/ledger/coverage-rollup-store.ts');
  const { coverageRulesFor } = await import('../../src/ledger/coverage-service.ts');
  await ensureVariant(database.db, await coverageRulesFor(database.db, await inForce(database.db, systemClock), '11'));
  const rejected = fileSink(`${file}.rejected.csv`);
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const t0 = performance.now();
  const r = await importLedger({ db: database.db, fileName: file, rows: readTable({ path: file }, format), actor: { id: null, label: 'bench' }, clock: systemClock, t: ledgerPrompts, rejected });
  await rejected.close();
  const took = performance.now() - t0;
  await database.close();
  const result: ChildResult = { ms: took, rssBeforeMb, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), imported: r.imported, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected, warnings: r.warnings };
  process.send!(result);
}

if (process.env.IMPORT_BENCH_CHILD === '1') {
  child().then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}

function runChild(file: string, format: 'xlsx' | 'csv', target: string): Promise<ChildResult> {
  const p = fork(fileURLToPath(import.meta.url), [file, format, target], { execArgv: ['--import', 'tsx'], env: { ...process.env, IMPORT_BENCH_CHILD: '1' } });
  return new Promise((resolve, reject) => {
    let result: ChildResult | undefined;
    p.on('message', (m) => (result = m as ChildResult));
    p.on('error', reject);
    p.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`import child exited with ${code}`))));
  });
}

function code(n: number): string {
  const first17 = `91370100MA${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17)!;
}

/** Row i of the synthetic city ledger, in LEDGER_COLUMNS order. */
function ledgerRow(i: number, townships: string[]): Array<string | number> {
  const t = townships[i % townships.length]!;
  const cls = Math.floor(i / townships.length) % 20;
  const formation = cls < 2 ? '单独组建' : cls <= 13 ? '联合组建' : '未建';
  const group = `${t}-${Math.floor(i / townships.length / 20)}-${Math.floor((cls - 2) / 4)}`;
  const bad = i % 100 === 99;
  return [
    `济南第${i}号科技有限公司`,
    i % 50 === 7 ? `91350211M0${String(i).padStart(6, '0')}A1` : code(i),
    i % 9 === 0 ? '社会组织' : '非公企业',
    i % 9 === 0 ? '民办学校' : '互联网',
    bad ? '370199999' : t,
    i % 25 === 0 ? '停业' : '正常',
    bad ? -1 : (i * 7) % 160,
    (i % 5000) + 0.5,
    cls < 2 ? 3 + (i % 40) : i % 3,
    i % 2,
    0,
    cls < 2 ? `中共济南第${i}号科技有限公司支部委员会` : cls <= 13 ? `济南${group}联合党支部` : '',
    formation,
    cls < 2 ? '党支部' : cls <= 13 ? '联合党支部' : '',
    i % 13 === 0 ? '工会、共青团' : '',
    cls >= 14 && cls <= 17 ? `139${String(i % 5000).padStart(8, '0')}` : '',
    `负责人${i % 1000}`,
    i % 3 === 0 ? '是' : '否',
    cls >= 18 ? '暂无党员' : '',
  ];
}

export async function writeFiles(dir: string, n: number, townships: string[]) {
  const xlsx = join(dir, 'city-ledger.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('台账');
  ws.addRow([...LEDGER_COLUMNS]).commit();
  const csvPath = join(dir, 'city-ledger.csv');
  const csv = createWriteStream(csvPath);
  csv.write(`\uFEFF${csvLine([...LEDGER_COLUMNS])}\r\n`);
  for (let i = 0; i < n; i++) {
    const r = ledgerRow(i, townships);
    ws.addRow(r).commit();
    if (!csv.write(`${csvLine(r)}\r\n`)) await once(csv, 'drain');
  }
  ws.commit();
  await wb.commit();
  csv.end();
  await once(csv, 'finish');
  return { xlsx, csv: csvPath };
}

export default async function run(ctx: BenchContext): Promise<void> {
  const scale = Number(process.env.BENCH_SCALE ?? (ctx.quick ? 0.05 : 1));
  const n = Math.round(100_000 * (Number.isFinite(scale) && scale > 0 ? scale : 1));
  const dir = mkdtempSync(join(tmpdir(), 'lx-import-bench-'));
  try {
    const url = await ctx.createDatabase();
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    const townships = (await admin`select code from regions where level = 4 and code like '3701%' order by code`).map((r) => r.code as string);
    await admin.end();
    const t0 = performance.now();
    const files = await writeFiles(dir, n, townships);
    ctx.log(`wrote ${n} rows as .xlsx and .csv in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const report = (figure: string, r: ChildResult, extra: Record<string, unknown> = {}) =>
      ctx.report({ figure, rows: n, wall_ms: ms(r.ms), rows_per_s: Math.round((n / r.ms) * 1000), max_rss_mb: r.maxRssMb, rss_before_import_mb: r.rssBeforeMb, imported: r.imported, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected, warnings: r.warnings, ...extra });
    report('import.xlsx.pg', await runChild(files.xlsx, 'xlsx', url), { goal_ms: 60_000, goal_rss_mb: 600 });
    report('import.xlsx.pg.again', await runChild(files.xlsx, 'xlsx', url), { goal_ms: 60_000, goal_rss_mb: 600 });
    const url2 = await ctx.createDatabase();
    report('import.csv.pg', await runChild(files.csv, 'csv', url2), { goal_ms: 60_000, goal_rss_mb: 600 });
    report('import.xlsx.pglite', await runChild(files.xlsx, 'xlsx', 'pglite'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
