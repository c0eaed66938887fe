import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { people } from '../../src/db/schema/core.ts';
import type { Db } from '../../src/db/database.ts';
import { createLogger } from '../../src/log/logger.ts';
import { errorSummary } from '../../src/log/error-summary.ts';
import { createTrackedDefer } from '../../src/runtime/defer.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import type { CliIO } from '../../src/cli/cli-types.ts';
import { cliDatabase } from '../support/cli-database.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';

// A failed query's message is `Failed query: <sql> params: <values>`: the values are personal data.
const NAME = '张晓梅';
const MOBILE = '13812345678';

/** The same person twice: the second insert fails on people_mobile_uq, carrying both values. */
async function failingInsert(db: Db) {
  await db.insert(people).values({ name: NAME, mobile: MOBILE });
  await db.insert(people).values({ name: NAME, mobile: MOBILE });
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
}, 240_000);
afterAll(() => t?.drop());

test('deferred work that fails on an insert logs the class and SQLSTATE, not the name or mobile', async () => {
  const lines: string[] = [];
  const defer = createTrackedDefer(createLogger('debug', (l) => lines.push(l)));
  defer('people:add', () => failingInsert(t.db));
  expect(await defer.drain(10_000)).toBe(true);
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0]!);
  expect(line).toMatchObject({ level: 'error', label: 'people:add', error: { code: '23505' } });
  expect(line.error.name).toMatch(/DrizzleQueryError/);
  for (const l of lines) {
    expect(l).not.toContain(NAME);
    expect(l).not.toContain(MOBILE);
    expect(l).not.toContain('params');
  }
});

test('a driver error quoting a value keeps only its code', async () => {
  const e = await t.db.execute(sql`select ${MOBILE}::uuid`).catch((x: unknown) => x);
  const s = errorSummary(e);
  expect(s.code).toBe('22P02');
  expect(JSON.stringify(s)).not.toContain(MOBILE);
});

test('ordinary errors keep their message', () => {
  expect(errorSummary(new TypeError('no open_id'))).toEqual({ name: 'TypeError', message: 'no open_id' });
});

const cliDb = cliDatabase('lx-errsum-');

test('a CLI command failing on an insert prints neither the name nor the mobile', async () => {
  const out: string[] = [];
  const boom = {
    name: 'boom',
    usage: 'boom',
    summary: 'fails on an insert',
    async run(_args: string[], io: CliIO) {
      const d = await io.openDatabase();
      try {
        await failingInsert(d.db);
      } finally {
        await d.close();
      }
      return 0;
    },
  };
  const code = await runCli(['boom'], { env: cliDb.env(), out: (l) => out.push(l), err: (l) => out.push(l), progress: (l) => out.push(l), commands: [boom] });
  expect(code).toBe(1);
  const text = out.join('\n');
  expect(text).toMatch(/^boom failed: .*SQLSTATE 23505/);
  expect(text).not.toContain(NAME);
  expect(text).not.toContain(MOBILE);
}, 240_000);
