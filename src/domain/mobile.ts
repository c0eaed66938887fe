/**
 * Mainland mobile numbers and the masking of personal data (reference/data.md §4.2).
 *
 * Mobile numbers are how roster rows are matched to Feishu users, so they are normalised once on
 * the way in. The check is the loose 1[3-9] + 9 digits rule: number segments change, and a
 * stricter list would refuse real numbers before any carrier does.
 */

const MOBILE_RE = /^1[3-9]\d{9}$/;

function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Strip spaces, dashes, dots and brackets and a +86 / 0086 / 86 country prefix:
 * "+86 138-1234-1234" → "13812341234". Anything else is left as typed, so a landline or a
 * foreign number comes out recognisably and {@link isMainlandMobile} says no.
 */
export function normalizeMobile(s: string): string {
  const compact = halfWidth(s).replace(/[\s\u3000\-–—.()]/g, '');
  const m = /^(?:\+86|0086|86)(1[3-9]\d{9})$/.exec(compact);
  return m ? m[1] : compact;
}

export function isMainlandMobile(s: string): boolean {
  return MOBILE_RE.test(normalizeMobile(s));
}

/**
 * "13812341234" → "138****1234" (3 + 4 hidden + 4, the usual convention). Any other number keeps
 * its first 3 and last 4 characters when it is long enough to hide something in between, and is
 * starred out completely otherwise: masking never hands back the input unmasked.
 */
export function maskMobile(s: string): string {
  const n = normalizeMobile(s);
  if (n.length >= 8) return n.slice(0, 3) + '*'.repeat(n.length - 7) + n.slice(-4);
  return '*'.repeat(n.length);
}

/**
 * Rule: keep the first and the last character, star everything between; a two-character name
 * keeps only the first; a one-character name is starred out.
 *   张三 → 张*   王小明 → 王*明   欧阳娜娜 → 欧**娜   张 → *
 * The rule is positional, not surname-aware: it needs no surname list and never reveals more than
 * two characters. Separators in transliterated names stay visible so the shape reads naturally
 * (阿依古丽·买买提 → 阿***·**提). Characters are counted as code points, so rare characters
 * outside the BMP are not split.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  const letters = chars.filter((c) => !isSeparator(c)).length;
  if (letters <= 1) return chars.map((c) => (isSeparator(c) ? c : '*')).join('');
  let seen = 0;
  return chars
    .map((c) => {
      if (isSeparator(c)) return c;
      seen++;
      const keep = seen === 1 || (seen === letters && letters > 2);
      return keep ? c : '*';
    })
    .join('');
}

function isSeparator(c: string): boolean {
  return /[\s·•.．\-]/.test(c);
}
