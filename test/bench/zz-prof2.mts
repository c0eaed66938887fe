import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createPostgresDb } from '/work/main/src/db/postgres-db.ts';
import { systemClock } from '/work/main/src/clock.ts';
import { coverageRulesFor } from '/work/main/src/ledger/coverage-service.ts';
import { coveragePredicates, inRegion } from '/work/main/src/db/ledger/coverage-predicates.ts';
import { orgs } from '/work/main/src/db/schema/ledger.ts';
const url = 'postgres://postgres@127.0.0.1:5432/lx_cov_dev';
const d = createPostgresDb(url, { max: 1 });
const raw = postgres(url, { max: 1 });
const code = '512021';
const rules = await coverageRulesFor(d.db, systemClock, code);
const build = () => { const p = coveragePredicates(rules); return d.db.select({ k: sql<string>`left(${orgs.regionCode}, 9)`, kind: orgs.kind, a: sql<number>`count(*) filter (where ${p.inScope})`.mapWith(Number), b: sql<number>`count(*) filter (where ${p.partyOrg})`.mapWith(Number), c: sql<number>`count(*) filter (where ${p.standalone})`.mapWith(Number), w: sql<number>`count(*) filter (where ${p.work})`.mapWith(Number) }).from(orgs).where(inRegion(code)).groupBy(sql`1`, sql`2`); };
const q = build().toSQL();
console.log(q.sql.length, q.params);
async function t(name: string, f: () => Promise<unknown> | unknown) {
  for (let i = 0; i < 50; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < 300; i++) { const t0 = performance.now(); await f(); xs.push(performance.now() - t0); }
  xs.sort((a, b) => a - b);
  console.log(name.padEnd(14), 'p50', xs[150]!.toFixed(3), 'p95', xs[285]!.toFixed(3));
}
await t('build', () => build().toSQL());
await t('raw same sql', () => raw.unsafe(q.sql, q.params as any[]));
await t('raw same prep', () => raw.unsafe(q.sql, q.params as any[], { prepare: true }));
await t('drizzle', () => build());
await t('raw literal', () => raw.unsafe(q.sql.replace('$1', `'${code}%'`)));
const p = coveragePredicates(rules);
const cached = sql`select left(${orgs.regionCode}, 9) k, ${orgs.kind} kind, count(*) filter (where ${p.inScope})::int a, count(*) filter (where ${p.partyOrg})::int b, count(*) filter (where ${p.standalone})::int c, count(*) filter (where ${p.work})::int w from ${orgs} where ${inRegion(code)} group by 1, 2`;
await t('execute cached', () => d.db.execute(cached));
await t('raw literal', () => raw.unsafe(q.sql.replace('$1', `'${code}%'`)));
await t('raw same sql', () => raw.unsafe(q.sql, q.params as any[]));
await raw.end(); await d.close();
