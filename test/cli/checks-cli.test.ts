import { expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock } from '../../src/clock.ts';
import { cliDatabase } from '../support/cli-database.ts';
import { ledgerCsv, row } from '../ledger/support/ledger-fixtures.ts';

const cliDb = cliDatabase('lx-checks-cli-');
const cli = cliDb.cli(fixedClock('2026-11-22T02:00:00Z'));
const LX = '370102001';

test('checks: every list of a region with its count, one list\'s rows, the 宁夏 cap after policy set', async () => {
  const rows = [
    row({ 组织名称: '两名党员有指导员', 区划代码: LX, 正式党员数: 2, 党建工作指导员手机号: '13700000003' }),
    row({ 组织名称: '两名党员无指导员', 区划代码: LX, 正式党员数: 2 }),
    row({ 组织名称: '破产企业', 区划代码: LX, 经营状态: '破产', 党组织名称: '中共破产企业支部', 组建方式: '单独组建', 党组织类型: '党支部', 正式党员数: 4 }),
    ...Array.from({ length: 6 }, (_, i) => row({ 组织名称: `未建${i}`, 区划代码: LX, 党建工作指导员手机号: '13700000001' })),
  ];
  const path = join(cliDb.dir, 'ledger.csv');
  writeFileSync(path, ledgerCsv(rows));
  expect((await cli('import-ledger', path)).code).toBe(0);

  const all = await cli('checks', '--region', '370102');
  expect(all.code, all.err.join('\n')).toBe(0);
  expect(all.out).toContain('F7\t2\t有2名正式党员、需选派指导员帮建的组织');
  expect(all.out).toContain('T6\t1\t单位已停止经营或正式党员不足的党组织（撤改立）');
  expect(all.out.some((l) => l.startsWith('I1b\t'))).toBe(false);
  expect(all.out).toContain('T7\t0\t按登记级别应建党组织但未建的社会团体');

  const f7 = await cli('checks', '--region', '370102', '--check', 'F7');
  expect(f7.out[0]).toBe('历下区｜有2名正式党员、需选派指导员帮建的组织: 2');
  expect(f7.out.slice(1).map((l) => [l.split('\t')[0], l.split('\t').at(-1)])).toEqual([
    ['两名党员无指导员', '未选派指导员'],
    ['两名党员有指导员', '已有指导员'],
  ]);

  expect((await cli('policy', 'set', '--region', '370102', '--preset', '宁夏2018', '--yes')).code).toBe(0);
  const nx = await cli('checks', '--region', '370102', '--json');
  const ids = (JSON.parse(nx.out.join('\n')) as Array<{ id: string; params: Record<string, number> }>).map((c) => c.id);
  expect(ids).toContain('I1b');
  expect(ids).not.toContain('I2');

  expect((await cli('checks', '--region', '370102', '--check', 'X9')).code).toBe(2);
  expect((await cli('checks', '--region', '999999')).code).toBe(1);
}, 180_000);
