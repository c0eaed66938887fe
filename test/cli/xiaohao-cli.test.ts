import { expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createDb } from '../../src/db/create-db.ts';
import { auditLog, baseCrossings } from '../../src/db/schema/index.ts';
import { cliDatabase } from '../support/cli-database.ts';
import { creditCode, ledgerCsv, row, type Row } from '../ledger/support/ledger-fixtures.ts';

const cliDb = cliDatabase('lx-xiaohao-');
const atFreeze = cliDb.cli(fixedClock('2026-11-22T02:00:00Z'));
const later = cliDb.cli(fixedClock('2026-11-30T02:00:00Z'));

async function importLedger(name: string, rows: Row[]) {
  const p = join(cliDb.dir, name);
  writeFileSync(p, ledgerCsv(rows));
  const r = await atFreeze('import-ledger', p, '--reason', '测试');
  expect(r.code, r.err.join('\n')).toBe(0);
}

const code = (n: number) => creditCode(90000 + n);
const org = (name: string, n: number, extra: Row = {}) => row({ 组织名称: name, 统一社会信用代码: code(n), 区划代码: '370112020', ...extra });
const party = (name: string): Row => ({ 正式党员数: 5, 党组织名称: `中共${name}支部委员会`, 组建方式: '单独组建', 党组织类型: '党支部' });
const joint: Row = { 正式党员数: 1, 党组织名称: '历城区第九联合党支部', 组建方式: '联合组建', 党组织类型: '联合党支部' };
const names = ['甲公司', '乙公司', '丙公司', '丁公司', '戊公司', '己公司', '庚公司'];

test('before a base exists, xiaohao says so', async () => {
  await importLedger('first.csv', [...names.map((n, i) => org(n, i + 1, i === 0 ? party(n) : {})), org('辛公司', 8, { 区划代码: '370112001' }), org('壬公司', 9, { 区划代码: '370112001' })]);
  const r = await atFreeze('xiaohao', 'list', '--region', '370112');
  expect(r).toMatchObject({ code: 1, err: ['no frozen base list covers region 370112 (freeze one with freeze-base)'] });
}, 120_000);

test('xiaohao list derives what the ledger says since the freeze, scoped to the region asked', async () => {
  expect((await atFreeze('freeze-base', '--region', '370112', '--name', '2026年党建基数')).code).toBe(0);
  // After the freeze: 乙 forms its own party org, 丙 joins a joint one, 丁 stops, 戊 is found a shell; 壬 joins the joint one.
  await importLedger('second.csv', [
    org('乙公司', 2, party('乙公司')),
    org('丙公司', 3, joint),
    org('丁公司', 4, { 经营状态: '停业' }),
    org('戊公司', 5, { 经营状态: '空壳' }),
    org('壬公司', 9, { 区划代码: '370112001', ...joint }),
  ]);
  const street = await later('xiaohao', 'list', '--region', '370112020');
  expect(street.code, street.err.join('\n')).toBe(0);
  expect(street.out).toEqual([
    'base 2026年党建基数 (370112, frozen 2026-11-22) in 370112020: 5 of 7 crossed off, 2 open',
    `${code(6)}\t己公司\t370112020\topen`,
    `${code(7)}\t庚公司\t370112020\topen`,
  ]);
  const all = await later('xiaohao', 'list', '--region', '370112020', '--all');
  expect(all.out.slice(1)).toEqual([
    `${code(3)}\t丙公司\t370112020\tjoint (ledger)`,
    `${code(4)}\t丁公司\t370112020\tclosed (ledger)`,
    `${code(6)}\t己公司\t370112020\topen`,
    `${code(5)}\t戊公司\t370112020\tout_of_scope (ledger)`,
    `${code(7)}\t庚公司\t370112020\topen`,
    `${code(1)}\t甲公司\t370112020\tparty_org (ledger)`,
    `${code(2)}\t乙公司\t370112020\tparty_org (ledger)`,
  ].sort((a, b) => a.split('\t')[1]!.localeCompare(b.split('\t')[1]!)));
  const district = await later('xiaohao', 'list', '--region', '370112');
  expect(district.out[0]).toBe('base 2026年党建基数 (370112, frozen 2026-11-22) in 370112: 6 of 9 crossed off, 3 open');
  expect(district.out.slice(1).map((l) => l.split('\t')[1])).toEqual(['辛公司', '己公司', '庚公司']);
}, 120_000);

test('xiaohao add records a reason and date, audited; only inside the region and once', async () => {
  const r = await later('xiaohao', 'add', '--region', '370112020', '--org', code(6), '--reason', 'out_of_scope', '--date', '2026-11-25', '--note', '核实已迁出本区');
  expect(r, r.err.join('\n')).toMatchObject({ code: 0, err: [], out: [`crossed off 己公司 (${code(6)}) on 2026-11-25: out_of_scope`] });
  const again = await later('xiaohao', 'add', '--region', '370112020', '--org', '己公司', '--reason', 'closed');
  expect(again).toMatchObject({ code: 1, err: ['己公司 is already crossed off: out_of_scope on 2026-11-25'] });
  // 辛公司 is in the base but in another street: not reachable from 370112020.
  const outside = await later('xiaohao', 'add', '--region', '370112020', '--org', '辛公司', '--reason', 'closed');
  expect(outside).toMatchObject({ code: 1, err: ['no org of base in force in region 370112020 matches 辛公司'] });
  expect((await later('xiaohao', 'add', '--region', '370112020', '--org', '庚公司', '--reason', 'closed', '--date', '2026-12-01')).err).toEqual(['--date 2026-12-01 is in the future']);
  expect((await later('xiaohao', 'add', '--region', '370112020', '--org', '庚公司', '--reason', 'closed', '--date', '2026-11-01')).err).toEqual(['--date 2026-11-01 is before the base was frozen (2026-11-22)']);
  expect((await later('xiaohao', 'add', '--region', '370112020', '--org', '庚公司', '--reason', 'gone')).code).toBe(2);
  expect((await later('xiaohao', 'remove', '--region', '370112020')).code).toBe(2);
  // A crossing the ledger already shows may still be recorded, which gives it a date.
  expect((await later('xiaohao', 'add', '--region', '370112', '--org', '丙公司', '--reason', 'joint', '--date', '2026-11-28')).code).toBe(0);

  const list = await later('xiaohao', 'list', '--region', '370112020', '--all');
  expect(list.out[0]).toBe('base 2026年党建基数 (370112, frozen 2026-11-22) in 370112020: 6 of 7 crossed off, 1 open');
  expect(list.out).toContain(`${code(6)}\t己公司\t370112020\tout_of_scope 2026-11-25 核实已迁出本区`);
  expect(list.out).toContain(`${code(3)}\t丙公司\t370112020\tjoint 2026-11-28`);

  const database = await createDb(parseConfig(cliDb.env()));
  try {
    const rows = await database.db.select().from(baseCrossings);
    expect(rows.map((c) => [c.reason, c.crossedOn, c.note, c.createdBy]).sort()).toEqual([
      ['joint', '2026-11-28', null, 'cli'],
      ['out_of_scope', '2026-11-25', '核实已迁出本区', 'cli'],
    ]);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entity, 'base_crossing'));
    expect(audits).toHaveLength(2);
    expect(audits.find((a) => (a.after as { reason: string }).reason === 'out_of_scope')).toMatchObject({
      action: 'create',
      actorLabel: 'cli',
      reason: '核实已迁出本区',
      after: { base: '2026年党建基数', baseRegion: '370112', reason: 'out_of_scope', crossedOn: '2026-11-25', note: '核实已迁出本区' },
    });
  } finally {
    await database.close();
  }
}, 120_000);
