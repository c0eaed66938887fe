/**
 * A Node load generator in its own process (started by load.ts). Two modes:
 * - 'rate': constant arrival rate (what wrk2 does): request i is due at start + i/rate and its
 *   latency is counted from that due time, so a stalled server cannot hide its queueing
 *   (no coordinated omission). Keep-alive sockets are added as needed.
 * - 'closed': N connections each sending its next request when the previous answer arrived
 *   (what wrk does); the fallback when wrk is not installed.
 * Sends each line of the requests file once, in order, cycling if the run outlasts the file.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { readRequests } from './requests-file.ts';

export interface LoadSpec {
  port: number;
  path: string;
  file: string;
  mode: 'rate' | 'closed';
  seconds: number;
  rate?: number;
  connections?: number;
  /** Send lines first … first+count-1 of the file (count 0: to the end). */
  first?: number;
  count?: number;
}
export interface LoadResult {
  sent: number;
  completed: number;
  non2xx: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
  /** rate mode: how late the client itself sent each request (its timer or CPU), in ms. */
  lagsMs: number[];
}

const spec = JSON.parse(process.env.BENCH_LOAD_SPEC!) as LoadSpec;
const lines = readRequests(spec.file, spec.first, spec.count);
const agent = new Agent({ keepAlive: true, maxSockets: spec.mode === 'closed' ? spec.connections : 256 });
let next = 0;
const result: LoadResult = { sent: 0, completed: 0, non2xx: 0, errors: 0, seconds: 0, latenciesMs: [], lagsMs: [] };

/**
 * Latency is counted from the due time when the client sends late (its own delay is part of what
 * a caller would wait), and from the actual send when a timer fired a little early.
 */
function send(dueAt: number): Promise<void> {
  const line = lines[next++ % lines.length]!;
  const start = Math.min(dueAt, performance.now());
  result.sent++;
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: spec.port, path: spec.path, method: 'POST', agent, headers: line.headers }, (res) => {
      res.resume();
      res.on('end', () => {
        result.completed++;
        if (res.statusCode! < 200 || res.statusCode! >= 300) result.non2xx++;
        result.latenciesMs.push(performance.now() - start);
        resolve();
      });
    });
    req.on('error', () => {
      result.errors++;
      resolve();
    });
    req.end(line.body);
  });
}

async function constantRate(rate: number, seconds: number) {
  const start = performance.now();
  const total = Math.round(rate * seconds);
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    result.lagsMs.push(Math.max(0, performance.now() - due));
    inFlight.push(send(due));
  }
  await Promise.all(inFlight);
}

async function closedLoop(connections: number, seconds: number) {
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) await send(performance.now());
    }),
  );
}

const t0 = performance.now();
if (spec.mode === 'rate') await constantRate(spec.rate!, spec.seconds);
else await closedLoop(spec.connections!, spec.seconds);
result.seconds = (performance.now() - t0) / 1000;
agent.destroy();
process.send!(result, () => process.exit(0));
