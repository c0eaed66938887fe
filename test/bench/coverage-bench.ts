/**
 * Issue 4 and issue 16 item 1, Performance: coverage and compliance over a synthetic ledger.
 * - PostgreSQL, 1,000,000 orgs spread over real townships (set-based INSERT … SELECT
 *   generate_series), then the same again with every org in one province: coverage of the
 *   largest province and of a county from the rollups (goal p95 ≤ 20 ms), each next to the
 *   row-based query of before (computeCoverage counting the orgs) in the same loop; the rollups'
 *   first build, their upkeep on a 10,000-row update (with the triggers off as the reference),
 *   `coverage --verify` of the province (the run fails on a difference), and a page of a
 *   province's list after a cursor (goal p95 ≤ 50 ms) next to the old offset page with
 *   count(*) over the rows; the compliance lists of a county (≤ 200 ms).
 * - PGlite, 100,000 orgs: the same coverage figures (goal p95 ≤ 30 ms), verify and list page.
 * Scale and spread (env, read here only): BENCH_SCALE (fraction of the full size, default 1;
 * BENCH_QUICK=1 means 0.05); COVERAGE_BENCH_SPREAD = one province code to run only that spread
 * (default: all townships of China, then all in province 37).
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { systemClock } from '../../src/clock.ts';
import type { Db } from '../../src/db/database.ts';
import { createPgliteDb } from '../../src/db/pglite-db.ts';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { rowsOf } from '../../src/db/sql.ts';
import { complianceListFor, complianceOverview } from '../../src/ledger/compliance-service.ts';
import { computeCoverage, coverageList, coverageRulesFor } from '../../src/ledger/coverage-service.ts';
import { verifyCoverage } from '../../src/ledger/coverage-verify.ts';
import { ensureVariant } from '../../src/db/ledger/coverage-rollup-store.ts';
import { orgPage, type ListCursor } from '../../src/db/ledger/coverage-query.ts';
import { listPredicate } from '../../src/db/ledger/coverage-predicates.ts';
import { ms, ratio, type BenchContext } from './support/context.ts';
import { inForce } from '../support/in-force.ts';

const ITERATIONS = 60;
const WARMUP = 5;

function scaleOf(ctx: BenchContext): number {
  const s = Number(process.env.BENCH_SCALE ?? (ctx.quick ? 0.05 : 1));
  return Number.isFinite(s) && s > 0 ? s : 1;
}

/** Real townships, numbered: bench_tw(i, code), i from 0. A join on i beats indexing an array per row. */
export function townshipsSql(spread: string): string[] {
  if (!/^\d*$/.test(spread)) throw new Error(`bad spread ${spread}`);
  return [
    `create temp table bench_tw as select (row_number() over (order by code) - 1)::int as i, code from regions where level = 4 and code like '${spread}%'`,
    `create unique index on bench_tw (i)`,
    `analyze bench_tw`,
  ];
}

/**
 * The synthetic ledger, all set-based, over `t` numbered townships. Per township the k-th org
 * falls in a class k % 20: 0–1 standalone party org, 2–13 joint (groups of 4 in the township),
 * 14–17 an instructor only, 18–19 nothing; 1 in 25 is not operating, 1 in 9 a social org;
 * members, staff and revenue vary so that every compliance list has rows. Instructors are local,
 * as they are in practice: one per 20 orgs of a township, assigned to the ~9 of them that have an
 * instructor (so some are over the I1/I2 caps).
 */
export function syntheticLedgerSql(n: number, t: number): string[] {
  const from = `generate_series(0, ${n - 1}) g join bench_tw tw on tw.i = g % ${t}`;
  const cls = `((g / ${t}) % 20)`;
  const joint = `md5('pj' || (g % ${t}) || '-' || (g / ${t} / 20) || '-' || ((${cls} - 2) / 4))::uuid`;
  // The instructor of a block of 20 orgs of a township is named after the block's first org g0.
  const g0 = `((g / ${t} / 20) * 20 * ${t} + g % ${t})`;
  const instructor = `md5('pi' || ${g0})::uuid`;
  const poType = `(case when g % 97 = 0 then 'general_branch' when g % 101 = 0 then 'functional_branch' else 'branch' end)`;
  return [
    `insert into party_orgs (id, name, type, formation, region_code, members_formal, members_probationary)
     select md5('ps' || g)::uuid, '中共第' || g || '号企业支部', ${poType}, 'standalone', tw.code, 3 + g % 70, g % 3
     from ${from} where ${cls} < 2`,
    `insert into party_orgs (id, name, type, formation, region_code)
     select ${joint}, '第' || (g % ${t}) || '-' || (g / ${t} / 20) || '-' || ((${cls} - 2) / 4) || '联合党支部', 'joint_branch', 'joint', tw.code
     from ${from} where ${cls} between 2 and 13 and (${cls} - 2) % 4 = 0`,
    `insert into people (id, name, mobile)
     select md5('pi' || g)::uuid, '指导员' || g, '13' || lpad(g::text, 9, '0') from generate_series(0, ${n - 1}) g where ${cls} = 0`,
    `insert into orgs (id, name, credit_code, kind, subtype, region_code, status, employees, revenue, members_formal, members_probationary,
                       members_untransferred, formation, party_org_id, party_org_type, mass_orgs, instructor_mobile, has_instructor)
     select md5('o' || g)::uuid, '第' || g || '号两新组织', '91' || lpad(g::text, 16, '0'),
            case when g % 9 = 0 then 'social_org' else 'enterprise' end,
            case when g % 9 = 0 then (array['民办学校','民办医院','律师事务所','行业协会商会','基金会'])[1 + g % 5] end,
            tw.code,
            case when g % 25 = 0 then 'suspended' else 'operating' end,
            (g * 7) % 160, (g % 5000)::numeric,
            case when ${cls} < 2 then 3 + g % 70 when ${cls} <= 13 then (g % 7) / 2 else g % 4 end,
            g % 3, g % 2,
            case when ${cls} < 2 then 'standalone' when ${cls} <= 13 then 'joint' else 'none' end,
            case when ${cls} < 2 then md5('ps' || g)::uuid when ${cls} <= 13 then ${joint} end,
            case when ${cls} < 2 then ${poType} when ${cls} <= 13 then 'joint_branch' end,
            case when g % 13 = 0 then array['工会'] else '{}'::text[] end,
            case when ${cls} between 14 and 17 then '13' || lpad(${g0}::text, 9, '0') end,
            ${cls} between 14 and 17 or (${cls} < 14 and g % 3 = 0)
     from ${from}`,
    `insert into instructor_assignments (instructor_id, org_id, assigned_on)
     select ${instructor}, md5('o' || g)::uuid, date '2026-01-01'
     from generate_series(0, ${n - 1}) g where ${cls} between 14 and 17 or (${cls} < 14 and g % 3 = 0)`,
    `update party_orgs p set members_formal = s.f, members_probationary = s.pr
     from (select party_org_id, sum(members_formal)::int f, sum(members_probationary)::int pr from orgs where formation = 'joint' group by 1) s
     where p.id = s.party_org_id`,
  ];
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Engine and bare SQL interleaved, so both see the same caches. */
async function compare(engine: () => Promise<unknown>, bare: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) {
    await engine();
    await bare();
  }
  const e: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    e.push(await timeIt(engine));
    b.push(await timeIt(bare));
  }
  return { p50: percentile(e, 50), p95: percentile(e, 95), bareP50: percentile(b, 50), bareP95: percentile(b, 95) };
}

async function pickRegions(db: Db): Promise<{ province: string; county: string; counts: { province: number; county: number } }> {
  const [p] = await rowsOf<{ k: string; n: number }>(db, sql`select left(region_code, 2) k, count(*)::int n from orgs group by 1 order by 2 desc limit 1`);
  const [c] = await rowsOf<{ k: string; n: number }>(db, sql`select left(region_code, 6) k, count(*)::int n from orgs where region_code like ${`${p!.k}%`} group by 1 order by 2 desc limit 1`);
  return { province: p!.k, county: c!.k, counts: { province: p!.n, county: c!.n } };
}

async function generate(db: Db, n: number, spread: string, log: (m: string) => void) {
  const t0 = performance.now();
  for (const stmt of townshipsSql(spread)) await db.execute(sql.raw(stmt));
  const [{ t }] = (await rowsOf<{ t: number }>(db, sql`select count(*)::int t from bench_tw`)) as [{ t: number }];
  for (const stmt of syntheticLedgerSql(n, t)) await db.execute(sql.raw(stmt));
  log(`generated ${n} orgs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** What a coverage figure's line says: the rollups' p50/p95 and the row-based reference's, with the goal. */
function coverageFigure(figure: string, n: number, inRegion: number, r: Awaited<ReturnType<typeof compare>>, goal: number) {
  return {
    figure,
    orgs: n,
    orgsInRegion: inRegion,
    p50_ms: ms(r.p50),
    p95_ms: ms(r.p95),
    reference: 'rows (computeCoverage counting the orgs)',
    reference_p50_ms: ms(r.bareP50),
    reference_p95_ms: ms(r.bareP95),
    speedup_p95: ratio(r.bareP95, r.p95),
    goal_p95_ms: goal,
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

/**
 * The rollup figures on one database: first build, coverage of the province and the county
 * against the row-based query, upkeep of an update, verify (throws on a difference), and a list
 * page after a cursor against the old offset page.
 */
async function rollupFigures(ctx: BenchContext, db: Db, tag: string, n: number, goal: number, setTriggers: (on: boolean) => Promise<void>) {
  const { province, county, counts } = await pickRegions(db);
  ctx.log(`province ${province} has ${counts.province} orgs, county ${county} has ${counts.county}`);
  const rules = await coverageRulesFor(db, await inForce(db, systemClock), province);
  const build = await timed(() => ensureVariant(db, rules));
  ctx.report({ figure: `coverage.rollups.build.${tag}`, orgs: n, built: build.value, ms: ms(build.ms) });
  for (const [name, code] of [
    ['province', province],
    ['county', county],
  ] as const) {
    const r = await compare(async () => computeCoverage(db, await inForce(db, systemClock), code), async () => computeCoverage(db, await inForce(db, systemClock), code, undefined, { source: 'rows' }));
    ctx.report(coverageFigure(`coverage.${name}.${tag}`, n, counts[name], r, goal));
  }
  // A page of the province's noWork list, 100 pages in, after a cursor (measured before the
  // upkeep below leaves dead rows that PGlite, having no autovacuum, never cleans); the reference is the old
  // page (offset, with count(*) over the rows for the total) at the same place.
  let after: ListCursor | undefined;
  for (let i = 0; i < 100; i++) after = (await coverageList(db, await inForce(db, systemClock), { regionCode: province, list: 'noWork', kind: 'all', limit: 10, after })).next ?? after;
  const condition = listPredicate(rules, 'noWork');
  const page = await compare(
    async () => coverageList(db, await inForce(db, systemClock), { regionCode: province, list: 'noWork', kind: 'all', limit: 10, after }),
    () => orgPage(db, province, condition, { limit: 10, offset: 1000 }),
  );
  ctx.report({
    figure: `coverage.list_page.province.${tag}`,
    orgs: n,
    orgsInRegion: counts.province,
    page: 101,
    p50_ms: ms(page.p50),
    p95_ms: ms(page.p95),
    reference: 'offset page with count(*) over the rows',
    reference_p50_ms: ms(page.bareP50),
    reference_p95_ms: ms(page.bareP95),
    goal_p95_ms: 50,
  });
  // Upkeep: 10,000 orgs of the province close (measured) and reopen in one statement each, with
  // the triggers and (the reference) without; the net effect on the rollups is nil either way.
  await db.execute(sql.raw(`create table if not exists bench_upkeep (id uuid primary key)`));
  await db.execute(sql.raw(`insert into bench_upkeep select id from orgs where region_code like '${province}%' and status = 'operating' order by id limit 10000`));
  await db.execute(sql.raw(`analyze bench_upkeep`));
  const upkeep = async () => {
    const t0 = performance.now();
    await db.execute(sql.raw(`update orgs set status = 'suspended' where id in (select id from bench_upkeep)`));
    const closing = performance.now() - t0;
    await db.execute(sql.raw(`update orgs set status = 'operating' where id in (select id from bench_upkeep)`));
    return closing;
  };
  // Rounds alternate with and without the triggers, so both see the same load; medians reported.
  const on: number[] = [];
  const off: number[] = [];
  await upkeep(); // warm-up
  for (let i = 0; i < 5; i++) {
    on.push(await upkeep());
    await setTriggers(false);
    off.push(await upkeep().finally(() => setTriggers(true)));
  }
  const withTriggers = percentile(on, 50);
  const without = percentile(off, 50);
  ctx.report({ figure: `coverage.rollups.upkeep_10000_rows.${tag}`, orgs: n, ms: ms(withTriggers), reference: 'the same update without the triggers', reference_ms: ms(without), overhead_ms: ms(withTriggers - without) });
  const v = await timed(async () => verifyCoverage(db, await inForce(db, systemClock), province));
  ctx.report({ figure: `coverage.verify.province.${tag}`, orgs: n, orgsInRegion: counts.province, variants: v.value.variants, differences: v.value.differences.length, ms: ms(v.ms) });
  if (v.value.differences.length) throw new Error(`coverage --verify found ${v.value.differences.length} differences in ${province}: ${JSON.stringify(v.value.differences.slice(0, 5))}`);
  return { province, county, counts };
}

async function postgresPart(ctx: BenchContext, n: number, spread: string) {
  const url = await ctx.createDatabase();
  const database = createPostgresDb(url, { max: 2 });
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const db = database.db;
    // Bulk load without per-row foreign-key triggers (this database is the bench's own).
    await raw.unsafe(`alter database "${new URL(url).pathname.slice(1)}" set session_replication_role = replica`);
    // A load of a million rows per statement outlasts a request's statement timeout.
    const loader = createPostgresDb(url, { max: 1, role: 'migration' });
    await generate(loader.db, n, spread, ctx.log);
    await loader.close();
    await raw.unsafe(`alter database "${new URL(url).pathname.slice(1)}" reset session_replication_role`);
    await raw.unsafe('vacuum analyze');
    const tag = `pg${spread ? `.spread${spread}` : ''}`;
    // Each statement runs on one of two pooled connections: the triggers go off table-wide.
    const setTriggers = async (on: boolean) => {
      await raw.unsafe(`alter table orgs ${on ? 'enable' : 'disable'} trigger user`);
    };
    const { county, counts } = await rollupFigures(ctx, db, tag, n, 20, setTriggers);
    await raw.unsafe('vacuum analyze orgs');
    // The card needs the counts of every list (one statement); each list then opens on its own.
    const checks = await compare(async () => complianceOverview(db, await inForce(db, systemClock), county), async () => {});
    ctx.report({ figure: `compliance.county.counts.${tag}`, orgs: n, orgsInRegion: counts.county, p50_ms: ms(checks.p50), p95_ms: ms(checks.p95), goal_p95_ms: 200 });
    const ids = (await complianceOverview(db, await inForce(db, systemClock), county)).map((c) => c.id);
    let slowest = { id: '', p50: 0, p95: 0 };
    for (const id of ids) {
      const r = await compare(async () => complianceListFor(db, await inForce(db, systemClock), county, id, { limit: 10, offset: 0 }), async () => {});
      if (r.p95 > slowest.p95) slowest = { id, p50: r.p50, p95: r.p95 };
    }
    ctx.report({ figure: `compliance.county.slowest_list.${tag}`, orgs: n, list: slowest.id, p50_ms: ms(slowest.p50), p95_ms: ms(slowest.p95), goal_p95_ms: 200 });
    const all = await compare(async () => {
      await complianceOverview(db, await inForce(db, systemClock), county);
      for (const id of ids) await complianceListFor(db, await inForce(db, systemClock), county, id, { limit: 10, offset: 0 });
    }, async () => {});
    ctx.report({ figure: `compliance.county.all_lists.${tag}`, orgs: n, lists: ids.length, p50_ms: ms(all.p50), p95_ms: ms(all.p95) });
  } finally {
    await raw.end();
    await database.close();
  }
}

async function pglitePart(ctx: BenchContext, n: number, spread: string) {
  const database = await createPgliteDb(undefined);
  try {
    await migrate(database.db);
    await generate(database.db, n, spread, ctx.log);
    await database.db.execute(sql`vacuum analyze`);
    const setTriggers = async (on: boolean) => {
      await database.db.execute(sql.raw(`alter table orgs ${on ? 'enable' : 'disable'} trigger user`));
    };
    await rollupFigures(ctx, database.db, `pglite${spread ? `.spread${spread}` : ''}`, n, 30, setTriggers);
  } finally {
    await database.close();
  }
}

export default async function run(ctx: BenchContext): Promise<void> {
  const scale = scaleOf(ctx);
  const only = process.env.COVERAGE_BENCH_SPREAD;
  // Spread over China, then the stress case: every org in one province.
  for (const spread of only !== undefined ? [only] : ['', '37']) await postgresPart(ctx, Math.round(1_000_000 * scale), spread);
  await pglitePart(ctx, Math.round(100_000 * scale), only ?? '');
}
