/**
 * `cli instructors trained` (issue 19 item 10; 004 §12 党建工作指导员……每两年轮训1次): records an
 * instructor's last training by mobile or id, refuses a future date, a non-instructor and bad usage.
 */
import { expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock } from '../../src/clock.ts';
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
