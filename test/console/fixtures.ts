/**
 * Realistic card documents (src/cards/document.ts) for the console renderer and the fake console
 * server, built as the flows build them (card-kit, rich). Together they hold every block kind and
 * every field type.
 */
import type { CardDoc } from '../../src/cards/document.ts';
import {
  barChart, button, buttonRow, checker, columns, datePicker, fieldLabel, form, hr, input, multiSelect, select, table, text, timePicker,
} from '../../src/cards/card-kit.ts';
import { bold, grey, lines, red, rich } from '../../src/cards/rich.ts';

export const formCard: CardDoc = {
  title: '记录走访（1/2）',
  subtitle: '济南市历城区 · 党建工作指导员',
  color: 'blue',
  body: [
    text(rich('请填写本次走访情况，带 ', red('*'), ' 的为必填项。')),
    form('visit_step1', [
      input({ name: 'org_name', label: '走访单位', required: true, maxLength: 50, value: '山东鲁信科技有限公司', placeholder: '输入单位名称' }),
      fieldLabel('走访情况', true, '请写下谈了什么'),
      input({ name: 'notes', label: '走访情况', required: true, multiline: true, maxLength: 500, placeholder: '谈了什么，发现了什么问题' }),
      select({ name: 'visit_type', label: '走访方式', required: true, value: 'onsite', options: [
        { text: '实地走访', value: 'onsite' }, { text: '电话联系', value: 'phone' }, { text: '线上会议', value: 'online' },
      ] }),
      fieldLabel('涉及事项'),
      multiSelect({ name: 'topics', label: '涉及事项', values: ['org', 'members'], options: [
        { text: '组织建设', value: 'org' }, { text: '党员发展', value: 'members' }, { text: '群团组织', value: 'mass' }, { text: '阵地建设', value: 'site' },
      ] }),
      fieldLabel('走访日期', true),
      datePicker({ name: 'visit_date', label: '走访日期', required: true, value: '2026-11-20' }),
      timePicker({ name: 'visit_time', label: '开始时间', value: '09:30' }),
      timePicker({ name: 'end_time', label: '', placeholder: '结束时间' }),
      checker({ name: 'has_party_org', text: '该单位已建立党组织', checked: true }),
      buttonRow([
        button('下一步', { flow: 'visit', step: 1, rev: 3 }, { type: 'strong', name: 'btn_next', submit: true }),
        button('取消', { flow: 'visit', cmd: 'cancel', rev: 3 }, { type: 'danger', name: 'btn_cancel', confirm: { title: '放弃本次记录？', text: '已填写的内容不会保存。' } }),
      ]),
    ]),
  ],
};

const streets = [
  ['山大路街道', 86, 71], ['洪家楼街道', 64, 45], ['东风街道', 120, 97], ['全福街道', 52, 30], ['王舍人街道', 77, 61],
] as const;

export const coverageCard: CardDoc = {
  title: '历城区 两新组织党组织覆盖率',
  subtitle: '统计口径：正常经营 · 截至 2026-11-22',
  color: 'red',
  body: [
    columns([['纳入统计', '2,400'], ['党组织覆盖', '1,710'], ['工作覆盖', '2,230']].map(([k, v]) => ({ elements: [text(lines([grey(k), bold(v)]))] })), { background: 'grey' }),
    text(rich(bold('各街道党组织覆盖率'), '（%）'), { size: 'heading' }),
    barChart(streets.map(([name, inScope, covered]) => ({ name, value: Math.round((covered / inScope) * 1000) / 10 })), { percent: true }),
    hr(),
    text(lines([rich('未覆盖 ', bold('690'), ' 家，其中 ', red('全福街道'), ' 最低'), rich('本月新建党组织 ', bold('14'), ' 个')])),
    buttonRow([
      button('查看街道明细', { route: 'coverage.drill', region: '370112' }, { type: 'primary', name: 'btn_drill' }),
      button('导出台账', { route: 'ledger.export', region: '370112' }, { name: 'btn_export' }),
      button('已导出', { route: 'ledger.export' }, { disabled: true }),
    ]),
    text(grey('数据每日 08:00 更新'), { size: 'small' }),
  ],
};

const orgs = ['鲁信科技', '齐鲁律师事务所', '泉城民办学校', '华山物流', '历下互联网协会', '山水餐饮'];
export const tableCard: CardDoc = {
  title: '我的待办',
  subtitle: '共 12 项，按到期时间排序',
  color: 'wathet',
  body: [
    table(
      [{ name: 'org', label: '单位' }, { name: 'due', label: '到期' }, { name: 'status', label: '状态', type: 'rich' }, { name: 'members', label: '党员数', type: 'number' }],
      Array.from({ length: 12 }, (_, i) => ({
        org: orgs[i % 6] + (i >= 6 ? '（二）' : ''),
        due: `2026-11-${20 + i}`,
        status: i % 3 === 1 ? red('已逾期') : rich('待走访'),
        members: 3 + ((i * 7) % 11),
      })),
      5,
      'org',
    ),
  ],
};

export const helpCard: CardDoc = {
  title: '我能帮你做什么',
  subtitle: '张三 · 党建工作指导员',
  color: 'turquoise',
  body: [
    text(rich('你好！点下面的按钮，或者直接说 ', bold('记录走访'), '、', bold('覆盖率'), '、', bold('待办'), '。')),
    button('记录走访', { route: 'start.visit' }, { type: 'primary', name: 'btn_visit' }),
    button('查看覆盖率', { route: 'start.coverage' }, { name: 'btn_coverage' }),
    button('我的待办', { route: 'start.todo' }, { name: 'btn_todo' }),
  ],
};

/** Every place user text goes, filled with text that tries to be markup. */
export const hostile = '<script>alert("x")</script> & \'q\' **b** _i_ [a](javascript:x) # h\n- li `c` \\ $ | ~ :OK: 😀';

export const hostileCard: CardDoc = {
  title: hostile,
  subtitle: hostile,
  color: '"><script>',
  body: [
    text(rich(hostile, bold(hostile), red(hostile))),
    form('f"<', [
      fieldLabel(hostile, true, hostile),
      input({ name: 'n"<', label: hostile, value: hostile, placeholder: hostile }),
      select({ name: 's', label: hostile, value: hostile, options: [{ value: hostile, text: hostile }] }),
      checker({ name: 'c', text: hostile }),
      button(hostile, { q: hostile }, { name: 'b"<', submit: true, confirm: { title: hostile, text: hostile } }),
    ]),
    table([{ name: 'k', label: hostile }, { name: 'r', label: hostile, type: 'rich' }], [{ k: hostile, r: rich(hostile) }]),
    barChart([{ name: hostile, value: 1 }]),
  ],
};

export const fixtureCards = { formCard, coverageCard, tableCard, helpCard, hostileCard };
