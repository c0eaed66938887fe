import { sql } from 'drizzle-orm';
import { createPostgresDb } from '/work/main/src/db/postgres-db.ts';
import { systemClock } from '/work/main/src/clock.ts';
import { regionalPoliciesFor } from '/work/main/src/ledger/compliance-service.ts';
import { orgCheckPredicates, partyOrgCheckPredicates, instructorCheckPredicates, partyOrgInRegion, instructorLoads } from '/work/main/src/db/ledger/compliance-predicates.ts';
import { inRegion } from '/work/main/src/db/ledger/coverage-predicates.ts';
import { orgs, partyOrgs } from '/work/main/src/db/schema/ledger.ts';
import { PgDialect } from 'drizzle-orm/pg-core';
const d = createPostgresDb('postgres://postgres@127.0.0.1:5432/lx_cov_dev', { max: 1 });
const code = process.argv[2] ?? '512021';
const rp = await regionalPoliciesFor(d.db, systemClock, code);
const p = partyOrgCheckPredicates(rp);
const i = instructorCheckPredicates(rp);
const o = orgCheckPredicates(rp);
const dialect = new PgDialect();
for (const q of [
  sql`select count(*) filter (where ${p.F4}), count(*) filter (where ${p.F6}) from ${partyOrgs} where ${partyOrgInRegion(code)}`,
  sql`select count(*) filter (where ${i.I1}), count(*) filter (where ${i.I2}) from ${instructorLoads(code)}`,
  sql`select count(*) filter (where ${o.F1}), count(*) filter (where ${o.T5}) from ${orgs} where ${inRegion(code)} and ${orgs.status} = 'operating'`,
]) {
  const r = dialect.sqlToQuery(sql`explain (analyze) ${q}`);
  const rows = await d.db.execute(sql`${q}`);
  const t0 = performance.now();
  const plan = (await (d as any).db.execute(sql`explain (analyze) ${q}`)) as Array<Record<string, string>>;
  console.log(plan.map((x) => Object.values(x)[0]).join('\n'));
  console.log('ms', performance.now() - t0, r.sql.length);
}
await d.close();
