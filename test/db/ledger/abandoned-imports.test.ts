import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { ledgerImports, orgs } from '../../../src/db/schema/index.ts';
import { failStaleImports } from '../../../src/db/ledger/ledger-import-store.ts';
import { failAbandonedImports, IMPORT_LEASE_MS, importLedger } from '../../../src/ledger/ledger-import.ts';
import { ledgerPrompts } from '../../../src/ledger/ledger-prompts.ts';
import { readTable, type TableRow } from '../../../src/ledger/table-reader.ts';
import { bytes, creditCode, ledgerCsv, row } from '../../ledger/support/ledger-fixtures.ts';
import { clock } from './import-kit.ts';

/**
 * Issue 18 item 4: an import whose process is killed mid-file used to stay `running` with zero
 * counts forever, although its first chunks were committed. A process is "killed" here by a file
 * whose rows stop coming: the import never reaches its end, as after a kill -9.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

const minutes = (n: number) => new Date(clock.now().getTime() + n * 60_000);

/** 2,500 rows then silence: chunks of 1,000 are committed twice, the last 500 never are. */
async function* stalls(prefix: string, n: number): AsyncGenerator<TableRow> {
  const rows = Array.from({ length: n }, (_, i) => row({ 组织名称: `${prefix}${i}有限公司`, 统一社会信用代码: creditCode(i, prefix === '甲' ? '91370112MA' : '91370112MB') }));
  yield* readTable({ bytes: bytes(ledgerCsv(rows)) }, 'csv');
  await new Promise(() => {});
}

async function startStalled(prefix: string): Promise<string> {
  void importLedger({ db: t.db, fileName: `${prefix}.csv`, rows: stalls(prefix, 2500), actor: { id: null, label: 'test' }, clock, t: ledgerPrompts });
  // Wait until both chunks are committed.
  for (let i = 0; i < 200; i++) {
    const [r] = await t.db.select().from(ledgerImports).where(eq(ledgerImports.fileName, `${prefix}.csv`));
    if (r && r.imported === 2000) return r.id;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the chunks were never committed');
}

const importRow = async (id: string) => (await t.db.select().from(ledgerImports).where(eq(ledgerImports.id, id)))[0]!;

test('the counts of a running import are those of its committed chunks', async () => {
  const id = await startStalled('甲');
  expect(await importRow(id)).toMatchObject({ status: 'running', imported: 2000, updated: 0, rejected: 0 });
  expect((await t.db.select().from(orgs)).length).toBe(2000);

  // Within the lease nothing happens; past it the import is still owned by this live process.
  expect(await failAbandonedImports(t.db, minutes(5))).toEqual([]);
  expect(await failAbandonedImports(t.db, minutes(11))).toEqual([]);
  expect((await importRow(id)).status).toBe('running');

  // The process that owned it is gone (no live owner): past the lease it is failed, with its counts.
  expect(await failStaleImports(t.db, { now: minutes(9), leaseMs: IMPORT_LEASE_MS, isLive: () => false })).toEqual([]);
  expect(await failStaleImports(t.db, { now: minutes(11), leaseMs: IMPORT_LEASE_MS, isLive: () => false })).toEqual([id]);
  expect(await importRow(id)).toMatchObject({ status: 'failed', imported: 2000, updated: 0, finishedAt: minutes(11) });
  // Idempotent: a second tick finds nothing.
  expect(await failStaleImports(t.db, { now: minutes(20), leaseMs: IMPORT_LEASE_MS, isLive: () => false })).toEqual([]);
});

test('an import left running with zero counts (from before the counts moved with the chunks) gets them counted from what was committed', async () => {
  const id = await startStalled('乙');
  await t.db.update(ledgerImports).set({ imported: 0, updated: 0, heartbeatAt: null }).where(eq(ledgerImports.id, id));
  expect(await failStaleImports(t.db, { now: minutes(11), leaseMs: IMPORT_LEASE_MS, isLive: () => false })).toEqual([id]);
  expect(await importRow(id)).toMatchObject({ status: 'failed', imported: 2000, updated: 0 });
});

test('a finished import is never touched', async () => {
  const rows = [row({ 组织名称: '丙有限公司', 统一社会信用代码: creditCode(1, '91370112MC') })];
  const r = await importLedger({ db: t.db, fileName: 'done.csv', rows: readTable({ bytes: bytes(ledgerCsv(rows)) }, 'csv'), actor: { id: null, label: 'test' }, clock, t: ledgerPrompts });
  expect(await failStaleImports(t.db, { now: minutes(60), leaseMs: IMPORT_LEASE_MS, isLive: () => false })).toEqual([]);
  expect(await importRow(r.importId)).toMatchObject({ status: 'done', imported: 1 });
});
