/**
 * Card document → Feishu card JSON 2.0 (https://open.feishu.cn/document/feishu-cards/card-json-v2-structure).
 * A pure function; the shapes are the ones the components' docs define, nothing more (2.0 rejects
 * unknown properties). The frame (config, header) is cards/message.json.
 */
import frame from '../../cards/message.json' with { type: 'json' };
import type { Block, Button, ButtonStyle, CardDoc, Field, Rich, TableCell } from './document.ts';
import { feishuMarkdown } from './render-feishu-text.ts';
import { rich, red, bold } from './rich.ts';

export type FeishuCard = Record<string, unknown>;
type El = Record<string, unknown>;

const plain = (content: string) => ({ tag: 'plain_text', content });

const BUTTON_TYPE: Record<ButtonStyle, string> = { default: 'default', primary: 'primary', strong: 'primary_filled', danger: 'danger', 'strong-danger': 'danger_filled' };

const markdown = (r: Rich, size?: 'small' | 'heading'): El => ({
  tag: 'markdown',
  content: feishuMarkdown(r),
  ...(size === 'small' ? { text_size: 'notation' } : size === 'heading' ? { text_size: 'heading' } : {}),
});

function button(b: Button): El {
  return {
    tag: 'button',
    text: plain(b.text),
    type: BUTTON_TYPE[b.style],
    ...(b.name ? { name: b.name } : {}),
    ...(b.submit ? { form_action_type: 'submit' } : {}),
    ...(b.disabled ? { disabled: true } : {}),
    ...(b.confirm ? { confirm: { title: plain(b.confirm.title), text: plain(b.confirm.text) } } : {}),
    behaviors: [{ type: 'callback', value: b.action }],
  };
}

function field(f: Field): El {
  const head = { name: f.name, required: f.required };
  const placeholder = plain(f.placeholder ?? f.label);
  switch (f.type) {
    case 'text':
    case 'longtext':
      return {
        tag: 'input',
        ...head,
        // An empty label means a label block above draws it (with the error beside it).
        ...(f.label ? { label: plain(f.label), label_position: 'top' } : {}),
        placeholder: plain(f.placeholder ?? ''),
        max_length: f.maxLength,
        ...(f.type === 'longtext' ? { input_type: 'multiline_text', rows: 3, auto_resize: true } : {}),
        ...(f.value ? { default_value: f.value } : {}),
      };
    case 'select':
      return { tag: 'select_static', ...head, placeholder, options: options(f.options), ...(f.value ? { initial_option: f.value } : {}) };
    case 'multiselect':
      return { tag: 'multi_select_static', ...head, placeholder, options: options(f.options), selected_values: f.values };
    case 'date':
      return { tag: 'date_picker', ...head, placeholder, ...(f.value ? { initial_date: f.value } : {}) };
    case 'time':
      return { tag: 'picker_time', ...head, placeholder, ...(f.value ? { initial_time: f.value } : {}) };
    case 'checkbox':
      return { tag: 'checker', name: f.name, checked: f.checked, text: plain(f.text) };
  }
}

const options = (opts: Array<{ value: string; text: string }>) => opts.map((o) => ({ text: plain(o.text), value: o.value }));

function cell(v: TableCell, type: string): unknown {
  if (Array.isArray(v)) return feishuMarkdown(v);
  if (type === 'rich' && typeof v === 'string') return feishuMarkdown(rich(v));
  return v;
}

function block(b: Block): El {
  switch (b.kind) {
    case 'text':
      return markdown(b.text, b.size);
    case 'divider':
      return { tag: 'hr' };
    case 'button':
      return button(b);
    case 'buttons':
      return {
        tag: 'column_set',
        flex_mode: 'flow',
        horizontal_spacing: '8px',
        columns: b.buttons.map((x) => ({ tag: 'column', width: 'auto', elements: [button(x)] })),
      };
    case 'columns':
      return {
        tag: 'column_set',
        flex_mode: 'none',
        horizontal_spacing: '8px',
        ...(b.shaded ? { background_style: 'grey' } : {}),
        columns: b.columns.map((c) => ({ tag: 'column', width: 'weighted', weight: c.weight, vertical_align: 'top', elements: c.blocks.map(block) })),
      };
    case 'form':
      return { tag: 'form', name: b.name, elements: b.blocks.map(block) };
    case 'label':
      return markdown(rich(bold(b.text), b.required && [' ', red('*')], b.error && ['\n', red(b.error)]));
    case 'field':
      return field(b);
    case 'table':
      return {
        tag: 'table',
        page_size: b.pageSize,
        row_height: 'low',
        header_style: { text_align: 'left', background_style: 'grey', bold: true },
        columns: b.columns.map((c) => ({ name: c.name, display_name: c.label, data_type: c.type === 'number' ? 'number' : c.type === 'rich' ? 'lark_md' : 'text', width: 'auto' })),
        rows: b.rows.map((r) => Object.fromEntries(b.columns.map((c) => [c.name, cell(r[c.name], c.type)]).filter(([, v]) => v !== undefined))),
      };
    case 'chart':
      return {
        tag: 'chart',
        // Horizontal bars need a row each to stay legible on a phone.
        aspect_ratio: b.bars.length > 8 ? '1:1' : '4:3',
        color_theme: 'brand',
        chart_spec: {
          type: 'bar',
          direction: 'horizontal',
          data: { values: b.bars.map((x) => ({ name: x.label, value: x.value })) },
          xField: 'value',
          yField: 'name',
          label: { visible: true },
          ...(b.percent ? { axes: [{ orient: 'bottom', min: 0, max: 100 }] } : {}),
        },
      };
  }
}

export function renderFeishu(doc: CardDoc): FeishuCard {
  const f = structuredClone(frame) as unknown as {
    config: { summary: { content: string } };
    header: { title: { content: string }; subtitle?: { content: string }; template: string };
    body: { elements: unknown[] };
  };
  f.config.summary.content = doc.summary ?? doc.title;
  f.header.title.content = doc.title;
  if (doc.subtitle) f.header.subtitle!.content = doc.subtitle;
  else delete f.header.subtitle;
  f.header.template = doc.color;
  f.body.elements = doc.body.map(block);
  return f as unknown as FeishuCard;
}
