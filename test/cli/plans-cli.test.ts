import { expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock } from '../../src/clock.ts';
import { cliDatabase } from '../support/cli-database.ts';
import { creditCode, ledgerCsv, row } from '../ledger/support/ledger-fixtures.ts';

const cliDb = cliDatabase('lx-plans-cli-');
const cli = cliDb.cli(fixedClock('2026-11-22T02:00:00Z'));
const later = cliDb.cli(fixedClock('2027-01-05T02:00:00Z'));
const LX = '370102001';
const A = creditCode(1, '91370102MA');
const B = creditCode(2, '91370102MA');

test('plans: the 一企一策 list of a region, a plan set from the CLI, overdue once its date passes, scoped to the region', async () => {
  const rows = [
    row({ 组织名称: '甲未建公司', 区划代码: LX, 统一社会信用代码: A }),
    row({ 组织名称: '乙未建公司', 区划代码: LX, 统一社会信用代码: B }),
    row({ 组织名称: '丙已建公司', 区划代码: LX, 党组织名称: '中共丙已建公司支部', 组建方式: '单独组建', 党组织类型: '党支部', 正式党员数: 4 }),
    row({ 组织名称: '丁停业公司', 区划代码: LX, 经营状态: '停业' }),
    row({ 组织名称: '历城未建公司', 区划代码: '370112001' }),
  ];
  const path = join(cliDb.dir, 'ledger.csv');
  writeFileSync(path, ledgerCsv(rows));
  const imported = await cli('import-ledger', path);
  expect(imported.code, imported.err.join('\n')).toBe(0);

  const all = await cli('plans', 'list', '--region', '370102');
  expect(all.code, all.err.join('\n')).toBe(0);
  expect(all.out[0]).toBe('历下区｜一企一策 all: 2 (owed 2, with a plan 0, overdue 0)');
  expect(all.out.slice(1).map((l) => l.split('\t').slice(0, 3))).toEqual([
    ['乙未建公司', LX, 'no plan'],
    ['甲未建公司', LX, 'no plan'],
  ]);

  const set = await cli('plans', 'set', '--region', '370102', '--org', A, '--measures', '联系出资人，挂靠联合支部', '--due', '2026-12-31', '--owner', '陈指导员');
  expect(set.code, set.err.join('\n')).toBe(0);
  expect(set.out).toEqual(['saved the plan of 甲未建公司 (due 2026-12-31)']);

  // Another region's officer scope: the org is not found there; an org with a party org owes none.
  expect((await cli('plans', 'set', '--region', '370112', '--org', A, '--measures', 'x', '--due', '2026-12-31', '--owner', 'y')).code).toBe(1);
  expect((await cli('plans', 'list', '--region', '370112')).out[0]).toBe('历城区｜一企一策 all: 1 (owed 1, with a plan 0, overdue 0)');
  expect((await cli('plans', 'set', '--region', '370102', '--org', A, '--measures', 'x', '--due', '2026-01-01', '--owner', 'y')).code).toBe(1);
  expect((await cli('plans', 'set', '--region', '370102', '--org', A)).code).toBe(2);

  expect((await cli('plans', 'list', '--region', '370102', '--overdue')).out).toEqual(['历下区｜一企一策 overdue: 0 (owed 2, with a plan 1, overdue 0)']);
  const overdue = await later('plans', 'list', '--region', '370102', '--overdue');
  expect(overdue.out[0]).toBe('历下区｜一企一策 overdue: 1 (owed 2, with a plan 1, overdue 1)');
  expect(overdue.out[1]!.split('\t')).toEqual(['甲未建公司', LX, '2026-12-31', '陈指导员', 'overdue 5 d', '联系出资人，挂靠联合支部']);

  const json = JSON.parse((await later('plans', 'list', '--region', '370102', '--without', '--json')).out.join('\n'));
  expect(json.items.map((i: { orgName: string }) => i.orgName)).toEqual(['乙未建公司']);
  expect((await cli('plans', 'list', '--region', '370102', '--overdue', '--with')).code).toBe(2);
  expect((await cli('plans', 'list', '--region', '999999')).code).toBe(1);
}, 180_000);
