import type { Rich, Span } from './document.ts';
import { escapeWithRefs } from './render-char-refs.ts';

/**
 * Rich text → the `text` of a DingTalk markdown message (sampleMarkdown).
 *
 * DingTalk's markdown takes inline HTML (`<font color>`, `<br>`: the message-type doc and the
 * dingraia notes in src/messenger/dingtalk/README.md), so, as on Feishu, a character that is
 * also syntax is written as an HTML character reference (`&#42;` for `*`); a backslash escape is
 * not relied on. Line breaks inside text become `  \n` (a hard break) because DingTalk joins
 * single newlines of a paragraph.
 */
/** Characters that are syntax anywhere in a line. */
const ANYWHERE = '&<>*_~`[]()|\\#!$@';

/** Characters that are syntax only at the start of a line (lists, ordered lists, rules). */
const LINE_START = /^([ \t]*)([+\-=]|\d+(?=[.)]\s))/gm;

export function escapeDingtalkText(s: string): string {
  // Leading spaces would make an indented code block: they are kept as references too.
  return escapeWithRefs(s, ANYWHERE, LINE_START, (space) => space.replace(/ /g, '&#32;'));
}

/** Tones as colours (DingTalk's own palette values: common_red1_color and friends). */
const COLOR: Record<string, string> = { red: '#F74E2B', orange: '#F89125', green: '#2DB045', grey: '#888F95' };

function span(s: Span): string {
  return s.text
    .split('\n')
    .map((line) => {
      if (!line) return '';
      let t = escapeDingtalkText(line);
      if (s.bold) t = `**${t}**`;
      if (s.tone) t = `<font color="${COLOR[s.tone]}">${t}</font>`;
      return t;
    })
    .join('  \n');
}

export const dingtalkMarkdown = (r: Rich): string => r.map(span).join('');

/** What a person sees for DingTalk markdown written by this module (for tests and previews). */
export function dingtalkVisibleText(md: string): string {
  return md
    .replace(/<font color="[^"]*">|<\/font>/g, '')
    .replace(/\*\*/g, '')
    .replace(/ {2}\n/g, '\n')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
}
