import { describe, expect, test } from 'vitest';
import { mapHeader, validateLedgerRow, type HeaderMap } from '../../src/ledger/ledger-row.ts';
import { LEDGER_COLUMNS, LEDGER_EXPORT_COLUMNS } from '../../src/ledger/ledger-template.ts';
import { ledgerPrompts } from '../../src/ledger/ledger-prompts.ts';
import { issueText } from '../../src/ledger/ledger-import.ts';
import { creditCode, row, type Row } from './support/ledger-fixtures.ts';

const header = (mapHeader([...LEDGER_COLUMNS]) as { map: HeaderMap }).map;
const regions = new Set(['370112', '370112020', '3701', '37']);
const ctx = { regionExists: (c: string) => regions.has(c) };
const check = (r: Row) => validateLedgerRow(7, LEDGER_COLUMNS.map((c) => String(r[c] ?? '')), header, ctx);
const codes = (r: Row) => {
  const v = check(r);
  return v.ok ? [] : v.issues.map((i) => i.code);
};

describe('header', () => {
  test('columns are found by name in any order; extra columns are ignored', () => {
    const cells = ['备注', ...[...LEDGER_COLUMNS].reverse()];
    const m = mapHeader(cells);
    expect('map' in m && m.map['组织名称']).toBe(cells.indexOf('组织名称'));
  });
  test('half-width brackets and spaces in the header still match', () => {
    const cells = LEDGER_COLUMNS.map((c) => c.replace('（', '(').replace('）', ')'));
    expect('map' in mapHeader(cells)).toBe(true);
  });
  test('missing columns are named', () => {
    const m = mapHeader(LEDGER_COLUMNS.filter((c) => c !== '经营状态' && c !== '组建方式'));
    expect(m).toEqual({ missing: ['经营状态', '组建方式'] });
  });
});

describe('each rejection reason', () => {
  const ok = row({ 组织名称: '甲公司', 统一社会信用代码: creditCode(1) });
  test('a good row passes', () => expect(check(ok).ok).toBe(true));
  test.each([
    [{ 组织名称: '' }, 'missing_name'],
    [{ 区划代码: '370112999' }, 'bad_region'],
    [{ 区划代码: 'abc' }, 'bad_region'],
    [{ 区划代码: '' }, 'missing_region'],
    [{ 区划代码: '3701' }, 'region_level'],
    [{ 职工人数: -3 }, 'bad_count'],
    [{ 正式党员数: 'x' }, 'bad_count'],
    [{ 预备党员数: '1.5' }, 'bad_count'],
    [{ 未转组织关系党员数: '-1' }, 'bad_count'],
    [{ '年营业收入（万元）': '-5' }, 'bad_revenue'],
    [{ 组织类别: '国有企业' }, 'bad_kind'],
    [{ 组织类别: '' }, 'missing_kind'],
    [{ 经营状态: '倒闭' }, 'bad_status'],
    [{ 组建方式: '合作组建' }, 'bad_formation'],
    [{ 组建方式: '单独组建', 党组织名称: '中共甲支部', 党组织类型: '党小组' }, 'bad_party_org_type'],
    [{ 组建方式: '单独组建', 党组织类型: '党支部' }, 'missing_party_org_name'],
    [{ 组建方式: '联合组建', 党组织名称: '联合支部' }, 'missing_party_org_type'],
    [{ 组建方式: '单独组建', 党组织名称: '甲支部', 党组织类型: '联合党支部' }, 'standalone_joint_type'],
    [{ 党组织名称: '甲支部' }, 'party_org_without_formation'],
    [{ 群团组织: '工会、商会' }, 'bad_mass_org'],
    [{ 出资人是否党员: '不详' }, 'bad_yes_no'],
    [{ 统一社会信用代码: '9137011' }, 'credit_code_length'],
    [{ 统一社会信用代码: '91370112MA3C0001IY' }, 'credit_code_charset'],
  ] as Array<[Row, string]>)('%o → %s', (patch, code) => {
    expect(codes({ ...ok, ...patch })).toContain(code);
  });
  test('every problem of a row is reported, with the row number in the words', () => {
    const v = check({ ...ok, 区划代码: '999999999', 职工人数: -1, 经营状态: '?' });
    expect(v.ok).toBe(false);
    const text = issueText(ledgerPrompts, v.ok ? [] : v.issues);
    expect(text).toContain('区划代码“999999999”不存在');
    expect(text).toContain('职工人数“-1”应为不小于0的整数');
    expect(text).toContain('经营状态“?”无法识别');
  });
});

describe('values', () => {
  test('a credit code failing the check is kept, with a warning', () => {
    const v = check(row({ 组织名称: '早期试点公司', 统一社会信用代码: '91350211M00013FA1N', 区划代码: '370112020' }));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.record.creditCode).toBe('91350211M00013FA1N');
    expect(v.warnings).toEqual([{ code: 'credit_code_check', params: { value: '91350211M00013FA1N', expected: '3' } }]);
  });
  test('full-width and lower-case codes, 12-digit region codes, decimals and lists are normalised', () => {
    const code = creditCode(2);
    const fw = code.toLowerCase().replace(/[0-9a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const v = check(row({ 组织名称: ' 甲(济南)公司 ', 统一社会信用代码: fw, 区划代码: '370112020000', '年营业收入（万元）': '1,234.567', 群团组织: '工会，团支部 妇联', 党建工作指导员手机号: '+86 138-0013-8000', 出资人是否党员: '是' }));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.record).toMatchObject({ name: '甲（济南）公司', creditCode: code, regionCode: '370112020', revenue: 1234.57, massOrgs: ['工会', '共青团', '妇联'], instructorMobile: '13800138000', principalIsMember: true });
  });
  test('a county code is accepted; an instructor number that is not a mobile is dropped with a warning', () => {
    const v = check(row({ 组织名称: '乙', 区划代码: '370112', 党建工作指导员手机号: '0531-8888888' }));
    expect(v.ok && v.record.instructorMobile).toBe(null);
    expect(v.ok && v.warnings[0]!.code).toBe('bad_instructor_mobile');
  });
  test('regions outside the allowed ones are rejected (chat imports)', () => {
    const v = validateLedgerRow(2, LEDGER_COLUMNS.map((c) => String(row({ 组织名称: '丙' })[c] ?? '')), header, { ...ctx, regionAllowed: (c) => c.startsWith('370113') });
    expect(v.ok ? [] : v.issues.map((i) => i.code)).toEqual(['region_out_of_scope']);
  });
});

describe('optional columns 登记机关级别 and 业务主管单位', () => {
  const full = (mapHeader([...LEDGER_EXPORT_COLUMNS]) as { map: HeaderMap }).map;
  const checkFull = (r: Row) => validateLedgerRow(7, LEDGER_EXPORT_COLUMNS.map((c) => String(r[c] ?? '')), full, ctx);
  const society = (extra: Row) => row({ 组织名称: '某学会', 组织类别: '社会组织', 细分类型: '社会团体', ...extra });
  test('a file without them: the record leaves them out (the org keeps what it had)', () => {
    expect(header['登记机关级别']).toBeUndefined();
    const v = check(society({}));
    expect(v.ok && 'registrationLevel' in v.record).toBe(false);
    expect(v.ok && 'supervisorUnit' in v.record).toBe(false);
  });
  test.each([
    ['全国', 'national'],
    ['省', 'province'],
    ['自治区', 'province'],
    ['市级', 'city'],
    ['县(区)级', 'county'],
    [' 区 ', 'county'],
    ['', null],
  ])('登记机关级别 %s → %s', (word, level) => {
    const v = checkFull(society({ 登记机关级别: word, 业务主管单位: '市科协' }));
    expect(v.ok && v.record.registrationLevel).toBe(level);
    expect(v.ok && v.record.supervisorUnit).toBe('市科协');
  });
  test('an unknown level is refused, with the words to use', () => {
    const v = checkFull(society({ 登记机关级别: '乡级' }));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(issueText(ledgerPrompts, v.issues)).toBe('登记机关级别“乡级”无法识别，应为全国、省级、市级或县级');
  });
  test('an empty 业务主管单位 is null', () => {
    const v = checkFull(society({ 登记机关级别: '市级' }));
    expect(v.ok && v.record.supervisorUnit).toBeNull();
  });
});
