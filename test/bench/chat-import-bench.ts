/**
 * Issue 15: a ledger sent in chat, imported through the job queue while other people work.
 * The service (bench-server's callback kind: the real receiver, bot, job runner) holds officers
 * with open bench-note drafts; their signed card callbacks arrive at a constant rate, first with
 * nothing else running (idle), then from the moment an officer's 100,000-row .xlsx message is
 * delivered until its import job is done (during). Figures: the import's total time (message
 * delivered → job done; ≤ 60 s on PostgreSQL), the service's peak RSS (≤ 600 MB), and the
 * callbacks' p99 during the import against their idle p99 measured in the same run (≤ 2×), on
 * PostgreSQL and on PGlite. The during-figure is the worst 5-second window's p99.
 * Scale (env, read here only): BENCH_SCALE (fraction of 100,000; BENCH_QUICK=1 means 0.05).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { FIXTURE_APP, fileMessage, signedRequest } from '../fixtures/feishu/bodies.ts';
import { writeFiles } from './import-bench.ts';
import { ms, ratio, type BenchContext } from './support/context.ts';
import { draftAction, type Draft } from './support/drafts.ts';
import { nodeLoad } from './support/load.ts';
import { writeRequests } from './support/requests-file.ts';
import { startServer, type RunningServer } from './support/servers.ts';

const RATE = 20;
const WINDOW_S = 5;
const IDLE_S = 10;
/** Callbacks are sent for at most this long after the file (then the import is waited for). */
const DURING_MAX_S = 180;
const IMPORTER = { openId: 'ou_bench_importer', regionCode: '3701' };

function callbacks(file: string, drafts: Draft[], tag: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return writeRequests(file, drafts.length, (i) => signedRequest({ body: draftAction(drafts[i]!), encryptKey: FIXTURE_APP.encryptKey, timestamp, nonce: `ci${tag}${i}` }));
}

async function deliverFile(server: RunningServer, xlsx: string): Promise<void> {
  const messageId = `om_bench_file_${Date.now()}`;
  const fileKey = `file_bench_${Date.now()}`;
  await server.putResource({ messageId, fileKey, path: xlsx });
  const body = fileMessage({ openId: IMPORTER.openId, messageId, fileKey, fileName: '济南市台账.xlsx' });
  const req = await signedRequest({ body, encryptKey: FIXTURE_APP.encryptKey, timestamp: String(Math.floor(Date.now() / 1000)), nonce: messageId });
  const res = await fetch(`http://127.0.0.1:${server.port}/feishu/events`, { method: 'POST', headers: req.headers, body: req.rawBody });
  if (res.status !== 200) throw new Error(`the file message was answered ${res.status}`);
}

type Job = { state: string; attempts: number; progress: Record<string, unknown> };
const jobOf = async (server: RunningServer): Promise<Job | undefined> => ((await server.stats()).jobs as Job[])[0];

async function part(ctx: BenchContext, target: 'pg' | 'pglite', pgUrl: string | undefined, xlsx: string, rows: number, dir: string) {
  const windows = Math.ceil(DURING_MAX_S / WINDOW_S);
  const perWindow = RATE * WINDOW_S;
  const idleN = RATE * IDLE_S;
  ctx.log(`${target}: opening ${idleN + windows * perWindow} drafts…`);
  const server = await startServer({
    kind: 'callback',
    ...(pgUrl ? { pgUrl } : { pgliteDir: join(dir, `pglite-${Date.now()}`) }),
    drafts: { step: idleN + windows * perWindow, submit: 0 },
    importer: IMPORTER,
  });
  try {
    const drafts = (server.ready as unknown as { step: Draft[] }).step;
    const idleFile = join(dir, `${target}-idle.tsv`);
    await callbacks(idleFile, drafts.slice(0, idleN), `${target}i`);
    const files: string[] = [];
    for (let w = 0; w < windows; w++) {
      files.push(join(dir, `${target}-w${w}.tsv`));
      await callbacks(files[w]!, drafts.slice(idleN + w * perWindow, idleN + (w + 1) * perWindow), `${target}w${w}`);
    }
    const load = (file: string, seconds: number) => nodeLoad({ port: server.port, path: '/feishu/card', file, mode: 'rate', rate: RATE, seconds });
    const idle = await load(idleFile, IDLE_S);
    ctx.log(`${target}: idle p99 ${idle.p99_ms} ms; sending the ${rows}-row file`);
    // The service's own footprint (its people, drafts and caches) before the file arrives.
    const before = await server.stats();
    const t0 = performance.now();
    await deliverFile(server, xlsx);
    const during: Array<{ p99_ms: number; requests: number; errors: number }> = [];
    let job = await jobOf(server);
    // The message is handled off the request (the durable inbox): the job appears a moment later.
    for (let w = 0; w < windows && job?.state !== 'done' && job?.state !== 'failed'; w++) {
      during.push(await load(files[w]!, WINDOW_S));
      job = await jobOf(server);
    }
    const deadline = Date.now() + 15 * 60_000;
    while (job?.state !== 'done' && job?.state !== 'failed') {
      if (Date.now() > deadline) throw new Error(`chat import on ${target}: no job done after 15 minutes (${JSON.stringify(job ?? 'no job queued')})`);
      await new Promise((r) => setTimeout(r, 500));
      job = await jobOf(server);
    }
    const wallMs = performance.now() - t0;
    const stats = await server.stats();
    const worst = Math.max(...during.map((d) => d.p99_ms));
    const p = job.progress as { rows?: number; imported?: number; updated?: number; rejected?: number };
    ctx.report({
      figure: `chat_import.xlsx.${target}`,
      rows,
      job: job.state,
      attempts: job.attempts,
      imported: p.imported,
      rejected: p.rejected,
      wall_ms: ms(wallMs),
      max_rss_mb: stats.maxRssMb,
      max_rss_before_file_mb: before.maxRssMb,
      callbacks_per_s: RATE,
      idle_p99_ms: idle.p99_ms,
      during_p99_ms_worst_window: worst,
      during_p99_ms_by_window: during.map((d) => d.p99_ms),
      during_errors: during.reduce((a, d) => a + d.errors, 0) + idle.errors,
      ratio_during_idle: ratio(worst, idle.p99_ms),
      ...(target === 'pg' ? { goal_ms: 60_000 } : {}),
      goal_rss_mb: 600,
      goal_ratio: 2,
      met: job.state === 'done' && (target !== 'pg' || wallMs <= 60_000) && stats.maxRssMb <= 600 && worst <= 2 * idle.p99_ms,
    });
    if (job.state !== 'done') ctx.fail(`chat import on ${target} ended ${job.state}`);
  } finally {
    await server.stop();
  }
}

export default async function run(ctx: BenchContext): Promise<void> {
  const s = Number(process.env.BENCH_SCALE ?? (ctx.quick ? 0.05 : 1));
  const rows = Math.round(100_000 * (Number.isFinite(s) && s > 0 ? s : 1));
  const dir = mkdtempSync(join(tmpdir(), 'lx-chat-import-bench-'));
  try {
    const pgUrl = await ctx.createDatabase();
    const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
    const townships = (await admin`select code from regions where level = 4 and code like '3701%' order by code`).map((r) => r.code as string);
    await admin.end();
    const { xlsx } = await writeFiles(dir, rows, townships);
    await part(ctx, 'pg', pgUrl, xlsx, rows, dir);
    await part(ctx, 'pglite', undefined, xlsx, rows, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
