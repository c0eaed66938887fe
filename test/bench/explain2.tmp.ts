import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { planning, uncoveredWarner } from '../../src/reminders/planner.ts';
import { ruleCtes } from '../../src/db/reminders/item-sources.ts';
import { silentLogger } from '../../src/log/logger.ts';
const url = 'postgres://postgres@127.0.0.1:5432/lx_rb_keep';
const d = createPostgresDb(url, { max: 2 });
const raw = postgres(url, { max: 1 });
const now = new Date('2026-10-30T01:00:00Z');
const p = await planning(d.db, now, uncoveredWarner(silentLogger));
const today = p.ctx.today;
const m = sql`r_meeting_items as (
      select p.id, w.kind, w.period_key, g.id as gid
      from r_po p
      join r_win w on w.variant = p.variant and p.founded <= w.p_start
      left join party_groups g on w.kind = 'group' and g.party_org_id = p.id
      where (w.kind <> 'group' or g.id is not null)
        and (select count(*) from meetings m
             where m.party_org_id = p.id and m.deleted_at is null
               and m.held_on between w.p_start and least(w.p_end, ${today}::date)
               and (m.kind = w.kind or (w.kind = 'theme_day' and m.also_theme_day and m.kind in ('general_assembly', 'lecture')))
               and (w.kind <> 'group' or m.party_group_id = g.id)) < w.required
    )`;
const q = sql`with ${sql.join([...ruleCtes(p.ctx, undefined), m], sql`, `)} select count(*) from r_meeting_items`;
const { sql: text, params } = (d.db as any).dialect.sqlToQuery(q);
await raw.unsafe("set work_mem = '64MB'");
const t = performance.now();
const plan = await raw.unsafe('explain (analyze) ' + text, params);
console.log(plan.map((r: any) => r['QUERY PLAN']).join('\n'));
await raw.end(); await d.close();
