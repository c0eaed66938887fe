import { benchDatabases } from './pg.ts';
import { wrkClosed } from './load.ts';
import { startServer } from './servers.ts';
import { processCpuMicros } from './process-cpu.ts';
import { prioritizeBackends } from './priority.ts';
const configs = JSON.parse(process.argv[2]);
const rounds = Number(process.argv[3] ?? 2), secs = Number(process.argv[4] ?? 4);
const file = '/tmp/lxb/600k.tsv';
const slice = 25000 * secs;
const dbs = benchDatabases('postgres://postgres@127.0.0.1:5432/postgres');
const servers = [];
for (const c of configs) { const url = await dbs.create(); servers.push({ s: await startServer({ kind: c.kind ?? 'receiver', pgUrl: url, ...c }), url }); }
let off = 0;
for (const { s, url } of servers) { await wrkClosed({ port: s.port, path: c0(s), file, connections: 32, seconds: 1, first: 0, count: slice }); await prioritizeBackends(url); }
function c0(_s: unknown) { return '/feishu/events'; }
off += slice;
for (let r = 0; r < rounds; r++) for (let k = 0; k < servers.length; k++) {
  const { s } = servers[k]!; const b = await s.stats(); const p0 = processCpuMicros('postgres')!;
  const res = await wrkClosed({ port: s.port, path: '/feishu/events', file, connections: 32, seconds: secs, first: off % 500000, count: slice }); off += slice;
  const a = await s.stats(); const p1 = processCpuMicros('postgres')!;
  const st = a.dedupe && b.dedupe ? ((a.dedupe.deliveries - b.dedupe.deliveries) / (a.dedupe.statements - b.dedupe.statements)).toFixed(1) : '-';
  console.log(JSON.stringify(configs[k]).padEnd(60), 'rps', res.rps, 'p50', res.p50_ms, 'p99', res.p99_ms, 'node_us', Math.round((a.cpuMicros - b.cpuMicros) / res.requests), 'pg_us', Math.round((p1 - p0) / res.requests), 'batch', st);
}
for (const { s } of servers) await s.stop();
await dbs.dropAll();
