/**
 * Invented 统一社会信用代码 that pass the GB 32100-2015 check (computed by the domain module) and
 * whose 组织机构代码 part carries a correct GB 11714 check character too, so they look like the
 * codes in a real ledger: 91 enterprise, 93 farmers' cooperative, 51 / 52 / 53 social
 * organisations, 31 law firm; 370112 is 历城区.
 */
import { creditCodeCheckChar } from '../domain/credit-code.ts';
import type { Rng } from './prng.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character of an 8-character organisation code body (letters count A=10 … Z=35). */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i]!;
    const v = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** The registration-authority prefix of the 8-character body (MA 市场监管, MJ 民政, MD 司法). */
const BODY_PREFIX: Record<string, string> = { '91': 'MA', '93': 'MA', '51': 'MJ', '52': 'MJ', '53': 'MJ', '31': 'MD' };

export function demoCreditCode(rng: Rng, category: keyof typeof BODY_PREFIX, regionCode: string): string {
  let body = BODY_PREFIX[category]!;
  while (body.length < 8) body += CHARSET[rng.int(0, CHARSET.length - 1)];
  const first17 = `${category}${regionCode}${body}${orgCodeCheckChar(body)}`;
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`demo credit code outside the character set: ${first17}`);
  return first17 + check;
}
