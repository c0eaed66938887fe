import { describe, expect, test } from 'vitest';
import vm from 'node:vm';
import { renderCard } from '../../src/console/render-card.ts';
import { renderMarkdown } from '../../src/console/render-markdown.ts';
import { renderChart } from '../../src/console/render-chart.ts';
import { cardRendererScript } from '../../src/console/card-renderer-script.ts';
import { consolePage } from '../../src/console/page.ts';
import { chartsCard, coverageCard, fixtureCards, formCard, helpCard, hostileCard, tableCard } from './fixtures.ts';

const count = (html: string, needle: string | RegExp) =>
  typeof needle === 'string' ? html.split(needle).length - 1 : (html.match(new RegExp(needle, 'g')) ?? []).length;

describe('escaping', () => {
  const html = renderCard(hostileCard);
  test('markdown cannot inject HTML', () => {
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
  test('header text is escaped', () => {
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
  test('javascript: links stay text, allowed tags lose unknown attributes', () => {
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).not.toContain('onclick');
    expect(html).toContain('<span style="color:#d83931">red</span>');
  });
  test('attribute values are escaped', () => {
    const h = renderCard({ body: { elements: [{ tag: 'button', name: 'a"b', text: { tag: 'plain_text', content: 'x' },
      behaviors: [{ type: 'callback', value: { q: '"><script>' } }] }] } });
    expect(h).not.toContain('<script');
    expect(h).toContain('data-name="a&quot;b"');
  });
});

describe('markdown', () => {
  test('inline formatting, links, mentions, colours and line breaks', () => {
    const h = renderMarkdown('**粗** *斜* ~~删~~ [链接](https://example.com/a?b=1&c=2) <at id=ou_1></at> <at id=all></at>\n第二行 `code **x**`',
      { ou_1: '张三' });
    expect(h).toContain('<strong>粗</strong>');
    expect(h).toContain('<em>斜</em>');
    expect(h).toContain('<del>删</del>');
    expect(h).toContain('<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">链接</a>');
    expect(h).toContain('<span class="fc-at">@张三</span>');
    expect(h).toContain('@所有人');
    expect(h).toContain('<br>第二行');
    expect(h).toContain('<code>code **x**</code>');
  });
  test('headings, lists, quotes, rules', () => {
    const h = renderMarkdown('# 标题\n- 一\n- 二\n  - 二点一\n1. 甲\n2. 乙\n> 引用\n---\n<font color=\'green\'>绿</font>');
    expect(h).toContain('fc-h1');
    expect(h).toMatch(/<ul><li>一<\/li><li>二<ul><li>二点一<\/li><\/ul><\/li><\/ul>/);
    expect(h).toContain('<ol><li>甲</li><li>乙</li></ol>');
    expect(h).toContain('<blockquote>引用</blockquote>');
    expect(h).toContain('<hr>');
    expect(h).toContain('<span style="color:#2ea121">绿</span>');
  });
  test('a colour may span lines', () => {
    expect(renderMarkdown('<font color="red">一\n二</font>')).toBe('<p><span style="color:#d83931">一<br>二</span></p>');
  });
  test('unclosed or unknown tags are shown as text', () => {
    expect(renderMarkdown('a </font> <b>b</b> <font color="javascript:x">c</font>')).toBe(
      '<p>a &lt;/font&gt; &lt;b&gt;b&lt;/b&gt; &lt;font color=&quot;javascript:x&quot;&gt;c&lt;/font&gt;</p>');
  });
});

describe('form', () => {
  const html = renderCard(formCard, { idPrefix: 'm1' });
  test('every field has its name, kind and initial value', () => {
    expect(html).toContain('<form class="fc-form" data-fc-form="visit_step1"');
    expect(html).toMatch(/<input class="fc-input" type="text" id="m1-org_name-\d+" name="org_name" data-fc-field="org_name" data-fc-kind="input" data-required="1"/);
    expect(html).toContain('value="山东鲁信科技有限公司"');
    expect(html).toContain('maxlength="50"');
    expect(html).toMatch(/<textarea[^>]+name="notes"[^>]+placeholder="谈了什么，发现了什么问题"/);
    expect(html).toContain('<option value="onsite" selected>实地走访</option>');
    expect(html).toMatch(/name="topics" value="org" checked/);
    expect(html).toMatch(/name="topics" value="members" checked/);
    expect(html).toMatch(/name="topics" value="mass">/);
    expect(html).toMatch(/type="date"[^>]+name="visit_date"[^>]+data-required="1"[^>]+value="2026-11-20"/);
    expect(html).toMatch(/type="time"[^>]+name="visit_time"[^>]+value="09:30"/);
    expect(html).toMatch(/type="datetime-local"[^>]+name="next_visit"[^>]+value=""/);
    expect(html).toMatch(/data-fc-kind="checker"><input type="checkbox"[^>]+name="has_party_org" checked>/);
    expect(html).toContain('<label class="fc-label" for="m1-org_name-');
  });
  test('buttons carry their action', () => {
    expect(html).toMatch(/class="fc-btn fc-btn-primary_filled[^"]*" data-fc-button="1" data-name="btn_next" data-value="\{&quot;flow&quot;:&quot;visit&quot;,&quot;step&quot;:1,&quot;rev&quot;:3\}" data-form-action="submit"/);
    expect(html).toContain('data-name="btn_reset" data-form-action="reset"');
    expect(html).toContain('data-confirm-title="放弃本次记录？" data-confirm-text="已填写的内容不会保存。"');
  });
  test('ids are unique', () => {
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('coverage card', () => {
  const html = renderCard(coverageCard);
  test('header band, tags and columns', () => {
    expect(html).toContain('fc-header fc-t-red');
    expect(html).toContain('<span class="fc-tag fc-tag-red">覆盖率 74.8%</span>');
    expect(count(html, 'class="fc-col fc-col-bg"')).toBe(3);
    expect(html).toContain('flex:1 1 0');
  });
  test('the bar chart has one bar per data value', () => {
    expect(html).toContain('<svg class="fc-chart-svg"');
    expect(count(html, 'class="fc-bar"')).toBe(5);
    expect(html).toContain('山大路街道');
  });
  test('callback and open_url buttons', () => {
    expect(html).toContain('data-name="btn_drill" data-value="{&quot;route&quot;:&quot;coverage.drill&quot;,&quot;region&quot;:&quot;370112&quot;}"');
    expect(html).toContain('data-url="https://example.com/coverage-basis"');
    expect(html).toContain('fc-btn-text');
  });
});

describe('charts', () => {
  test('grouped, stacked and horizontal bars, lines, pies', () => {
    const values = [{ m: '1月', v: 3, s: '甲' }, { m: '1月', v: 4, s: '乙' }, { m: '2月', v: 5, s: '甲' }, { m: '2月', v: 0, s: '乙' }];
    expect(count(renderChart({ type: 'bar', data: [{ values }], xField: ['m', 's'], yField: 'v' }), 'class="fc-bar"')).toBe(4);
    expect(count(renderChart({ type: 'bar', stack: true, data: { values }, xField: 'm', yField: 'v', seriesField: 's' }), 'class="fc-bar"')).toBe(4);
    const h = renderChart({ type: 'bar', direction: 'horizontal', data: { values: [{ n: 2, s: 'a' }, { n: 9, s: 'b' }] }, xField: 'n', yField: 's' });
    expect(count(h, 'class="fc-bar"')).toBe(2);
    const line = renderChart({ type: 'line', data: { values }, xField: 'm', yField: 'v', seriesField: 's' });
    expect(count(line, 'class="fc-line"')).toBe(2);
    expect(count(line, 'class="fc-point"')).toBe(4);
    const pie = renderChart({ type: 'pie', data: { values: [{ t: 'a', v: 1 }, { t: 'b', v: 3 }] }, categoryField: 't', valueField: 'v' });
    expect(count(pie, 'class="fc-slice"')).toBe(2);
    expect(pie).toContain('75.0%');
    expect(renderChart({ type: 'bar', data: { values: [] } })).toContain('暂无数据');
  });
  test('drawn at the requested width', () => {
    expect(renderChart({ type: 'bar', data: { values: [{ x: 'a', y: 1 }] }, xField: 'x', yField: 'y' }, undefined, 320)).toContain('viewBox="0 0 320 ');
  });
});

describe('table card', () => {
  const html = renderCard(tableCard);
  test('columns, formatted cells and pages', () => {
    for (const h of ['单位', '到期', '状态', '党员数']) expect(html).toContain(`>${h}</th>`);
    expect(count(html, '<tr data-page=')).toBe(12);
    expect(count(html, ' hidden>')).toBe(7);
    expect(html).toContain('<td>2026-11-20</td>');
    expect(html).toContain('<span class="fc-tag fc-tag-orange">待走访</span>');
    expect(html).toContain('data-pages="3"');
    expect(count(html, 'class="fc-page-btn" data-fc-page="')).toBe(5);
  });
});

describe('other components', () => {
  test('unknown tags become a placeholder', () => {
    expect(renderCard(chartsCard)).toContain('<div class="fc-unknown">[不支持的组件: audio]</div>');
    expect(renderCard({ body: { elements: [{ tag: '<x>' }] } })).toContain('[不支持的组件: &lt;x&gt;]');
  });
  test('person, image, panel, mentions use the names given', () => {
    const html = renderCard(chartsCard, { names: { ou_lisi: '李四' } });
    expect(html).toContain('李四</span>');
    expect(html).toContain('aria-label="走访现场照片"');
    const help = renderCard(helpCard, { names: { ou_zhangsan: '张三' } });
    expect(help).toContain('<details class="fc-panel">');
    expect(help).toContain('@张三');
    expect(count(help, 'fc-w-fill')).toBe(3);
  });
  test('a card without header or body does not throw', () => {
    expect(renderCard({})).toBe('<div class="fc-card"><div class="fc-body" style="gap:8px"></div></div>');
    expect(renderCard(null)).toContain('fc-card');
  });
});

describe('the browser gets the same renderer', () => {
  test('the embedded source renders every fixture exactly as Node does', () => {
    const ctx = vm.createContext({});
    vm.runInContext(cardRendererScript(), ctx);
    for (const card of Object.values(fixtureCards)) {
      const opts = { names: { ou_zhangsan: '张三' }, idPrefix: 'x', chartWidth: 400 };
      expect(vm.runInContext('renderCard', ctx)(card, opts)).toBe(renderCard(card, opts));
    }
  });
  test('the page is one document with no external requests and a script that parses', () => {
    const page = consolePage();
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).not.toMatch(/@import|url\(["']?https?:/);
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(() => new vm.Script(scripts[0])).not.toThrow();
    expect(page).toContain("'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif");
  });
});
