/**
 * Realistic card JSON 2.0 fixtures for the console renderer and the fake console server.
 * Shapes follow /work/shared/reference/feishu.md §3; content follows the bot's flows.
 */
const pt = (content: string) => ({ tag: 'plain_text', content });

export const formCard = {
  schema: '2.0',
  config: { update_multi: true },
  header: {
    title: pt('记录走访（1/2）'),
    subtitle: pt('济南市历城区 · 党建工作指导员'),
    template: 'blue',
    text_tag_list: [{ tag: 'text_tag', text: pt('草稿'), color: 'orange' }],
  },
  body: {
    elements: [
      { tag: 'markdown', content: '请填写本次走访情况，带 <font color="red">*</font> 的为必填项。' },
      {
        tag: 'form',
        name: 'visit_step1',
        elements: [
          { tag: 'input', name: 'org_name', required: true, max_length: 50, default_value: '山东鲁信科技有限公司',
            label: pt('走访单位'), placeholder: pt('输入单位名称') },
          { tag: 'input', name: 'notes', input_type: 'multiline_text', rows: 3, max_length: 500,
            label: pt('走访情况'), placeholder: pt('谈了什么，发现了什么问题') },
          { tag: 'select_static', name: 'visit_type', required: true, initial_option: 'onsite', placeholder: pt('走访方式'),
            options: [
              { text: pt('实地走访'), value: 'onsite' },
              { text: pt('电话联系'), value: 'phone' },
              { text: pt('线上会议'), value: 'online' },
            ] },
          { tag: 'multi_select_static', name: 'topics', selected_values: ['org', 'members'], placeholder: pt('涉及事项'),
            options: [
              { text: pt('组织建设'), value: 'org' },
              { text: pt('党员发展'), value: 'members' },
              { text: pt('群团组织'), value: 'mass' },
              { text: pt('阵地建设'), value: 'site' },
            ] },
          { tag: 'date_picker', name: 'visit_date', required: true, initial_date: '2026-11-20', placeholder: pt('走访日期') },
          { tag: 'picker_time', name: 'visit_time', initial_time: '09:30', placeholder: pt('开始时间') },
          { tag: 'picker_datetime', name: 'next_visit', placeholder: pt('下次走访时间') },
          { tag: 'checker', name: 'has_party_org', checked: true, text: pt('该单位已建立党组织') },
          {
            tag: 'column_set',
            columns: [
              { tag: 'column', width: 'auto', elements: [
                { tag: 'button', name: 'btn_next', type: 'primary_filled', form_action_type: 'submit', text: pt('下一步'),
                  behaviors: [{ type: 'callback', value: { flow: 'visit', step: 1, rev: 3 } }] },
              ] },
              { tag: 'column', width: 'auto', elements: [
                { tag: 'button', name: 'btn_reset', type: 'default', form_action_type: 'reset', text: pt('重置') },
              ] },
              { tag: 'column', width: 'auto', elements: [
                { tag: 'button', name: 'btn_cancel', type: 'danger', text: pt('取消'),
                  confirm: { title: pt('放弃本次记录？'), text: pt('已填写的内容不会保存。') },
                  behaviors: [{ type: 'callback', value: { flow: 'visit', cmd: 'cancel', rev: 3 } }] },
              ] },
            ],
          },
        ],
      },
    ],
  },
};

const streets = [
  ['山大路街道', 86, 71], ['洪家楼街道', 64, 45], ['东风街道', 120, 97], ['全福街道', 52, 30], ['王舍人街道', 77, 61],
] as const;

export const coverageCard = {
  schema: '2.0',
  config: { update_multi: true },
  header: {
    title: pt('历城区 两新组织党组织覆盖率'),
    subtitle: pt('统计口径：正常经营 · 截至 2026-11-22'),
    template: 'red',
    text_tag_list: [{ tag: 'text_tag', text: pt('覆盖率 74.8%'), color: 'red' }],
  },
  body: {
    elements: [
      {
        tag: 'column_set',
        flex_mode: 'none',
        horizontal_spacing: '8px',
        columns: [
          ['纳入统计', '2,400'], ['党组织覆盖', '1,710'], ['工作覆盖', '2,230'],
        ].map(([k, v]) => ({
          tag: 'column', width: 'weighted', weight: 1, background_style: 'grey', padding: '8px',
          elements: [{ tag: 'markdown', text_align: 'center', content: `<font color="grey">${k}</font>\n**${v}**` }],
        })),
      },
      { tag: 'markdown', content: '**各街道党组织覆盖情况**（家）' },
      {
        tag: 'chart',
        aspect_ratio: '16:9',
        chart_spec: {
          type: 'bar',
          data: { values: streets.map(([name, inScope, covered]) => ({ street: name, count: covered, rate: Math.round((covered / inScope) * 1000) / 10 })) },
          xField: 'street',
          yField: 'count',
        },
      },
      { tag: 'hr' },
      { tag: 'markdown', content: '- 未覆盖 **690** 家，其中 <font color="red">全福街道</font> 最低\n- 本月新建党组织 ~~12~~ **14** 个' },
      {
        tag: 'column_set',
        columns: [
          { tag: 'column', width: 'auto', elements: [
            { tag: 'button', name: 'btn_drill', type: 'primary', text: pt('查看街道明细'),
              behaviors: [{ type: 'callback', value: { route: 'coverage.drill', region: '370112' } }] },
          ] },
          { tag: 'column', width: 'auto', elements: [
            { tag: 'button', name: 'btn_export', type: 'default', text: pt('导出台账'),
              behaviors: [{ type: 'callback', value: { route: 'ledger.export', region: '370112' } }] },
          ] },
          { tag: 'column', width: 'auto', elements: [
            { tag: 'button', name: 'btn_doc', type: 'text', text: pt('口径说明'),
              behaviors: [{ type: 'open_url', default_url: 'https://example.com/coverage-basis' }] },
          ] },
        ],
      },
    ],
  },
};

const statuses = [
  { text: '待走访', color: 'orange' }, { text: '已逾期', color: 'red' }, { text: '已完成', color: 'green' },
];
export const tableCard = {
  schema: '2.0',
  config: { update_multi: true },
  header: { title: pt('我的待办'), subtitle: pt('共 12 项，按到期时间排序'), template: 'wathet' },
  body: {
    elements: [
      {
        tag: 'table',
        page_size: 5,
        row_height: 'low',
        header_style: { text_align: 'left', background_style: 'grey', bold: true },
        columns: [
          { name: 'org', display_name: '单位', data_type: 'text', width: '140px' },
          { name: 'due', display_name: '到期', data_type: 'date', date_format: 'YYYY-MM-DD' },
          { name: 'status', display_name: '状态', data_type: 'options' },
          { name: 'members', display_name: '党员数', data_type: 'number', format: { precision: 0 } },
        ],
        rows: Array.from({ length: 12 }, (_, i) => ({
          org: ['鲁信科技', '齐鲁律师事务所', '泉城民办学校', '华山物流', '历下互联网协会', '山水餐饮'][i % 6] + (i >= 6 ? '（二）' : ''),
          due: Date.UTC(2026, 10, 20 + i, 0, 0),
          status: [statuses[i % 3]],
          members: 3 + ((i * 7) % 11),
        })),
      },
      { tag: 'markdown', text_size: 'notation', content: '<font color="grey">数据每日 08:00 更新</font>' },
    ],
  },
};

export const helpCard = {
  schema: '2.0',
  config: { update_multi: true },
  header: { title: pt('我能帮你做什么'), subtitle: pt('张三 · 党建工作指导员'), template: 'turquoise' },
  body: {
    elements: [
      { tag: 'markdown', content: '你好 <at id=ou_zhangsan></at>！点下面的按钮，或者直接说 **记录走访**、**覆盖率**、**待办**。' },
      ...[['记录走访', 'visit', 'primary_filled'], ['查看覆盖率', 'coverage', 'default'], ['我的待办', 'todo', 'default']].map(([t, r, type]) => ({
        tag: 'button', name: `btn_${r}`, type, width: 'fill', text: pt(t), behaviors: [{ type: 'callback', value: { route: `start.${r}` } }],
      })),
      { tag: 'collapsible_panel', expanded: false, header: { title: { tag: 'markdown', content: '**更多说明**' } },
        elements: [{ tag: 'markdown', content: '1. 说 `取消` 可随时结束当前对话\n2. 发送台账 Excel 即可导入' }] },
    ],
  },
};

export const chartsCard = {
  schema: '2.0',
  header: { title: pt('趋势与构成'), template: 'purple' },
  body: {
    elements: [
      { tag: 'chart', chart_spec: { type: 'line', title: { text: '月度新建党组织' },
        data: [{ id: 'd', values: ['7月', '8月', '9月', '10月', '11月'].flatMap((m, i) => [
          { month: m, n: 4 + i * 2, kind: '非公企业' }, { month: m, n: 1 + (i % 3), kind: '社会组织' }]) }],
        xField: 'month', yField: 'n', seriesField: 'kind' } },
      { tag: 'chart', chart_spec: { type: 'bar', direction: 'horizontal', data: { values: streets.map(([s, n]) => ({ s, n })) }, xField: 'n', yField: 's' } },
      { tag: 'chart', chart_spec: { type: 'pie', innerRadius: 0.5, data: { values: [
        { t: '单独组建', v: 230 }, { t: '联合组建', v: 1480 }, { t: '未建', v: 690 }] }, categoryField: 't', valueField: 'v' } },
      { tag: 'person', user_id: 'ou_lisi' },
      { tag: 'img', img_key: 'img_v2_xxx', alt: pt('走访现场照片') },
      { tag: 'audio', file_key: 'x' },
    ],
  },
};

/** Card whose text tries to inject HTML: must come out as text. */
export const hostileCard = {
  schema: '2.0',
  header: { title: pt('<img src=x onerror=alert(1)>'), template: 'grey' },
  body: { elements: [{ tag: 'markdown', content: 'hi <script>alert("x")</script> [x](javascript:alert(1)) <font color="red" onclick="x">red</font>' }] },
};

export const fixtureCards = { formCard, coverageCard, tableCard, helpCard, chartsCard, hostileCard };
