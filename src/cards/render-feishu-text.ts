import type { Rich, Span } from './document.ts';
import { escapeWithRefs } from './render-char-refs.ts';

/**
 * Rich text → the content of Feishu's rich-text (markdown) component, JSON 2.0.
 *
 * Feishu's component doc (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text,
 * "特殊字符转义") says to show a character that is also syntax, write it as an HTML character
 * reference (`&#42;` for `*`, `&#60;` for `<`, …). A backslash is not an escape there: it stays
 * visible, which is how `3号楼\(东\)会议室` came to be shown. So user text is escaped with
 * character references, and only for characters that can start syntax, to keep cards small.
 * (That section of the doc was not in the stored copy this was checked against; the console draws
 * these references the same way, and a live app is the final word.)
 */

/** Characters that are syntax anywhere in a line. */
const ANYWHERE = '&<>*_~`[]|\\$';

/** Characters that are syntax only at the start of a line (headings, lists, quotes, rules). */
const LINE_START = /^([ \t]*)([#+\-]|\d+(?=\.\s))/gm;

export function escapeFeishuText(s: string): string {
  return escapeWithRefs(s, ANYWHERE, LINE_START)
    // `:OK:` is an emoji shortcode; break the pair so typed text stays text.
    .replace(/:(?=[A-Za-z_]+:)/g, '&#58;');
}

const FONT: Record<string, string> = { red: 'red', orange: 'orange', green: 'green', grey: 'grey' };

function span(s: Span): string {
  let t = escapeFeishuText(s.text);
  // Bold markers must hug non-space text, so surrounding line breaks stay outside them.
  if (s.bold) t = t.replace(/[^\n]+/g, (line) => `**${line}**`);
  if (s.tone) t = `<font color="${FONT[s.tone]}">${t}</font>`;
  return t;
}

export const feishuMarkdown = (r: Rich): string => r.map(span).join('');
