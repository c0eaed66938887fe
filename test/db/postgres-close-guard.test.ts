import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createPostgresDb } from '../../src/db/postgres-db.ts';
import { connectionLost } from '../../src/db/postgres-close-guard.ts';
import type { Database } from '../../src/db/database.ts';
import { resetProxy, type ResetProxy } from '../support/reset-proxy.ts';
import { createTestDb } from '../support/test-db.ts';
import { ledgerImports } from '../../src/db/schema/index.ts';
import { importLedger } from '../../src/ledger/ledger-import.ts';
import { ledgerPrompts } from '../../src/ledger/ledger-prompts.ts';
import { readTable } from '../../src/ledger/table-reader.ts';
import { fixedClock } from '../../src/clock.ts';
import { bytes, creditCode, ledgerCsv, row } from '../ledger/support/ledger-fixtures.ts';

/**
 * Issue 18 item 2: a connection reset under a transaction. postgres.js 3.4.9 sends the
 * transaction's next query, or its own ROLLBACK / COMMIT, to the connection whose socket it has
 * just dropped; the write is flushed from a setImmediate and its TypeError ends the process
 * (porsager/postgres #1154, #1208). Each case below crashed without src/db/postgres-close-guard.ts.
 */
const url = process.env.DATABASE_URL;
let proxy: ResetProxy;
let database: Database;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => void uncaught.push(e);

beforeAll(async () => {
  if (!url) return;
  process.on('uncaughtException', onUncaught);
  proxy = await resetProxy(url);
  database = createPostgresDb(proxy.url, { max: 2 });
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  if (!url) return;
  await database.close().catch(() => {});
  await proxy.close();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** After the fault: nothing escaped, and the pool serves the next request on a new connection. */
async function survived() {
  await pause(200);
  proxy.disarm();
  expect(uncaught.map(String)).toEqual([]);
  const rows = (await database.db.execute(sql`select 41 + 1 as n`)) as unknown as Array<{ n: number }>;
  expect(rows[0]!.n).toBe(42);
}

const big = (c: string) => c.repeat(200_000);

test.skipIf(!url)('a reset during a large write fails the transaction, not the process (3 runs)', async () => {
  await database.db.execute(sql`select 1`);
  for (let run = 0; run < 3; run++) {
    proxy.arm(30_000);
    const tx = database.db.transaction(async (t) => {
      await t.execute(sql`select 1`);
      try {
        await t.execute(sql`select length(${big('x')})`);
      } catch (e) {
        // Handling the failure takes a turn of the event loop (a log line, a card update).
        await pause(10);
        throw e;
      }
    });
    const error = await tx.then(() => null, (e: unknown) => e);
    expect(connectionLost(error)).toBe(true);
    await survived();
  }
  expect(proxy.resets).toBe(3);
});

test.skipIf(!url)('a query sent after the connection was reset while the transaction waited is refused, not written', async () => {
  const tx = database.db.transaction(async (t) => {
    await t.execute(sql`select 1`);
    proxy.resetAll();
    await pause(50);
    await t.execute(sql`select 2`);
  });
  await expect(tx).rejects.toSatisfy(connectionLost);
  await survived();
});

test.skipIf(!url)('a callback that swallows the failure and returns does not make begin() write COMMIT to the dropped socket', async () => {
  const tx = database.db.transaction(async (t) => {
    await t.execute(sql`select 1`);
    proxy.arm(30_000);
    await t.execute(sql`select length(${big('z')})`).catch(() => null);
    await pause(10);
    return 'done';
  });
  await expect(tx).rejects.toSatisfy(connectionLost);
  await survived();
});

test.skipIf(!url)('a reset inside a savepoint (how a chat import writes its chunks) fails the savepoint and the outer transaction, not the process', async () => {
  let savepoint: Promise<unknown> | undefined;
  const tx = database.db.transaction(async (t) => {
    await t.execute(sql`select 1`);
    proxy.arm(30_000);
    savepoint = t.transaction(async (s) => {
      try {
        await s.execute(sql`select length(${big('y')})`);
      } catch (e) {
        await pause(10);
        throw e;
      }
    });
    await savepoint;
  });
  await expect(tx).rejects.toSatisfy(connectionLost);
  // Whoever awaits the savepoint itself (the import queue does) is not left waiting forever.
  await expect(savepoint).rejects.toSatisfy(connectionLost);
  await survived();
});

test.skipIf(!url)('ordinary failures still roll back and reject as before', async () => {
  await database.db.execute(sql`create temporary table if not exists guard_probe (n int)`).catch(() => null);
  const tx = database.db.transaction(async (t) => {
    await t.execute(sql`select 1`);
    await t.execute(sql`select 1 / 0`);
  });
  await expect(tx).rejects.toBeTruthy();
  const ok = await database.db.transaction(async (t) => {
    await t.transaction(async (s) => s.execute(sql`select 1`));
    return 'committed';
  });
  expect(ok).toBe('committed');
});

test.skipIf(!url)('a CLI import of 5,000 rows through a connection reset is marked failed with its committed chunk counted (items 2 and 4 together)', async () => {
  const t = await createTestDb();
  const p = await resetProxy(t.url!);
  const viaProxy = createPostgresDb(p.url, { max: 2, role: 'job' });
  try {
    const rows = Array.from({ length: 5000 }, (_, i) => row({ 组织名称: `重置测试${i}有限公司`, 统一社会信用代码: creditCode(50_000 + i) }));
    let chunks = 0;
    const run = importLedger({
      db: viaProxy.db,
      fileName: 'reset.csv',
      rows: readTable({ bytes: bytes(ledgerCsv(rows)) }, 'csv'),
      actor: { id: null, label: 'cli' },
      clock: fixedClock('2026-11-22T02:00:00Z'),
      t: ledgerPrompts,
      // After the first chunk is committed, the next chunk's large write meets a reset.
      onProgress: () => void (++chunks === 1 && p.arm(64 * 1024)),
    });
    await expect(run).rejects.toSatisfy(connectionLost);
    await pause(200);
    expect(uncaught.map(String)).toEqual([]);
    const [imp] = await t.db.select().from(ledgerImports);
    expect(imp).toMatchObject({ status: 'failed', imported: 1000 });
  } finally {
    await viaProxy.close().catch(() => {});
    await p.close();
    await t.drop();
  }
}, 60_000);
