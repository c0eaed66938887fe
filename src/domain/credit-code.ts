/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters, the last one a
 * mod-31 check character over the first 17 (reference/data.md §2).
 *
 * A failed check is reported, not thrown: early pilot codes (Xiamen 2015, e.g.
 * 91350211M00013FA1N) fail it yet are real, so the ledger shows "校验位不符，请核对" and keeps
 * the row. Length and character-set failures are plain typing mistakes.
 */

// 31 symbols: I, O, S, V and Z are left out so they cannot be confused with 1, 0, 5, U and 2.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// W_i = 3^(i-1) mod 31 for positions 1..17.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const FORMAT_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * Trim, drop inner whitespace (people paste "9144 0300 …"), turn full-width characters into
 * half-width (IME input such as "９１４４…") and upper-case.
 */
export function normalizeCreditCode(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase();
}

/** The check character for the first 17 characters, or null if one of them is outside the set. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  // The outer "% 31" matters: a remainder of 0 gives '0', not CHARSET[31] (the bug in stdnum).
  return CHARSET[(31 - (sum % 31)) % 31];
}

export type CreditCodeProblem = 'length' | 'charset' | 'check';

export interface CreditCodeCheck {
  valid: boolean;
  /** Why it is not valid: 18 characters expected, a character outside the set, or a wrong check character. */
  reason?: CreditCodeProblem;
  /** The code after {@link normalizeCreditCode}: what the ledger stores. */
  normalized: string;
  /** With reason 'check': the check character the first 17 characters call for. */
  expected?: string;
}

export function checkCreditCode(s: string): CreditCodeCheck {
  const normalized = normalizeCreditCode(s);
  if (normalized.length !== 18) return { valid: false, reason: 'length', normalized };
  if (!FORMAT_RE.test(normalized)) return { valid: false, reason: 'charset', normalized };
  const expected = creditCodeCheckChar(normalized.slice(0, 17));
  if (expected !== normalized[17]) return { valid: false, reason: 'check', normalized, expected: expected ?? undefined };
  return { valid: true, normalized };
}

/**
 * What the first two characters (registration authority and category) say about the holder.
 * Unknown pairs are 'other', never an error: categories have been added since 2015.
 */
export type CreditCodeCategory =
  | 'enterprise' // 91 企业
  | 'individual_business' // 92 个体工商户
  | 'farmers_cooperative' // 93 农民专业合作社
  | 'social_group' // 51 社会团体
  | 'private_non_enterprise' // 52 民办非企业单位 (社会服务机构)
  | 'foundation' // 53 基金会
  | 'other';

const CATEGORIES: Record<string, CreditCodeCategory> = {
  '91': 'enterprise',
  '92': 'individual_business',
  '93': 'farmers_cooperative',
  '51': 'social_group',
  '52': 'private_non_enterprise',
  '53': 'foundation',
};

export function creditCodeCategory(code: string): CreditCodeCategory {
  return CATEGORIES[normalizeCreditCode(code).slice(0, 2)] ?? 'other';
}
