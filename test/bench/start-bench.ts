/**
 * Issue 12 item 2: `npm start` on an empty DATA_DIR prints the console URL within 10 s of the
 * database phase starting (start-cold), and within 3 s on a restart of the same DATA_DIR
 * (start-warm). Each run is the real entry (`node --import tsx src/runtime/node.ts`, what `npm start` runs) with
 * only PATH, HOME, a temporary DATA_DIR and a free PORT; the figure is from the arrival of the
 * "database: opening" line to the console line, and /console must answer 200.
 *
 * Same-run reference: PGlite's own initdb on an empty directory in a fresh Node process (what a
 * first start costs without the prebuilt template), so a loaded machine shows in both figures.
 * Rounds are interleaved and each figure is the median.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPgliteTemplate } from '../../src/db/pglite-template.ts';
import { root } from '../support/db-template.ts';
import { freePort, startUntilConsoleLine } from '../support/start-process.ts';
import type { BenchContext } from './support/context.ts';

const GOAL_COLD_MS = 10_000;
const GOAL_WARM_MS = 3_000;
/** The phase lines src/runtime/node.ts prints, in order. */
const PHASES = ['database', 'migrations', 'regions', 'demo data', 'listening'];

interface StartRun {
  /** "database: opening" line to the console line. */
  ms: number;
  /** Spawn to the console line (tsx and the import graph included). */
  wallMs: number;
  /** When each phase line arrived, in ms after the database line. */
  phases: Record<string, number>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x);

async function startOnce(dataDir: string): Promise<StartRun> {
  const port = await freePort();
  const s = await startUntilConsoleLine(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, PORT: String(port) },
    timeoutMs: 120_000,
  });
  let run: StartRun;
  let stopCode: number | null = null;
  try {
    const res = await fetch(`http://127.0.0.1:${port}/console`);
    if (res.status !== 200) throw new Error(`/console answered ${res.status}`);
    await res.arrayBuffer();
    const msgOf = (t: string) => (t.startsWith('{') ? ((JSON.parse(t) as { msg?: string }).msg ?? '') : t);
    const db = s.lines.find((l) => msgOf(l.text).startsWith('database: opening'));
    const end = s.lines.at(-1)!;
    if (!db) throw new Error('no "database: opening" line');
    const phases: Record<string, number> = {};
    for (const l of s.lines) {
      const name = PHASES.find((p) => msgOf(l.text).startsWith(p));
      if (name && !(name in phases)) phases[name] = round(l.at - db.at);
    }
    run = { ms: end.at - db.at, wallMs: end.at - s.spawnedAt, phases };
  } finally {
    // Stopped whatever happened; a failure above is not hidden by the stop's own check below.
    stopCode = await s.stop();
  }
  if (stopCode !== 0) throw new Error(`the service did not stop cleanly: ${s.stderr()}`);
  return run;
}

/** PGlite's initdb alone, in a fresh process: the floor a first start without the template pays. */
function initdbOnce(dir: string): Promise<number> {
  const code = `import { PGlite } from '@electric-sql/pglite'; const t = performance.now(); const db = new PGlite(${JSON.stringify(dir)}); await db.waitReady; process.stdout.write(String(performance.now() - t)); await db.close();`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (c) => (c === 0 ? resolve(Number(out)) : reject(new Error(`initdb reference exited ${c}`))));
  });
}

export default async function run(ctx: BenchContext) {
  const rounds = ctx.quick ? 1 : 3;
  const template = await buildPgliteTemplate();
  ctx.log(template.built ? 'built the PGlite template (what npm ci does)' : 'PGlite template present');
  const cold: StartRun[] = [];
  const warm: StartRun[] = [];
  const initdb: number[] = [];
  const dirs: string[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'lx-bench-start-'));
      dirs.push(dataDir);
      ctx.log(`round ${i + 1}/${rounds}: cold start, warm start, initdb reference`);
      cold.push(await startOnce(dataDir));
      warm.push(await startOnce(dataDir));
      initdb.push(await initdbOnce(join(dataDir, 'initdb-reference')));
    }
  } finally {
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  }
  const reference = { reference: 'pglite-initdb', reference_ms: round(median(initdb)) };
  const load = { load_average_1m: Math.round(loadavg()[0]! * 100) / 100, rounds };
  const figure = (name: string, runs: StartRun[], goal: number) => {
    const ms = median(runs.map((r) => r.ms));
    const mid = runs.find((r) => r.ms === ms)!;
    ctx.report({ figure: name, ms: round(ms), wall_ms: round(median(runs.map((r) => r.wallMs))), goal_ms: goal, met: ms <= goal, ms_per_round: runs.map((r) => round(r.ms)), phases_ms: mid.phases, ...reference, ...load });
  };
  figure('start-cold', cold, GOAL_COLD_MS);
  figure('start-warm', warm, GOAL_WARM_MS);
}
