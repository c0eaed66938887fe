import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../../src/cli/run-cli.ts';
import { fixedClock } from '../../src/clock.ts';
import { csvLine } from '../../src/ledger/csv.ts';
import { ROSTER_COLUMNS } from '../../src/ledger/roster-row.ts';
import { cliDatabase } from '../support/cli-database.ts';
import { DT_BASE, installDingtalkStandIn } from '../support/dingtalk-openapi.ts';

const cliDb = cliDatabase('lx-roster-dt-');
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

test('with a DingTalk app configured, import-roster matches people on DingTalk by mobile and says so', async () => {
  const dt = installDingtalkStandIn(server);
  dt.users.set('13600000001', { userid: 'staff-cli', unionid: 'union-cli' });
  const p = join(cliDb.dir, 'roster.csv');
  writeFileSync(p, [csvLine([...ROSTER_COLUMNS]), csvLine(['钉钉干部', '13600000001', '组织部干部', '370112', '', '']), csvLine(['无人识', '13600000002', '党员', '', '', ''])].join('\n'));
  const out: string[] = [];
  const err: string[] = [];
  const env = { ...cliDb.env(), DINGTALK_CLIENT_ID: 'dingcliapp', DINGTALK_CLIENT_SECRET: 'cli-secret', DINGTALK_API: DT_BASE };
  const code = await runCli(['import-roster', p], { env, out: (l) => out.push(l), err: (l) => err.push(l), clock: fixedClock('2026-11-22T02:00:00Z') });
  expect(err).toEqual([]);
  expect(code).toBe(0);
  expect(out).toEqual(['not found in Feishu or DingTalk by mobile (1):', '  无人识 136****0002', 'matched on DingTalk 1', 'people created 2, updated 0, unchanged 0, rejected 0']);
  expect(dt.to('/topapi/v2/user/getbymobile').map((c) => c.body.mobile)).toEqual(['13600000001', '13600000002']);
}, 60_000);
