import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { planDay, planning, uncoveredWarner, computedItems } from '../../src/reminders/planner.ts';
import { loadAssignments } from '../../src/db/reminders/inputs.ts';
import { silentLogger } from '../../src/log/logger.ts';
const url = 'postgres://postgres@127.0.0.1:5432/lx_bench_1919ae973f';
const d = createPostgresDb(url, { max: 2 });
const now = new Date('2026-10-30T01:00:00Z');
const on = uncoveredWarner(silentLogger);
let peak = 0; const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
let t = performance.now();
const p = await planning(d.db, now, on);
if (process.argv[2] === 'visits') {
  const a = await loadAssignments(d.db, p.ctx.today);
  console.log('assignments', a.length, Math.round(performance.now() - t));
  t = performance.now();
  const c = await computedItems(d.db, p.ctx, undefined, on);
  console.log('computed', c.length, Math.round(performance.now() - t));
} else {
  const r = await planDay(d.db, p, on, { now, force: true });
  console.log(JSON.stringify(r), 'ms', Math.round(performance.now() - t), 'peakRss', Math.round(peak / 1e6));
}
clearInterval(timer);
await d.close();
