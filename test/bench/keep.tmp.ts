import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { generate } from '../../test/bench/reminders-bench.ts';
import { planDay, planning, uncoveredWarner } from '../../src/reminders/planner.ts';
import { silentLogger } from '../../src/log/logger.ts';
const name = 'lx_rb_keep';
const admin = postgres('postgres://postgres@127.0.0.1:5432/postgres', { max: 1, onnotice: () => {} });
const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
if (!exists) await admin.unsafe(`create database ${name}`);
await admin.end();
const d = createPostgresDb(`postgres://postgres@127.0.0.1:5432/${name}`, { max: 4 });
if (!exists) { await migrate(d.db); await generate((q) => d.db.execute(q), 100000, 20000); console.log('generated'); }
if (process.argv[2] === 'migrate-only') { await migrate(d.db); }
for (const t of ['reminders', 'reminder_outbox', 'person_marks', 'report_snapshots']) await d.db.execute(sql.raw(`delete from ${t}`));
await d.db.execute(sql`vacuum analyze reminders`).catch(() => {});
const now = new Date('2026-10-30T01:00:00Z');
const on = uncoveredWarner(silentLogger);
let peak = 0; const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
const t = performance.now();
const p = await planning(d.db, now, on);
const r = await planDay(d.db, p, on, { now, force: true });
console.log(JSON.stringify(r), 'ms', Math.round(performance.now() - t), 'rss', Math.round(peak / 1e6));
const t2 = performance.now();
await planDay(d.db, p, on, { now, force: true });
console.log('rerun ms', Math.round(performance.now() - t2));
clearInterval(timer);
await d.close();
