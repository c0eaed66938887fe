import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock } from '../../src/clock.ts';
import { csvLine } from '../../src/ledger/csv.ts';
import { ROSTER_COLUMNS } from '../../src/ledger/roster-row.ts';
import { deflateRawSync } from 'node:zlib';
import { cliDatabase } from '../support/cli-database.ts';
import { craftZip } from '../ledger/support/zip-craft.ts';
import { sql } from 'drizzle-orm';
import { createDb } from '../../src/db/create-db.ts';
import { parseConfig } from '../../src/config/config.ts';
import { DISTRICT_FIGURES, ledgerCsv, row, syntheticDistrict } from '../ledger/support/ledger-fixtures.ts';

const cliDb = cliDatabase('lx-ledger-cli-');
const dir = cliDb.dir;

const cli = cliDb.cli(fixedClock('2026-11-22T02:00:00Z'));

const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('import-ledger: the synthetic district, with progress and the summary line last', async () => {
  const rows = [...syntheticDistrict(), row({ 组织名称: '坏行', 区划代码: '370112999' })];
  const r = await cli('import-ledger', file('district.csv', ledgerCsv(rows, { bom: true })), '--reason', '首次建账');
  expect(r.code).toBe(0);
  expect(r.out.at(-1)).toBe('imported 2440, updated 0, rejected 1');
  expect(r.progress.length).toBeGreaterThan(1);
  const rejected = readFileSync(join(dir, 'district.csv.rejected.csv'), 'utf8');
  expect(rejected).toMatch(/^\uFEFF行号,原因,组织名称/);
  expect(rejected).toContain('2442,区划代码“370112999”不存在,坏行');
}, 180_000);

test('coverage --json gives the JSON of interfaces.md; the text table the same figures', async () => {
  const r = await cli('coverage', '--region', '370112', '--json');
  expect(r.code).toBe(0);
  const body = JSON.parse(r.out.join('\n'));
  expect(body).toMatchObject({ region: { code: '370112', name: '历城区' }, basis: 'operating', asOf: '2026-11-22', total: DISTRICT_FIGURES });
  const text = await cli('coverage', '--region', '370112');
  expect(text.out[0]).toBe('历城区（370112）统计口径：正常经营的组织，截至 2026-11-22');
  expect(text.out[2]).toMatch(/^合计\s+2400\s+1710\s+230\s+2230\s+71\.3%\s+9\.6%\s+92\.9%$/);
}, 60_000);

test('coverage --verify: 0 when the rollups equal the rows, 1 with each difference when one is off', async () => {
  const ok = await cli('coverage', '--verify', '--region', '370112');
  expect(ok.code).toBe(0);
  expect(ok.out.at(-1)).toMatch(/^verified \d+ coverage variants of 370112: 0 differences$/);
  // Spoil one count behind the service's back, as a bug in a write path would.
  const tamper = async (delta: number) => {
    const d = await createDb(parseConfig(cliDb.env()), 'job');
    try {
      await d.db.execute(sql`update coverage_rollups set in_scope = in_scope + ${delta} where region_code = '370112001' and kind = 'enterprise'`);
    } finally {
      await d.close();
    }
  };
  await tamper(1);
  const off = await cli('coverage', '--verify', '--region', '3701');
  expect(off.code).toBe(1);
  expect(off.out[0]).toMatch(/^difference 370112001 enterprise inScope: rollup (\d+), rows \d+ \(variant /);
  expect(off.err).toHaveLength(1);
  await tamper(-1);
  expect((await cli('coverage', '--verify', '--region', '37')).code).toBe(0);
  expect((await cli('coverage', '--verify', '--region', '370112', '--basis', 'qualified')).code).toBe(2);
  expect((await cli('coverage', '--verify', '--region', '370199')).err).toEqual(['unknown region code: 370199']);
}, 60_000);

test('export-ledger writes an .xlsx that imports again unchanged', async () => {
  const out = join(dir, 'export.xlsx');
  const e = await cli('export-ledger', '--region', '370112', '--out', out);
  expect(e.code).toBe(0);
  expect(e.out[0]).toBe(`exported 2440 orgs of 历城区 (370112) to ${out}`);
  // No export before: the 变更说明 runs from the start and lists the 2440 orgs the import added, capped.
  expect(e.out[1]).toMatch(/^变更说明: \d+ lines since the start/);
  // A day given: from 00:00 Shanghai of that day; the import happened before it, so nothing to list.
  const later = await cli('export-ledger', '--region', '370112', '--out', join(dir, 'later.xlsx'), '--since', '2099-01-01');
  expect(later.out[1]).toBe('变更说明: 0 lines since 2098-12-31T16:00:00.000Z');
  const again = await cli('import-ledger', out);
  expect(again.err).toEqual([]);
  expect(again.out.at(-1)).toBe('imported 0, updated 0, rejected 0');
  expect(again.out).toContain('unchanged 2440, warnings 0');
}, 120_000);

test('import-roster lists the people Feishu does not know by mobile', async () => {
  const text = [csvLine([...ROSTER_COLUMNS]), csvLine(['李干部', '13900000001', '组织部干部', '370112', '', ''])].join('\n');
  const r = await cli('import-roster', file('roster.csv', text));
  expect(r.code).toBe(0);
  expect(r.out).toEqual(['not found in Feishu by mobile (1):', '  李干部 139****0001', 'people created 1, updated 0, unchanged 0, rejected 0']);
}, 60_000);

test('usage and user errors: exit codes 2 and 1 with one line', async () => {
  expect((await cli('import-ledger')).code).toBe(2);
  expect((await cli('coverage')).code).toBe(2);
  expect((await cli('coverage', '--region', '370112', '--basis', 'nope')).code).toBe(2);
  expect((await cli('export-ledger', '--region', '370112', '--out', 'x.csv')).code).toBe(2);
  expect((await cli('export-ledger', '--region', '370112', '--out', 'x.xlsx', '--since', '2026-13-01')).code).toBe(2);
  const missing = await cli('import-ledger', join(dir, 'nope.csv'));
  expect(missing.code).toBe(1);
  expect(missing.err).toEqual([`${join(dir, 'nope.csv')}: no such file`]);
  const bad = await cli('coverage', '--region', '370199');
  expect(bad.code).toBe(1);
  expect(bad.err).toEqual(['unknown region code: 370199']);
  const header = await cli('import-ledger', file('noheader.csv', 'a,b,c\n1,2,3\n'));
  expect(header.code).toBe(1);
  expect(header.err[0]).toContain('文件中没有找到台账表头');
  expect(existsSync(join(dir, 'noheader.csv.rejected.csv'))).toBe(false);
}, 60_000);

test('import-ledger refuses a zip bomb in English and Chinese, with exit code 1 and nothing imported (issue 18 item 7)', async () => {
  const zeros = deflateRawSync(Buffer.alloc(32 * 1024 * 1024));
  const bomb = craftZip(Array.from({ length: 40 }, (_, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: zeros, size: 32 * 1024 * 1024 })));
  const p = join(dir, 'bomb.xlsx');
  writeFileSync(p, bomb);
  const r = await cli('import-ledger', p);
  expect(r.code).toBe(1);
  expect(r.err).toEqual([
    `${p}: more than 1024 MB once unpacked (a zip bomb or a broken file); nothing was imported / 文件解压后超过1024MB，可能是异常或恶意的压缩文件，未导入。`,
  ]);
  expect(existsSync(`${p}.rejected.csv`)).toBe(false);
}, 60_000);

test('import-ledger: a file that is not a workbook, in English and Chinese', async () => {
  const r = await cli('import-ledger', file('not-a-zip.xlsx', 'hello'));
  expect(r.code).toBe(1);
  expect(r.err).toEqual([`${join(dir, 'not-a-zip.xlsx')}: not a readable .xlsx file: its zip structure is broken / 文件已损坏，或不是正常的Excel文件（.xlsx）。`]);
});

test('import-ledger says when rejected.csv is only a sample of the rejected rows', async () => {
  const rows = Array.from({ length: 1200 }, (_, i) => row({ 组织名称: `坏行${i}`, 区划代码: '999999999' }));
  const r = await cli('import-ledger', file('many-bad.csv', ledgerCsv(rows)));
  expect(r.code).toBe(0);
  expect(r.err).toContain(`rejected rows with reasons: ${join(dir, 'many-bad.csv')}.rejected.csv (the first 1000 of 1200)`);
  expect(r.out.at(-1)).toBe('imported 0, updated 0, rejected 1200');
  expect(readFileSync(join(dir, 'many-bad.csv.rejected.csv'), 'utf8').trim().split('\r\n')).toHaveLength(1001);
}, 60_000);
