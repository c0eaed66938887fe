/**
 * `npm run -s bench [-- filter…]`: runs every test/bench/*-bench.ts module (or those whose name
 * contains a filter word), one after the other. stdout carries one JSON line per figure and
 * nothing else (-s keeps npm's own banner off it); progress goes to stderr.
 *
 * A module exports `default async function run(ctx: BenchContext)` (or a named `run`).
 * Environment (read in test/bench only):
 * - BENCH_QUICK=1: short smoke runs, figures not comparable with full ones;
 * - BENCH_DATABASE_URL (else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres):
 *   the PostgreSQL server, where each module gets databases of its own (lx_bench_*), dropped
 *   when it ends;
 * - BENCH_NICE=-10: run what is measured at a higher priority on a shared machine (support/priority.ts);
 * Options after the names (`-- faults --seconds 30 --rate 50`) go to the modules as ctx.options.
 * - BENCH_CPU_PROF=dir: V8 CPU profiles of the servers under load (support/servers.ts).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { benchDatabases } from './support/pg.ts';
import type { BenchContext } from './support/context.ts';

type RunFn = (ctx: BenchContext) => Promise<void>;

const dir = fileURLToPath(new URL('.', import.meta.url));
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const quick = ['1', 'true', 'yes'].includes(process.env.BENCH_QUICK ?? '');
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const args = process.argv.slice(2).filter((a) => a !== '--');
const options: Record<string, string> = {};
const filters: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i]!.startsWith('--')) options[args[i]!.slice(2)] = args[++i] ?? '';
  else filters.push(args[i]!);
}

function runnerOf(mod: Record<string, unknown>): RunFn | undefined {
  if (typeof mod.default === 'function') return mod.default as RunFn;
  if (typeof mod.run === 'function') return mod.run as RunFn;
  return undefined;
}

const modules = readdirSync(dir)
  .filter((f) => f.endsWith('-bench.ts'))
  .sort()
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));
if (modules.length === 0) {
  log(`no bench module matches ${filters.join(' ')}`);
  process.exit(1);
}

let failed = 0;
for (const file of modules) {
  const name = file.replace(/-bench\.ts$/, '');
  const dbs = benchDatabases(pgUrl);
  const ctx: BenchContext = {
    quick,
    pgUrl,
    report: (figure) => process.stdout.write(`${JSON.stringify({ bench: name, quick, ...figure })}\n`),
    log: (m) => log(`${name}: ${m}`),
    createDatabase: () => dbs.create(),
    options,
    fail: (reason) => {
      failed++;
      log(`${name}: CHECK FAILED ${reason}`);
    },
  };
  const started = Date.now();
  log(`${name}: start${quick ? ' (quick)' : ''}`);
  try {
    const run = runnerOf(await import(pathToFileURL(join(dir, file)).href));
    if (!run) throw new Error(`${file} exports neither a default function nor run()`);
    await run(ctx);
    log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    failed++;
    log(`${name}: FAILED ${(e as Error).stack ?? e}`);
  } finally {
    await dbs.dropAll().catch((e) => log(`${name}: could not drop its databases: ${(e as Error).message}`));
  }
}
process.exit(failed ? 1 : 0);
