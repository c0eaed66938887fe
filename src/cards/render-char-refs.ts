/**
 * Escaping by HTML character references, the way both Feishu's and DingTalk's markdown show a
 * character that is also syntax (`&#42;` for `*`): the characters that are syntax anywhere, and
 * those that are syntax only at the start of a line. Each renderer says which are which.
 */
export const charRef = (ch: string): string => `&#${ch.codePointAt(0)};`;

export function escapeWithRefs(s: string, anywhere: string, lineStart: RegExp, lineIndent: (space: string) => string = (x) => x): string {
  let out = '';
  for (const ch of s) out += anywhere.includes(ch) ? charRef(ch) : ch;
  return out.replace(lineStart, (_, space: string, c: string) => lineIndent(space) + [...c].map(charRef).join(''));
}
