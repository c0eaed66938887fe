import { describe, expect, test } from 'vitest';
import { isMainlandMobile, maskMobile, maskName, normalizeMobile } from '../../src/domain/mobile.ts';

describe('normalizeMobile', () => {
  test.each([
    ['13812341234', '13812341234'],
    ['138 1234 1234', '13812341234'],
    ['138-1234-1234', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['+86-13812341234', '13812341234'],
    ['0086 13812341234', '13812341234'],
    ['8613812341234', '13812341234'],
    ['(+86) 138.1234.1234', '13812341234'],
    ['１３８１２３４１２３４', '13812341234'],
    ['138\u30001234\u30001234', '13812341234'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });

  test('leaves non-mobile numbers recognisable', () => {
    expect(normalizeMobile('0531-88023785')).toBe('053188023785');
    expect(normalizeMobile('+1 212 555 0100')).toBe('+12125550100');
    // "86" is only a prefix when a mobile number follows it
    expect(normalizeMobile('86123')).toBe('86123');
  });
});

describe('isMainlandMobile', () => {
  test.each(['13812341234', '19912345678', '14512345678', '+86 166 1234 5678'])('%s is a mobile number', (n) => {
    expect(isMainlandMobile(n)).toBe(true);
  });
  test.each(['12345678901', '1381234123', '138123412345', '10012345678', '053188023785', '', 'abc'])(
    '%s is not',
    (n) => {
      expect(isMainlandMobile(n)).toBe(false);
    },
  );
});

describe('maskMobile', () => {
  test('3 + 4 hidden + 4', () => {
    expect(maskMobile('13812341234')).toBe('138****1234');
    expect(maskMobile('+86 138-1234-1234')).toBe('138****1234');
  });
  test('never returns other numbers unmasked', () => {
    expect(maskMobile('0531-88023785')).toBe('053*****3785');
    expect(maskMobile('1234567')).toBe('*******');
    expect(maskMobile('')).toBe('');
  });
});

describe('maskName', () => {
  test.each([
    ['张三', '张*'],
    ['王小明', '王*明'],
    ['欧阳娜娜', '欧**娜'],
    ['司马相如', '司**如'],
    ['张', '*'],
    [' 李四 ', '李*'],
    ['阿依古丽·买买提', '阿***·**提'],
    ['John Smith', 'J*** ****h'],
    ['𠀋一', '𠀋*'], // a character outside the BMP is one character
    ['', ''],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
