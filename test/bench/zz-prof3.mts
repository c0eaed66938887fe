import postgres from 'postgres';
import { createPostgresDb } from '/work/main/src/db/postgres-db.ts';
import { systemClock } from '/work/main/src/clock.ts';
import { computeCoverage, coverageRulesFor } from '/work/main/src/ledger/coverage-service.ts';
import { coverageRows } from '/work/main/src/db/ledger/coverage-query.ts';
import { buildCoverageReport } from '/work/main/src/ledger/coverage-report.ts';
const url = 'postgres://postgres@127.0.0.1:5432/lx_cov_dev';
const d = createPostgresDb(url, { max: 1 });
const code = process.argv[2] ?? '512021';
async function t(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 30; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < 300; i++) { const t0 = performance.now(); await f(); xs.push(performance.now() - t0); }
  xs.sort((a, b) => a - b);
  console.log(name.padEnd(12), 'p50', xs[150]!.toFixed(3), 'p95', xs[285]!.toFixed(3));
}
const rules = await coverageRulesFor(d.db, systemClock, code);
for (let k = 0; k < 2; k++) {
await t('rules', () => coverageRulesFor(d.db, systemClock, code));
await t('rows', () => coverageRows(d.db, code, rules));
await t('rows+build', async () => buildCoverageReport(await coverageRows(d.db, code, rules), code, 'operating', '2026-01-01'));
await t('engine', () => computeCoverage(d.db, systemClock, code));
}
await d.close();
