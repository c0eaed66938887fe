/**
 * Issue 15: an export of 1,000,000 orgs to .xlsx — time and peak RSS (goal ≤ 600 MB, streamed).
 * The synthetic ledger of the coverage bench (every org in 山东), exported as the district
 * reports it (台账, 附表1/2, 变更说明: the rows are read twice), each run in a child process so its
 * peak RSS is its own: to a file (the CLI's `export-ledger`), and as the chat job builds it for
 * Feishu's 30 MB bound (the whole measured without being kept, then the parts planned and each
 * written as it would be uploaded, one in memory at a time). The reference in the same run: the bare read of
 * the same rows by the same cursor, written nowhere.
 * Scale (env, read here only): BENCH_SCALE (fraction of 1,000,000; BENCH_QUICK=1 means 0.05).
 */
import { fork } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { syntheticLedgerSql, townshipsSql } from './coverage-bench.ts';
import { ms, type BenchContext } from './support/context.ts';

type Mode = 'file' | 'bytes' | 'read';
interface ChildResult {
  ms: number;
  rows: number;
  bytes: number;
  maxRssMb: number;
}

const REGION = '37';

async function child(): Promise<void> {
  const [url, mode, out] = process.argv.slice(2) as [string, Mode, string];
  const { createPostgresDb } = await import('../../src/db/postgres-db.ts');
  const { exportRows, writeLedgerWorkbook, xlsxWithin } = await import('../../src/ledger/ledger-export.ts');
  const { buildPart, partsFor, planParts } = await import('../../src/ledger/chat/export-parts.ts');
  const { FEISHU_MAX_FILE_BYTES } = await import('../../src/messenger/messenger.ts');
  const database = createPostgresDb(url, { max: 2, role: 'job' });
  const t0 = performance.now();
  let rows = 0;
  let bytes = 0;
  if (mode === 'file') {
    const stream = createWriteStream(out);
    rows = (await writeLedgerWorkbook(database.db, REGION, stream, null)).count;
    bytes = statSync(out).size;
  } else if (mode === 'bytes') {
    // The chat job's path (export-job.ts), without the upload.
    const max = FEISHU_MAX_FILE_BYTES;
    const whole = await xlsxWithin((o) => writeLedgerWorkbook(database.db, REGION, o, null), max);
    if (whole.bytes) {
      rows = whole.result.count;
      bytes = whole.size;
    } else {
      const o = { regionCode: REGION, since: null, maxFileBytes: max };
      const plan = await planParts(database.db, { ...o, parts: partsFor(whole.size, max), wholeBytes: whole.size });
      for (let k = 0; k < plan.ranges.length; k++) bytes += (await buildPart(database.db, o, plan, k)).byteLength;
      rows = plan.rows;
    }
  } else {
    for (const kind of [undefined, 'enterprise', 'social_org'] as const) for await (const _ of exportRows(database.db, REGION, kind)) rows++;
  }
  const took = performance.now() - t0;
  await database.close();
  const result: ChildResult = { ms: took, rows, bytes, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.send!(result);
}

if (process.env.EXPORT_BENCH_CHILD === '1') {
  child().then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}

function runChild(url: string, mode: Mode, out: string): Promise<ChildResult> {
  const p = fork(fileURLToPath(import.meta.url), [url, mode, out], { execArgv: ['--import', 'tsx'], env: { ...process.env, EXPORT_BENCH_CHILD: '1' } });
  return new Promise((resolve, reject) => {
    let result: ChildResult | undefined;
    p.on('message', (m) => (result = m as ChildResult));
    p.on('error', reject);
    p.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`export child (${mode}) exited with ${code}`))));
  });
}

export default async function run(ctx: BenchContext): Promise<void> {
  const s = Number(process.env.BENCH_SCALE ?? (ctx.quick ? 0.05 : 1));
  const n = Math.round(1_000_000 * (Number.isFinite(s) && s > 0 ? s : 1));
  const url = await ctx.createDatabase();
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  const dir = mkdtempSync(join(tmpdir(), 'lx-export-bench-'));
  try {
    const t0 = performance.now();
    // Bulk load without per-row foreign-key triggers (this database is the bench's own).
    await raw.unsafe(`set session_replication_role = replica`);
    for (const q of townshipsSql(REGION)) await raw.unsafe(q);
    const [{ t }] = (await raw.unsafe('select count(*)::int as t from bench_tw')) as unknown as [{ t: number }];
    for (const q of syntheticLedgerSql(n, t)) await raw.unsafe(q);
    await raw.unsafe('set session_replication_role = origin');
    await raw.unsafe('vacuum analyze');
    ctx.log(`generated ${n} orgs in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const read = await runChild(url, 'read', '');
    const common = { orgs: n, reference: 'the same rows read by the same cursor, written nowhere', reference_ms: ms(read.ms), reference_rss_mb: read.maxRssMb };
    const file = await runChild(url, 'file', join(dir, 'ledger.xlsx'));
    ctx.report({ figure: 'export.xlsx.file.pg', rows: file.rows, wall_ms: ms(file.ms), max_rss_mb: file.maxRssMb, file_mb: Math.round(file.bytes / 1e5) / 10, ...common, goal_rss_mb: 600, met: file.maxRssMb <= 600 && file.rows === n });
    const bytes = await runChild(url, 'bytes', '');
    ctx.report({ figure: 'export.xlsx.chat_bytes.pg', rows: bytes.rows, wall_ms: ms(bytes.ms), max_rss_mb: bytes.maxRssMb, file_mb: Math.round(bytes.bytes / 1e5) / 10, ...common, goal_rss_mb: 600, met: bytes.maxRssMb <= 600 && bytes.rows === n });
    if (file.rows !== n || bytes.rows !== n) ctx.fail(`export wrote ${file.rows} / ${bytes.rows} rows of ${n}`);
  } finally {
    await raw.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
