import { describe, expect, test } from 'vitest';
import type { Block, CardDoc } from '../../src/cards/document.ts';
import { renderConsole } from '../../src/cards/render-console.ts';
import { renderConsoleChart } from '../../src/cards/render-console-chart.ts';
import { barChart, button, checker, columns, datePicker, fieldLabel, form, hr, input, multiSelect, select, table, text, timePicker } from '../../src/cards/card-kit.ts';
import { bold, grey, orange, red, rich } from '../../src/cards/rich.ts';
import { coverageCard, formCard, helpCard, hostile, hostileCard, tableCard } from '../console/fixtures.ts';

const count = (html: string, needle: string) => html.split(needle).length - 1;
const card = (...body: Block[]): CardDoc => ({ title: '卡片', color: 'blue', body });
const draw = (...body: Block[]) => renderConsole(card(...body), { idPrefix: 'm1' });

/**
 * A strict reading of the renderer's HTML, enough to prove what a browser would see: the renderer
 * escapes every `<` in text and attributes, so each `<` is a tag it wrote; text nodes and attribute
 * values are what remains, with the five references it writes decoded.
 */
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const tags = (html: string) => [...html.matchAll(/<\/?([a-zA-Z][\w-]*)([^<>]*)>/g)].map((m) => ({ name: m[1]!.toLowerCase(), attrs: m[2]! }));
const textNodes = (html: string) => html.split(/<[^<>]*>/).filter((t) => t !== '').map(decode);
const attrValues = (html: string, attr: string) =>
  tags(html).flatMap((t) => [...t.attrs.matchAll(new RegExp(`\\s${attr}="([^"]*)"`, 'g'))].map((m) => decode(m[1]!)));
/** Every tag the renderer may write; anything else came from user text. */
const OWN_TAGS = new Set(['div', 'span', 'strong', 'hr', 'button', 'form', 'label', 'input', 'textarea', 'select', 'option', 'fieldset', 'legend',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'nav', 'svg', 'line', 'text', 'rect', 'title']);

describe('text', () => {
  test('spans: bold is <strong>, a tone is a class, line breaks stay as typed', () => {
    const h = draw(text(rich('甲', bold('乙'), red('丙'), bold(orange('丁')), '\n第二行')));
    expect(h).toContain('<div class="fc-text fc-rich">甲<strong>乙</strong><span class="fc-tone-red">丙</span><strong class="fc-tone-orange">丁</strong>\n第二行</div>');
  });
  test('small and heading sizes', () => {
    expect(draw(text('注', { size: 'small' }))).toContain('<div class="fc-text fc-rich fc-small">注</div>');
    expect(draw(text('标题', { size: 'heading' }))).toContain('<div class="fc-text fc-rich fc-big">标题</div>');
  });
  test('an unknown tone is no style at all', () => {
    expect(draw({ kind: 'text', text: [{ text: 'x', tone: 'blue" onclick="y' as never }] })).toContain('<div class="fc-text fc-rich">x</div>');
  });
});

describe('header and layout', () => {
  test('title, subtitle and the colour band', () => {
    const h = renderConsole(coverageCard);
    expect(h).toMatch(/^<div class="fc-card"><div class="fc-header fc-t-red"><div class="fc-title" role="heading" aria-level="2">历城区 两新组织党组织覆盖率<\/div>/);
    expect(h).toContain('<div class="fc-subtitle">统计口径：正常经营 · 截至 2026-11-22</div>');
    expect(renderConsole({ ...coverageCard, color: 'pink' })).toContain('fc-header fc-t-default');
  });
  test('divider, shaded weighted columns', () => {
    expect(draw(hr())).toContain('<hr class="fc-hr">');
    const h = draw(columns([{ elements: [text('左')], weight: 2 }, { elements: [text('右')] }], { background: 'grey' }));
    expect(h).toContain('<div class="fc-cols fc-cols-bg"><div class="fc-col" style="flex:2 1 0"><div class="fc-text fc-rich">左</div></div><div class="fc-col" style="flex:1 1 0">');
    expect(draw(columns([{ elements: [] }]))).toContain('<div class="fc-cols">');
  });
  test('a card with an empty body, or not a card at all, does not throw', () => {
    expect(renderConsole({ title: '', color: 'blue', body: [] })).toBe('<div class="fc-card"><div class="fc-body"></div></div>');
    expect(renderConsole(null as never)).toBe('<div class="fc-card"><div class="fc-body"></div></div>');
    expect(draw({ kind: 'future' } as never)).toContain('<div class="fc-unknown">[future]</div>');
  });
});

describe('buttons', () => {
  test('style, action, name, confirm and disabled', () => {
    const h = draw(
      button('删除', { flow: 'x', cmd: 'del' }, { type: 'strong-danger', name: 'del', confirm: { title: '确定删除？', text: '删除后不能恢复。' } }),
      button('已办', { flow: 'x' }, { disabled: true }),
    );
    expect(h).toContain('<button type="button" class="fc-btn fc-btn-strong-danger" data-fc-button="1" data-name="del" ' +
      'data-value="{&quot;flow&quot;:&quot;x&quot;,&quot;cmd&quot;:&quot;del&quot;}" data-confirm-title="确定删除？" data-confirm-text="删除后不能恢复。">删除</button>');
    expect(h).toContain('<button type="button" class="fc-btn fc-btn-default" data-fc-button="1" data-name="" data-value="{&quot;flow&quot;:&quot;x&quot;}" disabled>已办</button>');
  });
  test('every style has its class', () => {
    for (const type of ['default', 'primary', 'strong', 'danger', 'strong-danger'] as const) expect(draw(button('b', {}, { type }))).toContain(`fc-btn fc-btn-${type}"`);
  });
  test('a row of buttons; submit only inside a form', () => {
    const b = button('提交', { step: 1 }, { type: 'strong', name: 'submit', submit: true });
    expect(draw({ kind: 'buttons', buttons: [b, button('取消', {})] })).toMatch(/^.*<div class="fc-buttons"><button[^>]+>提交<\/button><button[^>]+>取消<\/button><\/div>/);
    expect(draw(b)).not.toContain('data-form-action');
    expect(draw(form('f', [b]))).toContain('data-name="submit" data-value="{&quot;step&quot;:1}" data-form-action="submit"');
  });
});

describe('form', () => {
  const html = renderConsole(formCard, { idPrefix: 'm1' });
  test('the form carries its name', () => {
    expect(html).toContain('<form class="fc-form" data-fc-form="visit_step1" novalidate>');
  });
  test('a text field with its own label, required star, length and default', () => {
    expect(html).toContain('<div class="fc-field"><label class="fc-label" for="m1-org_name-0">走访单位<span class="fc-req" aria-hidden="true">*</span></label>' +
      '<input class="fc-input" type="text" id="m1-org_name-0" name="org_name" data-fc-field="org_name" data-fc-kind="text" data-required="1" aria-required="true" ' +
      'placeholder="输入单位名称" maxlength="50" value="山东鲁信科技有限公司"></div>');
  });
  test('a label block: bold text, required star and error; the field below draws no label of its own and shows the error', () => {
    expect(html).toContain('<div class="fc-label-line"><strong>走访情况</strong><span class="fc-req" aria-hidden="true">*</span>' +
      '<div class="fc-field-error fc-rich" role="alert">请写下谈了什么</div></div><div class="fc-field fc-invalid"><textarea class="fc-input fc-textarea" rows="3"');
    expect(html).toMatch(/<textarea[^>]+name="notes"[^>]+data-fc-kind="longtext" data-required="1" aria-required="true" aria-label="走访情况" aria-invalid="true" placeholder="谈了什么，发现了什么问题" maxlength="500"><\/textarea>/);
    expect(html).not.toMatch(/<label[^>]*>走访情况/); // the label line names it; no second visible label
  });
  test('select with its default chosen, and the label as placeholder', () => {
    expect(html).toContain('<option value="">走访方式</option><option value="onsite" selected>实地走访</option><option value="phone">电话联系</option>');
    expect(html).toMatch(/<select class="fc-select" id="m1-visit_type-\d+" name="visit_type" data-fc-field="visit_type" data-fc-kind="select" data-required="1"/);
    expect(draw(form('f', [select({ name: 's', label: '方式', options: [{ value: 'a', text: 'A' }] })]))).toContain('<option value="" selected>方式</option><option value="a">A</option>');
  });
  test('multiselect: chips with the defaults checked, named by the label above', () => {
    expect(html).toContain('<fieldset class="fc-field fc-multi" data-fc-field="topics" data-fc-kind="multiselect"><legend class="sr-only">涉及事项</legend>');
    expect(html).toMatch(/name="topics" value="org" checked>/);
    expect(html).toMatch(/name="topics" value="members" checked>/);
    expect(html).toMatch(/name="topics" value="mass">/);
    const own = draw(form('f', [multiSelect({ name: 't', label: '事项', required: true, options: [{ value: 'a', text: 'A' }] })]));
    expect(own).toContain('<legend class="fc-label">事项<span class="fc-req" aria-hidden="true">*</span></legend>');
  });
  test('date and time pickers with defaults, and a placeholder overlay while empty', () => {
    expect(html).toMatch(/<div class="fc-picker"><span class="fc-picker-ph" aria-hidden="true">走访日期<\/span><input class="fc-input" type="date"[^>]+name="visit_date"[^>]+data-fc-kind="date" data-required="1"[^>]+value="2026-11-20">/);
    expect(html).toMatch(/type="time"[^>]+name="visit_time"[^>]+data-fc-kind="time"[^>]+value="09:30"/);
    expect(html).toMatch(/<div class="fc-picker fc-empty"><span class="fc-picker-ph" aria-hidden="true">结束时间<\/span><input class="fc-input" type="time"[^>]+name="end_time"[^>]+value="">/);
    expect(draw(form('f', [datePicker({ name: 'd', label: '日期' }), timePicker({ name: 't', label: '时间', value: '08:00' })]))).toMatch(/type="date"[\s\S]+type="time"[^>]+value="08:00"/);
  });
  test('checkbox', () => {
    expect(html).toContain('<label class="fc-checker" data-fc-field="has_party_org" data-fc-kind="checkbox"><input type="checkbox" id="m1-has_party_org-7" name="has_party_org" checked>' +
      '<span class="fc-checker-box" aria-hidden="true"></span><span class="fc-checker-text fc-rich">该单位已建立党组织</span></label>');
    expect(draw(form('f', [checker({ name: 'c', text: '否' })]))).toMatch(/name="c"><span class="fc-checker-box"/);
  });
  test('a field with neither label nor placeholder is named by its name; long text defaults to 1,000 characters', () => {
    expect(draw(form('f', [input({ name: 'q', label: '', multiline: true })]))).toMatch(/aria-label="q" placeholder="" maxlength="1000">/);
  });
  test('ids are unique across the card', () => {
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(8);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('table', () => {
  const html = renderConsole(tableCard);
  test('columns, the key column as row headers, number and rich cells', () => {
    expect(html).toContain('<thead><tr><th scope="col">单位</th><th scope="col">到期</th><th scope="col">状态</th><th scope="col">党员数</th></tr></thead>');
    expect(html).toContain('<tr data-page="0"><th scope="row" class="fc-key"><span class="fc-rich">鲁信科技</span></th><td><span class="fc-rich">2026-11-20</span></td>' +
      '<td><span class="fc-rich">待走访</span></td><td class="fc-num"><span class="fc-rich">3</span></td></tr>');
    expect(html).toContain('<span class="fc-rich"><span class="fc-tone-red">已逾期</span></span>');
    expect(html).toContain('class="fc-table fc-freeze"');
  });
  test('paged like Feishu: pageSize rows shown, the rest hidden, a pager', () => {
    expect(count(html, '<tr data-page=')).toBe(12);
    expect(count(html, ' hidden>')).toBe(7);
    expect(html).toContain('data-pages="3"');
    expect(count(html, 'class="fc-page-btn" data-fc-page="')).toBe(5);
    const one = draw(table([{ name: 'a', label: 'A' }, { name: 'b', label: 'B' }], [{ a: 'x', b: null }], 10, 'b'));
    expect(one).not.toContain('fc-pager');
    expect(one).not.toContain('fc-freeze');
    expect(one).toContain('<td><span class="fc-rich">x</span></td><th scope="row" class="fc-key"><span class="fc-rich"></span></th>');
  });
  test('an empty table says so', () => {
    expect(draw(table([{ name: 'a', label: 'A' }], []))).toContain('<td class="fc-empty" colspan="1">暂无数据</td>');
  });
});

describe('chart', () => {
  test('one bar per value, each with its label and its value', () => {
    const h = renderConsole(coverageCard);
    expect(h).toContain('<div class="fc-chart"><svg class="fc-chart-svg"');
    expect(count(h, 'class="fc-bar"')).toBe(5);
    expect(h).toContain('>山大路街道</text>');
    expect(h).toContain('<text class="fc-bar-value"');
    expect(h).toContain('>82.6%</text>');
  });
  test('counts without a percent sign; bars grow with their value; drawn at the width asked for', () => {
    const h = renderConsoleChart([{ label: 'a', value: 2 }, { label: 'b', value: 8 }], false, 320);
    expect(h).toContain('viewBox="0 0 320 ');
    const widths = [...h.matchAll(/class="fc-bar"[^>]+width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[1]! / widths[0]!).toBeCloseTo(4, 1);
    expect(h).toContain('>8</text>');
    expect(h).not.toContain('%');
  });
  test('a long label is clipped inside the label column; no bars says so', () => {
    expect(renderConsoleChart([{ label: '很长很长很长很长很长很长很长很长很长很长很长的街道名称', value: 1 }], false, 320)).toContain('…</text>');
    expect(draw(barChart([]))).toContain('暂无数据');
  });
});

describe('hostile user text is shown exactly as typed, never as markup', () => {
  const html = renderConsole(hostileCard, { idPrefix: 'm"<' });
  test('only the renderer\'s own tags come out', () => {
    expect(tags(html).filter((t) => !OWN_TAGS.has(t.name))).toEqual([]);
    expect(html).not.toMatch(/<script|<a |href=|\son\w+=/i);
  });
  test('text everywhere is a text node equal to what was typed', () => {
    const nodes = textNodes(html);
    // Title, subtitle, three spans, label line and its error, the select's label, placeholder and
    // option, the checkbox, the button, two column headers, two cells.
    expect(nodes.filter((n) => n === hostile).length).toBe(16);
  });
  test('attribute values decode to what was typed', () => {
    expect(attrValues(html, 'value')).toContain(hostile);
    expect(attrValues(html, 'placeholder')).toContain(hostile);
    expect(attrValues(html, 'data-confirm-title')).toEqual([hostile]);
    expect(attrValues(html, 'data-value').map((v) => JSON.parse(v))).toContainEqual({ q: hostile });
    expect(attrValues(html, 'data-name')).toContain('b"<');
    expect(attrValues(html, 'data-fc-form')).toEqual(['f"<']);
    expect(attrValues(html, 'id').every((id) => /^[\w-]+$/.test(id))).toBe(true);
    expect(html).toContain('fc-header fc-t-default');
  });
  test('arbitrary text — markdown specials, <, >, &, quotes, emoji, 1,000 characters — round-trips through every text place', () => {
    const alphabet = [...'<>&"\'*_~`[]()#|\\$:-+.!{}= \n\t', 'a', '1', '党', '建', '😀', '👍🏽', '\u200b', '&amp;', '&#60;', '**', '<b>', '</div>'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const samples = Array.from({ length: 40 }, () => Array.from({ length: 1 + Math.floor(rnd() * 60) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
    samples.push(Array.from({ length: 1000 }, (_, i) => alphabet[i % alphabet.length]).join(''));
    expect([...samples.at(-1)!].length).toBeGreaterThanOrEqual(1000);
    for (const s of samples) {
      const h = renderConsole({ title: s, color: 'blue', body: [text(rich(s, bold(s), grey(s))), form('f', [fieldLabel(s, true, s), input({ name: 'n', label: s, value: s })]),
        table([{ name: 'k', label: s }], [{ k: s }])] });
      expect(tags(h).filter((t) => !OWN_TAGS.has(t.name))).toEqual([]);
      const nodes = textNodes(h);
      expect(nodes.filter((n) => n === s).length, JSON.stringify(s)).toBe(8);
      expect(attrValues(h, 'value')).toEqual([s]);
    }
  });
});

test('the help card: buttons stacked in the body', () => {
  const h = renderConsole(helpCard);
  expect(h).toContain('你好！点下面的按钮，或者直接说 <strong>记录走访</strong>、');
  expect(count(h, 'data-fc-button="1"')).toBe(3);
});
