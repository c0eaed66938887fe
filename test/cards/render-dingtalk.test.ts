import { expect, test } from 'vitest';
import { prompts } from '../../src/bot/all-prompts.ts';
import type { CardDoc } from '../../src/cards/document.ts';
import { renderDingtalk, DINGTALK_MAX_LINKS, DINGTALK_TEXT_MAX, type Press } from '../../src/cards/render-dingtalk.ts';
import { dingtalkMarkdown, dingtalkVisibleText } from '../../src/cards/render-dingtalk-text.ts';
import { deriveForm, formValueOf, parseAnswer, renderFormMessage, startForm } from '../../src/cards/render-dingtalk-form.ts';
import { button, buttonRow, checker, datePicker, fieldLabel, form, input, multiSelect, select, table, barChart, text, timePicker } from '../../src/cards/card-kit.ts';
import { bold, red, rich } from '../../src/cards/rich.ts';

const t = prompts;
const codes = () => {
  const presses: Array<[string, Press]> = [];
  return { presses, code: (p: Press) => String(presses.push([String(presses.length + 1), p])) };
};
/** The text of every dtmd link: what the client sends when it is tapped. */
const links = (md: string) => [...md.matchAll(/\]\(dtmd:\/\/dingtalkclient\/sendMessage\?content=([^)]*)\)/g)].map((m) => decodeURIComponent(m[1]!));
/** The markdown with links reduced to their labels: what a person reads. */
const visible = (md: string) => dingtalkVisibleText(md.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));

const HOSTILE = ['3号楼(东)会议室', '(专题党课) #1', '**不是粗体**', '<font color="red">x</font>', '[链接](https://x.test)', '# 不是标题', '- 不是列表', '1. 不是序号', 'a_b_c ~删~ `码` | 表 \\ $5 & @所有人', '😀🇨🇳', '&#42; 已是实体'];

test('hostile user text is shown exactly as typed, never as markup', () => {
  for (const s of HOSTILE) {
    const md = dingtalkMarkdown(rich(s));
    expect(visible(md)).toBe(s);
    expect(md.replace(/&#\d+;/g, '')).not.toMatch(/[*<>[\]()#`|\\_~&]/);
  }
  // Random strings over markdown specials, HTML, emoji, CJK, spaces and line breaks, up to 1,000 characters.
  const alphabet = [...'*_~`[]()<>#|\\$!@&;:+-=.1 \n\t', 'a', '党', '😀', '&#42;', '**', '  \n', '1. ', '- '];
  let seed = 20261203;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let run = 0; run < 300; run++) {
    let s = '';
    const n = Math.floor(rnd() * 1000);
    while ([...s].length < n) s += alphabet[Math.floor(rnd() * alphabet.length)];
    const md = dingtalkMarkdown(rich(s));
    expect(visible(md)).toBe(s);
    expect(md.replace(/&#\d+;/g, '').replace(/ {2}\n/g, '\n')).not.toMatch(/[*<>[\]()#`|\\_~&]/);
  }
});

test('style comes only from the document: bold, tones and line breaks', () => {
  expect(dingtalkMarkdown(rich(bold('名称'), '：', red('逾期\n两天')))).toBe('**名称**：<font color="#F74E2B">逾期</font>  \n<font color="#F74E2B">两天</font>');
});

test('buttons are dtmd links that send their words and a code; presses keep the engine action', () => {
  const doc: CardDoc = { title: '走访 (东)', color: 'blue', body: [text('说明'), buttonRow([button('保存', { f: 'visit', s: 'a', r: 2, a: 'save' }, { type: 'primary' }), button('[取消]', { cmd: 'cancel' })])] };
  const c = codes();
  const m = renderDingtalk(doc, { t, code: c.code });
  expect(m.title).toBe('走访 (东)');
  expect(links(m.text)).toEqual(['保存 #1', '[取消] #2']);
  expect(c.presses[0]![1]).toEqual({ k: 'btn', text: '保存', action: { f: 'visit', s: 'a', r: 2, a: 'save' } });
  expect(visible(m.text)).toContain('走访 (东)');
});

test('more buttons than DingTalk shows as links are listed as typed commands', () => {
  const n = DINGTALK_MAX_LINKS + 3;
  const doc: CardDoc = { title: 'x', color: 'blue', body: Array.from({ length: n }, (_, i) => button(`按钮${i}`, { i })) };
  const c = codes();
  const m = renderDingtalk(doc, { t, code: c.code });
  expect(links(m.text)).toHaveLength(DINGTALK_MAX_LINKS);
  expect(visible(m.text)).toContain(t('dingtalk.typed_button', { code: String(n), text: `按钮${n - 1}` }));
  expect(c.presses).toHaveLength(n);
});

test('a very long card is cut under the size limit and keeps every button as a typed command', () => {
  const long = '很长的内容'.repeat(400);
  const doc: CardDoc = { title: 'x', color: 'blue', body: [text(long), text(long), text(long), button('最后', { last: true })] };
  const c = codes();
  const m = renderDingtalk(doc, { t, code: c.code });
  expect(m.text.length).toBeLessThanOrEqual(DINGTALK_TEXT_MAX + 200);
  expect(visible(m.text)).toContain(t('dingtalk.truncated'));
  expect(visible(m.text)).toContain(t('dingtalk.typed_button', { code: '1', text: '最后' }));
});

test('tables become one line per row led by the key column; charts become text bars', () => {
  const doc: CardDoc = {
    title: '覆盖率',
    color: 'blue',
    body: [table([{ name: 'name', label: '街道' }, { name: 'rate', label: '覆盖率', type: 'number' }], [{ name: '山大路(东)', rate: 71.5 }, { name: '洪家楼', rate: 40 }]), barChart([{ name: '山大路', value: 71.5 }, { name: '洪家楼', value: 40 }], { percent: true })],
  };
  const m = renderDingtalk(doc, { t, code: codes().code });
  const v = visible(m.text);
  expect(v).toContain('- 山大路(东)；覆盖率：71.5');
  expect(v).toContain('山大路\n███████░░░ 71.5%');
  expect(v).toContain('洪家楼\n████░░░░░░ 40.0%');
});

function meetingLike(errors: Record<string, string> = {}): CardDoc {
  return {
    title: '记录会议',
    color: 'blue',
    body: [
      text('请填写'),
      form('f', [
        fieldLabel('主题', true, errors.topic),
        input({ name: 'topic', label: '主题', required: true, value: errors.topic ? '(专题党课) #1' : undefined, maxLength: 10 }),
        fieldLabel('日期', true, errors.date),
        datePicker({ name: 'date', label: '日期', required: true, value: '2026-11-20' }),
        timePicker({ name: 'time', label: '时间', required: false }),
        select({ name: 'kind', label: '类型', required: true, options: [{ value: 'branch', text: '支部党员大会' }, { value: 'lesson', text: '党课' }] }),
        multiSelect({ name: 'topics', label: '议题', options: [{ value: 'a', text: '学习' }, { value: 'b', text: '发展' }, { value: 'c', text: '其他' }] }),
        checker({ name: 'online', text: '线上召开' }),
        buttonRow([button('提交', { f: 'meet', s: 'form', r: 3, a: 'submit' }, { type: 'strong', name: 'submit', submit: true }), button('上一步', { f: 'meet', s: 'form', r: 3, a: 'back' })]),
      ]),
    ],
  };
}

test('a form is derived from the document: order, labels, required flags, defaults, options', () => {
  const f = deriveForm(meetingLike())!;
  expect(f.questions.map((q) => [q.name, q.type, q.label, q.required, q.value])).toEqual([
    ['topic', 'text', '主题', true, undefined],
    ['date', 'date', '日期', true, '2026-11-20'],
    ['time', 'time', '时间', false, undefined],
    ['kind', 'select', '类型', true, undefined],
    ['topics', 'multiselect', '议题', false, []],
    ['online', 'checkbox', '线上召开', false, false],
  ]);
  expect(f.buttons.map((b) => b.text)).toEqual(['提交', '上一步']);
});

test('typed answers become Feishu-shaped values; bad ones say why', () => {
  const f = deriveForm(meetingLike())!;
  const q = (n: string) => f.questions.find((x) => x.name === n)!;
  expect(parseAnswer(q('date'), '2026年1月5日', t)).toEqual({ value: '2026-01-05' });
  expect(parseAnswer(q('date'), '２０２６－１１－２０', t)).toEqual({ value: '2026-11-20' });
  expect(parseAnswer(q('date'), '2026-02-30', t)).toEqual({ error: t('dingtalk.form.bad_date') });
  expect(parseAnswer(q('time'), '9:05', t)).toEqual({ value: '09:05' });
  expect(parseAnswer(q('time'), '14点', t)).toEqual({ value: '14:00' });
  expect(parseAnswer(q('time'), '25:00', t)).toEqual({ error: t('dingtalk.form.bad_time') });
  expect(parseAnswer(q('kind'), '2', t)).toEqual({ value: 'lesson' });
  expect(parseAnswer(q('kind'), '支部党员大会', t)).toEqual({ value: 'branch' });
  expect(parseAnswer(q('kind'), '9', t)).toEqual({ error: t('dingtalk.form.bad_choice', { max: 2 }) });
  expect(parseAnswer(q('topics'), '3、1 1', t)).toEqual({ value: ['c', 'a'] });
  expect(parseAnswer(q('online'), '是', t)).toEqual({ value: true });
  expect(parseAnswer(q('topic'), '(专题党课) #1', t)).toEqual({ value: '(专题党课) #1' });
  expect(parseAnswer(q('topic'), '十一个字十一个字十一个', t)).toEqual({ error: t('engine.field_too_long', { max: 10 }) });
});

test('formValue is what Feishu sends: strings, arrays, booleans; unanswered optional fields left out', () => {
  const doc = meetingLike();
  const s = startForm(doc, deriveForm(doc)!, 1);
  s.values.topic = '学习';
  s.values.kind = 'branch';
  s.values.time = '09:30';
  expect(formValueOf(s)).toEqual({ topic: '学习', date: '2026-11-20', time: '09:30', kind: 'branch', topics: [], online: false });
});

test('fields the engine sent back in error are the only ones asked again, with the error shown', () => {
  const doc = meetingLike({ topic: '主题不能为空' });
  const s = startForm(doc, deriveForm(doc)!, 1);
  expect(s.order).toEqual([0]);
  const m = renderFormMessage(s, t, codes().code);
  const v = visible(m.text);
  expect(v).toContain('主题不能为空');
  expect(v).toContain(t('dingtalk.form.current', { value: '(专题党课) #1' }));
  expect(v).toContain(t('dingtalk.form.progress', { n: 1, total: 1 }));
});

test('each question offers 返回 and 取消; choices are buttons; the summary carries the form buttons', () => {
  const doc = meetingLike();
  const s = startForm(doc, deriveForm(doc)!, 7);
  s.pos = 3; // 类型
  let c = codes();
  let m = renderFormMessage(s, t, c.code);
  expect(links(m.text).map((l) => l.replace(/ #\d+$/, ''))).toEqual(['支部党员大会', '党课', '返回', '取消']);
  expect(c.presses[0]![1]).toEqual({ k: 'answer', text: '支部党员大会', form: 7, pos: 3, value: 'branch' });
  s.pos = s.order.length;
  c = codes();
  m = renderFormMessage(s, t, c.code);
  const texts = links(m.text).map((l) => l.replace(/ #\d+$/, ''));
  expect(texts.filter((x) => x === '修改')).toHaveLength(6);
  expect(texts.slice(-4)).toEqual(['提交', '上一步', '返回', '取消']);
  expect(c.presses.find(([, p]) => p.text === '提交')![1]).toMatchObject({ k: 'btn', submit: true, name: 'submit', action: { a: 'submit' } });
});
