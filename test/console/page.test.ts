import { expect, test } from 'vitest';
import vm from 'node:vm';
import { consolePage } from '../../src/console/page.ts';

test('the page is one document with no external requests and a script that parses', () => {
  const page = consolePage();
  expect(page.startsWith('<!doctype html>')).toBe(true);
  expect(page).toContain('<html lang="zh-CN">');
  expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  expect(page).not.toMatch(/@import|url\(["']?https?:/);
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  expect(scripts).toHaveLength(1);
  expect(() => new vm.Script(scripts[0]!)).not.toThrow();
  expect(scripts[0]).toContain('function renderCard(doc, opts)');
  expect(page).toContain("'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif");
});

test('toasts sit over the chat pane, not over the person picker; the quick bar is one sideways-scrolling row', () => {
  const page = consolePage();
  const main = /<main class="main">([\s\S]*?)<\/main>/.exec(page)![1]!;
  expect(main).toContain('id="toasts"');
  expect(page).toMatch(/\.main\{[^}]*position:relative/);
  expect(page).toMatch(/\.toasts\{position:absolute;top:64px/);
  expect(page).toMatch(/\.quick\{display:flex;flex-wrap:nowrap;[^}]*overflow-x:auto/);
  expect(page).toMatch(/\.quick button\{flex:0 0 auto;white-space:nowrap/);
});
