import { describe, expect, test } from 'vitest';
import { escapeFeishuText, feishuMarkdown } from '../../src/cards/render-feishu-text.ts';
import { bold, red, rich } from '../../src/cards/rich.ts';

/** What Feishu shows for escaped text: character references become their characters. */
const shown = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

/** Characters that start syntax in Feishu's rich text; escaped output must not contain them raw. */
const SYNTAX = /[*_~`[\]<>|\\$]|&(?!#\d+;)/;

/** A seeded generator of hostile text: markdown specials, HTML, emoji, newlines, long runs. */
function* samples(n: number): Generator<string> {
  const pieces = ['*', '**', '_', '~~', '`', '[', ']', '(', ')', '<', '>', '&', '&amp;', '&#42;', '\\', '#', '- ', '1. ', '|', '$', ':OK:', '\n', ' ', '<b>', '</font>', '<at id=all></at>', '3号楼(东)会议室', '(专题党课) #1', '👍🏻', '党建', 'a', '0'];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < n; i++) {
    let s = '';
    const len = 1 + (next() % 40);
    for (let j = 0; j < len; j++) s += pieces[next() % pieces.length];
    yield s;
  }
  yield '字'.repeat(1000);
  yield '*'.repeat(1000);
}

describe('Feishu rich-text escaping', () => {
  test('the examples from the issue appear exactly as typed, with no backslashes', () => {
    for (const s of ['3号楼(东)会议室', '(专题党课) #1']) {
      const out = escapeFeishuText(s);
      expect(out).not.toContain('\\');
      expect(shown(out)).toBe(s);
    }
    // Parentheses need no escaping once `[` and `]` are escaped: no link can form.
    expect(escapeFeishuText('3号楼(东)会议室')).toBe('3号楼(东)会议室');
  });

  test('arbitrary user text is shown exactly as typed and never as markup', () => {
    for (const s of samples(500)) {
      const out = feishuMarkdown(rich(s));
      expect(SYNTAX.test(out), JSON.stringify(out)).toBe(false);
      expect(shown(out)).toBe(s);
      // Line-start syntax (headings, lists, quotes) is escaped too.
      for (const line of out.split('\n')) expect(/^\s*([#+-]|\d+\.\s)/.test(line), JSON.stringify(line)).toBe(false);
    }
  });

  test('style comes only from spans: bold hugs each line, tones wrap in <font>', () => {
    expect(feishuMarkdown(rich(bold('标题'), '：', '*a*'))).toBe('**标题**：&#42;a&#42;');
    expect(feishuMarkdown(rich(bold('一\n二')))).toBe('**一**\n**二**');
    expect(feishuMarkdown(red('<b>'))).toBe('<font color="red">&#60;b&#62;</font>');
  });
});
