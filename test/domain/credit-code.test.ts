import { describe, expect, test } from 'vitest';
import {
  checkCreditCode,
  creditCodeCategory,
  creditCodeCheckChar,
  normalizeCreditCode,
} from '../../src/domain/credit-code.ts';

// reference/data.md §2.4: real codes from public material, all valid.
const REAL_VALID = [
  '914403001922038216', // 华为技术有限公司
  '9144030071526726XG', // 腾讯科技（深圳）有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '91330100799655058B', // 阿里巴巴（中国）有限公司
  '91110000802100433B', // 北京百度网讯科技有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '91310110666007217T', // hutool test
  '91310115591693856A', // hutool test
  '53100000500019795A', // 中国社会福利基金会
  '53100000500021676K', // 北京理工大学教育基金会
  '12100000400009127B', // 北京理工大学
];
// Synthetic codes valid by the check, one per category, and two whose check character is 0.
const SYNTHETIC_VALID = ['51370112MJD000011J', '52370112MJD00002X7', '92370112L00000011A', '93370112MA0000015K', '91370112MA3C00011Y'];
const CHECK_ZERO = ['911100001000000020', '911100001000000310'];

describe('checkCreditCode', () => {
  test.each([...REAL_VALID, ...SYNTHETIC_VALID, ...CHECK_ZERO])('%s is valid', (code) => {
    expect(checkCreditCode(code)).toEqual({ valid: true, normalized: code });
  });

  test('a check character of 0 comes from a remainder of 0 (the stdnum bug)', () => {
    expect(creditCodeCheckChar('91110000100000002')).toBe('0');
    expect(creditCodeCheckChar('91110000100000031')).toBe('0');
  });

  test('a changed check character is caught and the right one named', () => {
    expect(checkCreditCode('914403001922038217')).toEqual({
      valid: false,
      reason: 'check',
      normalized: '914403001922038217',
      expected: '6',
    });
  });

  test.each([
    ['91350211M00013FA1N', '3'],
    ['91350100M0001TGQXM', '1'],
    ['91350211M0000XUF46', 'R'],
    ['91350203M0001FUE2P', 'J'],
  ])('early pilot code %s fails the check (a warning, not a rejection)', (code, expected) => {
    expect(checkCreditCode(code)).toMatchObject({ valid: false, reason: 'check', expected });
  });

  test.each([
    ['91110108717809965C', 'J'],
    ['9133010057462616XH', '9'],
    ['53100000500020462H', 'K'],
    ['91110000800088421P', 'W'],
  ])('mislabelled mock code %s fails (should end in %s)', (code, expected) => {
    expect(checkCreditCode(code)).toMatchObject({ valid: false, reason: 'check', expected });
  });

  test('length before charset before check', () => {
    expect(checkCreditCode('91440300192203821')).toMatchObject({ valid: false, reason: 'length' });
    expect(checkCreditCode('9144030019220382166')).toMatchObject({ valid: false, reason: 'length' });
    expect(checkCreditCode('')).toMatchObject({ valid: false, reason: 'length' });
    // I, O, S, V, Z are not in the character set
    expect(checkCreditCode('91440300192203821I')).toMatchObject({ valid: false, reason: 'charset' });
    expect(checkCreditCode('9144030O1922038216')).toMatchObject({ valid: false, reason: 'charset' });
    // positions 3–8 are the region code: digits only
    expect(checkCreditCode('9144A3001922038216')).toMatchObject({ valid: false, reason: 'charset' });
    expect(checkCreditCode('91440300192203821-')).toMatchObject({ valid: false, reason: 'charset' });
  });
});

describe('normalizeCreditCode', () => {
  test('trims, drops inner spaces, converts full-width and upper-cases', () => {
    expect(normalizeCreditCode('  9144030071526726xg ')).toBe('9144030071526726XG');
    expect(normalizeCreditCode('９１４４０３００７１５２６７２６ｘｇ')).toBe('9144030071526726XG');
    expect(normalizeCreditCode('9144 0300 7152 6726 XG')).toBe('9144030071526726XG');
    expect(normalizeCreditCode('9144\u30000300715267\t26XG')).toBe('9144030071526726XG');
  });

  test('checkCreditCode normalises first', () => {
    expect(checkCreditCode('９１４４０３００７１５２６７２６ｘｇ')).toEqual({ valid: true, normalized: '9144030071526726XG' });
  });
});

test('creditCodeCategory reads the first two characters', () => {
  expect(creditCodeCategory('914403001922038216')).toBe('enterprise');
  expect(creditCodeCategory('92370112L00000011A')).toBe('individual_business');
  expect(creditCodeCategory('93370112MA0000015K')).toBe('farmers_cooperative');
  expect(creditCodeCategory('51370112MJD000011J')).toBe('social_group');
  expect(creditCodeCategory('52370112MJD00002X7')).toBe('private_non_enterprise');
  expect(creditCodeCategory('53100000500019795A')).toBe('foundation');
  expect(creditCodeCategory('12100000400009127B')).toBe('other');
  expect(creditCodeCategory('Y1xxxx')).toBe('other');
});
