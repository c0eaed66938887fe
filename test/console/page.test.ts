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
