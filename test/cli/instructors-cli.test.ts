/**
 * `cli instructors trained` (issue 19 item 10; 004 §12 党建工作指导员……每两年轮训1次): records an
 * instructor's last training by mobile or id (the stored date and its audit checked), refuses a future
 * date, an unknown person id, a non-instructor (each with its own words) and bad usage.
 */
import { expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { fixedClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createDb } from '../../src/db/create-db.ts';
import type { Database } from '../../src/db/database.ts';
import { auditLog, people } from '../../src/db/schema/index.ts';
import { csvLine } from '../../src/ledger/csv.ts';
import { ROSTER_COLUMNS } from '../../src/ledger/roster-row.ts';
import { cliDatabase } from '../support/cli-database.ts';

const cliDb = cliDatabase('lx-instructors-cli-');
const cli = cliDb.cli(fixedClock('2026-11-22T02:00:00Z'));

test('instructors trained: by mobile, the next due date from the policy (2 years); refusals', async () => {
  const p = join(cliDb.dir, 'roster.csv');
  writeFileSync(
    p,
    [csvLine([...ROSTER_COLUMNS]), csvLine(['孙指导员', '13700000001', '党建工作指导员', '370112', '', '']), csvLine(['周干部', '13700000002', '组织部干部', '370112', '', ''])].join('\n'),
  );
  const roster = await cli('import-roster', p);
  expect(roster.code, roster.err.join('\n')).toBe(0);

  const ok = await cli('instructors', 'trained', '--mobile', '137-0000-0001', '--date', '2026-09-15');
  expect(ok.code, ok.err.join('\n')).toBe(0);
  expect(ok.out).toEqual(['recorded the training of 孙指导员 on 2026-09-15 (next due 2028-09-15)']);

  expect((await cli('instructors', 'trained', '--mobile', '13700000001', '--date', '2026-11-23')).code).toBe(1); // future
  expect((await cli('instructors', 'trained', '--mobile', '13700000002', '--date', '2026-09-15')).code).toBe(1); // not an instructor
  expect((await cli('instructors', 'trained', '--person', '00000000-0000-0000-0000-000000000001', '--date', '2026-09-15')).code).toBe(1);
  expect((await cli('instructors', 'trained', '--date', '2026-09-15')).code).toBe(2);
  expect((await cli('instructors', 'trained', '--mobile', '13700000001', '--date', '15/09/2026')).code).toBe(2);
  expect((await cli('instructors', 'list')).code).toBe(2);
}, 120_000);

/** Reads through a connection of its own, opened after the CLI's run and closed before the next (on PGlite a connection kept open would not see what another wrote). */
async function read<T>(query: (db: Database['db']) => Promise<T>): Promise<T> {
  const database = await createDb(parseConfig(cliDb.env()));
  try {
    return await query(database.db);
  } finally {
    await database.close();
  }
}
const personId = (mobile: string) => read(async (db) => (await db.select({ id: people.id }).from(people).where(eq(people.mobile, mobile)))[0]!.id);

test('instructors trained --person: records by person id (the stored date and its audit); an unknown id is named', async () => {
  const sun = await personId('13700000001'); // imported by the first test
  // An id as an operator may paste it: upper case, with spaces around.
  const ok = await cli('instructors', 'trained', '--person', ` ${sun.toUpperCase()} `, '--date', '2025-03-01');
  expect(ok.code, ok.err.join('\n')).toBe(0);
  expect(ok.out).toEqual(['recorded the training of 孙指导员 on 2025-03-01 (next due 2027-03-01)']);
  const stored = await read(async (db) => ({
    on: (await db.select({ on: people.instructorTrainedOn }).from(people).where(eq(people.id, sun)))[0]?.on,
    audits: await db.select().from(auditLog).where(and(eq(auditLog.entityId, sun), eq(auditLog.reason, 'instructor_training'))).orderBy(auditLog.id),
  }));
  expect(stored.on).toBe('2025-03-01');
  expect(stored.audits.map((a) => [a.actorLabel, a.before, a.after])).toEqual([
    ['cli', { instructorTrainedOn: null }, { instructorTrainedOn: '2026-09-15' }],
    ['cli', { instructorTrainedOn: '2026-09-15' }, { instructorTrainedOn: '2025-03-01' }],
  ]);

  const unknown = await cli('instructors', 'trained', '--person', '00000000-0000-0000-0000-000000000001', '--date', '2026-09-15');
  expect(unknown.code).toBe(1);
  expect(unknown.err).toEqual(['no person with id 00000000-0000-0000-0000-000000000001']);
  const zhou = await personId('13700000002');
  const notInstructor = await cli('instructors', 'trained', '--person', zhou, '--date', '2026-09-15');
  expect(notInstructor.code).toBe(1);
  expect(notInstructor.err).toEqual([`周干部 (${zhou}) does not hold the instructor role`]);
  expect((await cli('instructors', 'trained', '--person', 'not-an-id', '--date', '2026-09-15')).code).toBe(2);
}, 120_000);
