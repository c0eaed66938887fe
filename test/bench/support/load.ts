import { execFileSync, fork, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-client.ts';
import { prioritize } from './priority.ts';

/** What a load run measured; latencies in milliseconds. */
export interface LoadFigures {
  method: string;
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Answers that were not 2xx, plus socket errors and timeouts. */
  errors: number;
  /** Constant-rate runs: p99 of how late the load generator itself sent (part of every latency). */
  client_lag_p99_ms?: number;
}

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const round = (x: number) => Math.round(x * 100) / 100;

function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/**
 * wrk is a Debian package. Install it when missing and we may (root); otherwise the Node
 * closed-loop client stands in, which is slower than wrk and so under-states the fastest servers.
 */
export function ensureWrk(log: (m: string) => void): boolean {
  if (hasWrk()) return true;
  if (process.getuid?.() !== 0) {
    log('wrk is not installed and this is not root: using the Node load generator instead');
    return false;
  }
  log('installing wrk (apt-get install -y wrk)…');
  const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt(['install', '-y', 'wrk']).status !== 0) {
    apt(['update']);
    apt(['install', '-y', 'wrk']);
  }
  return hasWrk();
}

export function wrkVersion(): string {
  try {
    return execFileSync('wrk', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]!.trim();
  } catch (e) {
    // wrk --version exits 1 after printing its banner.
    return String((e as { stdout?: string }).stdout ?? '').split('\n')[0]!.trim();
  }
}

/** wrk, one thread (the server, PostgreSQL and wrk share two cores), replaying the file. */
export async function wrkClosed(o: {
  port: number;
  path: string;
  file: string;
  connections: number;
  seconds: number;
  /** Replay lines first … first+count-1 of the file (count 0: to the end). */
  first?: number;
  count?: number;
}): Promise<LoadFigures> {
  const script = here('./replay.lua');
  const args = ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--timeout', '5s', '-s', script, `http://127.0.0.1:${o.port}`, '--', o.path, o.file, String(o.first ?? 0), String(o.count ?? 0)];
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 2] });
    prioritize(p.pid);
    let text = '';
    p.stdout!.on('data', (d) => (text += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))));
  });
  const m = /WRK_JSON (\{.*\})/.exec(out);
  if (!m) throw new Error(`no figures in wrk output: ${out}`);
  const w = JSON.parse(m[1]!) as Record<string, number>;
  return {
    method: `wrk -t1 -c${o.connections} -d${o.seconds}s`,
    requests: w.requests!,
    rps: Math.round(w.requests! / (w.duration_us! / 1e6)),
    p50_ms: round(w.p50_us! / 1000),
    p99_ms: round(w.p99_us! / 1000),
    max_ms: round(w.max_us! / 1000),
    errors: w.status! + w.connect! + w.read! + w.write! + w.timeout!,
  };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The Node load generator (load-client.ts) in a process of its own. */
export async function nodeLoad(spec: LoadSpec): Promise<LoadFigures> {
  const child = fork(here('./load-client.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_LOAD_SPEC: JSON.stringify(spec) },
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  prioritize(child.pid);
  const r = await new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('exit', (code) => reject(new Error(`load client exited ${code}`)));
  });
  const sorted = r.latenciesMs.sort((a, b) => a - b);
  const lags = r.lagsMs.sort((a, b) => a - b);
  return {
    method:
      spec.mode === 'rate'
        ? `node constant-rate ${spec.rate}/s for ${spec.seconds}s, latency from each request's due time`
        : `node closed-loop -c${spec.connections} ${spec.seconds}s`,
    requests: r.completed,
    rps: Math.round(r.completed / r.seconds),
    p50_ms: round(percentile(sorted, 0.5)),
    p99_ms: round(percentile(sorted, 0.99)),
    max_ms: round(sorted[sorted.length - 1] ?? NaN),
    errors: r.non2xx + r.errors + (r.sent - r.completed - r.errors),
    ...(spec.mode === 'rate' ? { client_lag_p99_ms: round(percentile(lags, 0.99)) } : {}),
  };
}
