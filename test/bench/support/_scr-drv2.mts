import { fork } from 'node:child_process';
import { wrkClosed } from './load.ts';
import { benchDatabases } from './pg.ts';
import { processCpuMicros } from './process-cpu.ts';
const file = process.argv[2]; const configs: string[] = JSON.parse(process.argv[3]); const rounds = Number(process.argv[4] ?? 2);
const dbs = benchDatabases('postgres://postgres@127.0.0.1:5432/postgres');
const kids = [];
for (const c of configs) {
  const [mode, o] = c.split('|');
  const k = fork('/work/main/test/bench/support/_scr-srv2.mts', [mode!, await dbs.create(), o ?? '{}'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((r) => k.once('message', (m: any) => r(m.port)));
  kids.push({ c, k, port, cpu: () => new Promise<any>((r) => { k.once('message', (m: any) => r(m)); k.send('x'); }) });
}
let off = 0;
for (let round = 0; round < rounds; round++) for (const s of kids) {
  const b = await s.cpu(); const p0 = processCpuMicros('postgres')!;
  const res = await wrkClosed({ port: s.port, path: '/feishu/events', file, connections: 32, seconds: 3, first: off, count: 75000 }); off += 75000;
  const a = await s.cpu(); const p1 = processCpuMicros('postgres')!;
  console.log(s.c.padEnd(50), res.rps, 'p99', res.p99_ms, 'node', ((a.cpu - b.cpu) / res.requests).toFixed(1), 'batch', a.st ? ((a.st.deliveries - b.st.deliveries) / (a.st.statements - b.st.statements)).toFixed(1) : '-', 'pg', ((p1 - p0) / res.requests).toFixed(1), 'us/req', res.requests > 75000 ? 'WRAP' : '');
}
for (const s of kids) s.k.kill();
await dbs.dropAll();
