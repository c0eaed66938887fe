import { fork } from 'node:child_process';
import { wrkClosed } from './load.ts';
const c = fork('/work/main/test/bench/support/_scr-srv.mts', [], { execArgv: ['--import', 'tsx'] });
const port = await new Promise<number>((r) => c.once('message', (m: any) => r(m.port)));
const cpu = () => new Promise<number>((r) => { c.once('message', (m: any) => r(m.cpu)); c.send('x'); });
const file = process.argv[2];
for (let round = 0; round < 3; round++) for (const p of ['/a', '/b', '/c', '/d']) {
  const b = await cpu(); const res = await wrkClosed({ port, path: p, file, connections: 32, seconds: 3, count: 20000 }); const a = await cpu();
  console.log(p, res.rps, ((a - b) / res.requests).toFixed(1), 'us/req');
}
c.kill();
