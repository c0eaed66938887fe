import type { Rich, Tone } from './document.ts';
import { rich } from './rich.ts';

const TONES = new Set<Tone>(['red', 'orange', 'green', 'grey']);

/**
 * Transitional: reads the markdown strings flows built before the card document (`**bold**`,
 * `<font color="…">…</font>`, and backslash escapes from `escapeMd`) into rich text, so every
 * renderer escapes by its own rules. Anything else is text. Goes away with the last `md()` call.
 */
export function legacyMarkdown(s: string): Rich {
  const out: Rich = [];
  let bold = false;
  const tones: Tone[] = [];
  let buf = '';
  const flush = () => {
    if (!buf) return;
    const tone = tones[tones.length - 1];
    out.push({ text: buf, ...(bold ? { bold: true } : {}), ...(tone ? { tone } : {}) });
    buf = '';
  };
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      buf += s[i + 1];
      i += 2;
      continue;
    }
    if (s.startsWith('**', i)) {
      flush();
      bold = !bold;
      i += 2;
      continue;
    }
    const open = /^<font color=['"]?(\w+)['"]?>/.exec(s.slice(i, i + 30));
    if (open) {
      flush();
      const t = open[1] as Tone;
      tones.push(TONES.has(t) ? t : 'grey');
      i += open[0].length;
      continue;
    }
    if (s.startsWith('</font>', i)) {
      flush();
      tones.pop();
      i += 7;
      continue;
    }
    buf += c;
    i++;
  }
  flush();
  return rich(out);
}
