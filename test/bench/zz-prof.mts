import postgres from 'postgres';
import { createPostgresDb } from '/work/main/src/db/postgres-db.ts';
import { systemClock } from '/work/main/src/clock.ts';
import { computeCoverage, coverageRulesFor } from '/work/main/src/ledger/coverage-service.ts';
import { coverageRows } from '/work/main/src/db/ledger/coverage-query.ts';
import { cachedPolicyOverrides } from '/work/main/src/db/ledger/policy-overrides-store.ts';
import { resolvePolicy } from '/work/main/src/domain/policy/index.ts';
const url = 'postgres://postgres@127.0.0.1:5432/lx_cov_dev';
const d = createPostgresDb(url, { max: 2 });
const raw = postgres(url, { max: 1 });
const code = process.argv[2] ?? '512021';
const len = ({ 2: 4, 4: 6, 6: 9 } as Record<number, number>)[code.length] ?? code.length;
const bare = `select left(region_code, ${len}) k, kind, count(*) filter (where status = 'operating') a, count(*) filter (where status = 'operating' and formation <> 'none' and party_org_type is not null and party_org_type <> 'functional_branch') b, count(*) filter (where status = 'operating' and formation = 'standalone' and party_org_type is not null and party_org_type <> 'functional_branch') c, count(*) filter (where status = 'operating' and (formation <> 'none' and party_org_type is not null and party_org_type <> 'functional_branch' or has_instructor or mass_orgs <> '{}')) w from orgs where region_code like '${code}%' group by 1,2`;
const rules = await coverageRulesFor(d.db, systemClock, code);
const ov = await cachedPolicyOverrides(d.db, Date.now());
async function t(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < 200; i++) { const t0 = performance.now(); await f(); xs.push(performance.now() - t0); }
  xs.sort((a, b) => a - b);
  console.log(name.padEnd(12), 'p50', xs[100]!.toFixed(3), 'p95', xs[190]!.toFixed(3));
}
await t('bare', () => raw.unsafe(bare));
await t('engine', () => computeCoverage(d.db, systemClock, code));
await t('rows', () => coverageRows(d.db, code, rules));
await t('resolve', async () => resolvePolicy(code, ov));
await t('select1', () => raw.unsafe('select 1'));
await raw.end(); await d.close();
