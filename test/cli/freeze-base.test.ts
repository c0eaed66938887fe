import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createDb } from '../../src/db/create-db.ts';
import { auditLog, coverageBases } from '../../src/db/schema/index.ts';
import { cliDatabase } from '../support/cli-database.ts';
import { creditCode, ledgerCsv, row, type Row } from '../ledger/support/ledger-fixtures.ts';

const cliDb = cliDatabase('lx-freeze-base-');
const dir = cliDb.dir;

const clock = fixedClock('2026-11-22T02:00:00Z');

const cli = cliDb.cli(clock);

async function importLedger(name: string, rows: Row[]) {
  const p = join(dir, name);
  writeFileSync(p, ledgerCsv(rows));
  const r = await cli('import-ledger', p, '--reason', '测试');
  expect(r.code, r.err.join('\n')).toBe(0);
}

const org = (name: string, n: number, extra: Row = {}) => row({ 组织名称: name, 统一社会信用代码: creditCode(80000 + n), 区划代码: '370112020', ...extra });
const party = (name: string): Row => ({ 正式党员数: 5, 党组织名称: `中共${name}支部委员会`, 组建方式: '单独组建', 党组织类型: '党支部' });

test('coverage --basis frozen before any base: exit 1 with one line', async () => {
  await importLedger('first.csv', [org('一号公司', 1, party('一号公司')), org('二号公司', 2), org('三号公司', 3), org('四号公司', 4, { 经营状态: '停业' })]);
  const r = await cli('coverage', '--region', '370112', '--basis', 'frozen');
  expect(r.code).toBe(1);
  expect(r.err).toEqual(['no frozen base list covers region 370112 (freeze one with freeze-base)']);
  expect(r.out).toEqual([]);
}, 120_000);

test('freeze-base freezes the operating orgs, audited; a second base of the same name is refused', async () => {
  const r = await cli('freeze-base', '--region', '370112', '--name', '2026年党建基数');
  expect(r).toMatchObject({ code: 0, err: [] });
  expect(r.out).toEqual(['frozen base 2026年党建基数 for 370112 on 2026-11-22: 3 orgs']);
  const dup = await cli('freeze-base', '--region', '370112', '--name', '2026年党建基数');
  expect(dup.code).toBe(1);
  expect(dup.err).toEqual(['a base named 2026年党建基数 already exists for region 370112']);
  // The same name for another region is a different base.
  expect((await cli('freeze-base', '--region', '370112020', '--name', '2026年党建基数')).code).toBe(0);

  const database = await createDb(parseConfig(cliDb.env()));
  try {
    const bases = await database.db.select().from(coverageBases);
    expect(bases.map((b) => [b.regionCode, b.name, b.frozenOn, b.createdBy]).sort()).toEqual([
      ['370112', '2026年党建基数', '2026-11-22', 'cli'],
      ['370112020', '2026年党建基数', '2026-11-22', 'cli'],
    ]);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entity, 'coverage_base'));
    expect(audits).toHaveLength(2);
    expect(audits.find((a) => a.entityId === bases.find((b) => b.regionCode === '370112')!.id)).toMatchObject({
      action: 'create',
      actorLabel: 'cli',
      after: { name: '2026年党建基数', regionCode: '370112', frozenOn: '2026-11-22', orgs: 3 },
    });
  } finally {
    await database.close();
  }
}, 120_000);

test('after the ledger changes, coverage --basis frozen keeps the frozen denominator and names the base', async () => {
  await importLedger('second.csv', [org('二号公司', 2, party('二号公司')), org('五号公司', 5), org('六号公司', 6)]);
  const operating = JSON.parse((await cli('coverage', '--region', '370112', '--json')).out.join('\n'));
  expect(operating.total).toEqual({ inScope: 5, partyOrg: 2, standalone: 2, work: 2 });
  expect(operating).not.toHaveProperty('base');

  const r = await cli('coverage', '--region', '370112', '--basis', 'frozen', '--json');
  expect(r.code).toBe(0);
  const body = JSON.parse(r.out.join('\n'));
  expect(Object.keys(body)).toEqual(['region', 'basis', 'base', 'asOf', 'total', 'enterprise', 'socialOrg', 'children']);
  expect(body).toMatchObject({ basis: 'frozen', base: { name: '2026年党建基数', frozenOn: '2026-11-22' }, total: { inScope: 3, partyOrg: 2, standalone: 2, work: 2 } });

  const text = await cli('coverage', '--region', '370112', '--base', '2026年党建基数');
  expect(text.code).toBe(0);
  expect(text.out[0]).toBe('历城区（370112）统计口径：党建基数名单“2026年党建基数”（2026-11-22确定），截至 2026-11-22');
}, 120_000);

test('usage and user errors of freeze-base and --base', async () => {
  expect((await cli('freeze-base', '--region', '370112')).code).toBe(2);
  expect((await cli('freeze-base', '--name', 'x')).code).toBe(2);
  expect((await cli('coverage', '--region', '370112', '--basis', 'qualified', '--base', 'x')).code).toBe(2);
  const unknown = await cli('freeze-base', '--region', '370199', '--name', 'x');
  expect(unknown).toMatchObject({ code: 1, err: ['unknown region code: 370199'] });
  const noSuch = await cli('coverage', '--region', '370112', '--base', '没有这个');
  expect(noSuch).toMatchObject({ code: 1, err: ['no frozen base list named 没有这个 covers region 370112'] });
  const above = await cli('coverage', '--region', '3701', '--basis', 'frozen');
  expect(above).toMatchObject({ code: 1, err: ['no frozen base list covers region 3701 (freeze one with freeze-base)'] });
}, 120_000);
