/**
 * The 10th/25th report's file job: a file over the messenger's bound is refused at once and said
 * so; a file that fails every attempt is said once; either way the digest card stands.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { cardText } from '../support/bot-harness.ts';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import { createJobRunner } from '../../src/jobs/job-runner.ts';
import { reachOf } from '../../src/runtime/messenger-factory.ts';
import { prompts } from '../../src/bot/all-prompts.ts';
import { runReminders } from '../../src/reminders/runner.ts';
import { REPORT_FILE_JOB, reportFileHandler } from '../../src/reminders/report-file-job.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { LICHENG, officer, partyOrg, remindersDeps, secretary, TANGWANG } from './support.ts';

const nine = (date: string) => new Date(`${date}T09:05:00+08:00`);

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database.drop();
});

async function reportJobs() {
  const r = (await database.db.execute(sql`select state, attempts, last_error from jobs where kind = ${REPORT_FILE_JOB} order by created_at`)) as unknown as
    | { rows: never[] }
    | never[];
  return (Array.isArray(r) ? r : r.rows) as Array<{ state: string; attempts: number; last_error: string | null }>;
}

test('a report file over the upload bound fails at once, without an upload, and the officer is told why', async () => {
  const db = database.db;
  const off = await officer(db, LICHENG, '历城区干部');
  await partyOrg(db, { name: '新建的唐王党支部', regionCode: TANGWANG, foundedOn: '2026-03-01' });
  const at = nine('2026-06-30').toISOString();
  // Any workbook is bigger than 2 KB.
  const small = remindersDeps(db, at);
  const messenger = createConsoleMessenger({ clock: small.clock, maxFileBytes: 2048 });
  await runReminders({ ...small.deps, messenger }, nine('2026-06-30'));
  const msgs = messenger.messages(off.openId);
  expect(msgs.map((m) => m.kind)).toEqual(['card', 'card']);
  expect(cardText(msgs[0]!.card)).toContain('两新组织党建工作基本情况摸底核查');
  const notice = cardText(msgs[1]!.card);
  expect(notice).toContain('报表明细未能发送');
  expect(notice).toMatch(/两新组织党建工作基本情况摸底核查.*的明细表格超过\d+MB，无法在聊天中发送/);
  expect(await reportJobs()).toEqual([expect.objectContaining({ state: 'failed', attempts: 1 })]);
});

test('a report file that fails every attempt is said once, after the last', async () => {
  const db = database.db;
  await db.execute(sql`delete from jobs`);
  const po = await partyOrg(db, { name: '述职党支部', regionCode: '370112010' });
  const sec = await secretary(db, po.id, '述职书记');
  const { deps, clock, messenger } = remindersDeps(db, nine('2026-12-31').toISOString());
  let uploads = 0;
  const broken = {
    ...messenger,
    maxFileBytes: messenger.maxFileBytes,
    async uploadFile() {
      uploads++;
      throw new Error('socket hang up');
    },
  };
  await runReminders({ ...deps, messenger: broken }, nine('2026-12-31'));
  // Other people's year-end files (the officer of the test before) fail the same way.
  const files = (await reportJobs()).length;
  expect(files).toBeGreaterThan(0);
  expect(uploads).toBe(files);
  const runner = createJobRunner({
    db,
    clock,
    logger: silentLogger,
    random: () => 0.5,
    handlers: { [REPORT_FILE_JOB]: reportFileHandler({ messenger: broken, reach: reachOf({}), t: prompts }) },
  });
  for (let i = 0; i < 8; i++) {
    clock.advance(3600_000);
    await runner.runDue(new Date(clock.now().getTime() + 1000));
  }
  expect(uploads).toBe(5 * files);
  const msgs = messenger.messages(sec.openId);
  expect(msgs.map((m) => m.kind)).toEqual(['card', 'card']);
  expect(cardText(msgs[1]!.card)).toContain('年底向上级党组织述职的明细表格没有发送成功');
  expect(await reportJobs()).toEqual(Array(files).fill(expect.objectContaining({ state: 'failed', attempts: 5 })));
});
