/**
 * One spelling per phone number, so that a roster's "+86 138-0000-0001" and Feishu's
 * "13800000001" meet. Mainland numbers lose +86/0086/86; others keep their + country code, which
 * Feishu's batch_get_id requires for non-mainland numbers.
 */
export function normalizeMobile(m: string): string {
  let s = m.replace(/[\s\-()]/g, '');
  if (s.startsWith('00')) s = '+' + s.slice(2);
  if (/^\+?86(1\d{10})$/.test(s)) s = s.replace(/^\+?86/, '');
  return s;
}
