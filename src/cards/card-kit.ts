/**
 * Builders for Feishu card JSON 2.0 elements (https://open.feishu.cn/document/feishu-cards/card-json-v2-structure).
 * Pure functions; the shapes are the ones the components' docs define, nothing more (2.0 rejects
 * unknown properties).
 */
export type El = Record<string, unknown>;
export type ActionValue = Record<string, unknown>;

const plain = (content: string) => ({ tag: 'plain_text', content });

/** Markdown with user text escaped: people type `*`, `<` and `[` in ordinary sentences. */
export function escapeMd(s: string): string {
  return s.replace(/([\\`*_~[\]()<>#|])/g, '\\$1');
}

export const md = (content: string, opts: { size?: 'normal' | 'notation' | 'heading' } = {}): El => ({
  tag: 'markdown',
  content,
  ...(opts.size ? { text_size: opts.size } : {}),
});

export const hr = (): El => ({ tag: 'hr' });

export type ButtonType = 'default' | 'primary' | 'danger' | 'text' | 'primary_filled' | 'danger_filled' | 'primary_text';

export function button(
  text: string,
  value: ActionValue,
  opts: { type?: ButtonType; name?: string; submit?: boolean; confirm?: { title: string; text: string }; disabled?: boolean } = {},
): El {
  return {
    tag: 'button',
    text: plain(text),
    type: opts.type ?? 'default',
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.submit ? { form_action_type: 'submit' } : {}),
    ...(opts.disabled ? { disabled: true } : {}),
    ...(opts.confirm ? { confirm: { title: plain(opts.confirm.title), text: plain(opts.confirm.text) } } : {}),
    behaviors: [{ type: 'callback', value }],
  };
}

/** Buttons side by side, wrapping on a phone. */
export function buttonRow(buttons: El[]): El {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

export function columns(cols: Array<{ elements: El[]; weight?: number }>, opts: { background?: 'grey' | 'default' } = {}): El {
  return {
    tag: 'column_set',
    flex_mode: 'none',
    horizontal_spacing: '8px',
    ...(opts.background ? { background_style: opts.background } : {}),
    columns: cols.map((c) => ({
      tag: 'column',
      width: 'weighted',
      weight: c.weight ?? 1,
      vertical_align: 'top',
      elements: c.elements,
    })),
  };
}

interface FieldBase {
  name: string;
  label: string;
  required?: boolean;
}

export function input(f: FieldBase & { value?: string; placeholder?: string; multiline?: boolean; maxLength?: number }): El {
  return {
    tag: 'input',
    name: f.name,
    required: !!f.required,
    // An empty label means the caller draws fieldLabel() above (with the error beside it).
    ...(f.label ? { label: plain(f.label), label_position: 'top' } : {}),
    placeholder: plain(f.placeholder ?? ''),
    max_length: f.maxLength ?? 1000,
    ...(f.multiline ? { input_type: 'multiline_text', rows: 3, auto_resize: true } : {}),
    ...(f.value ? { default_value: f.value } : {}),
  };
}

export interface Option {
  value: string;
  text: string;
}

const options = (opts: Option[]) => opts.map((o) => ({ text: plain(o.text), value: o.value }));

export function select(f: FieldBase & { options: Option[]; value?: string; placeholder?: string }): El {
  return {
    tag: 'select_static',
    name: f.name,
    required: !!f.required,
    placeholder: plain(f.placeholder ?? f.label),
    options: options(f.options),
    ...(f.value ? { initial_option: f.value } : {}),
  };
}

export function multiSelect(f: FieldBase & { options: Option[]; values?: string[]; placeholder?: string }): El {
  return {
    tag: 'multi_select_static',
    name: f.name,
    required: !!f.required,
    placeholder: plain(f.placeholder ?? f.label),
    options: options(f.options),
    selected_values: f.values ?? [],
  };
}

export function datePicker(f: FieldBase & { value?: string; placeholder?: string }): El {
  return {
    tag: 'date_picker',
    name: f.name,
    required: !!f.required,
    placeholder: plain(f.placeholder ?? f.label),
    ...(f.value ? { initial_date: f.value } : {}),
  };
}

export function timePicker(f: FieldBase & { value?: string; placeholder?: string }): El {
  return {
    tag: 'picker_time',
    name: f.name,
    required: !!f.required,
    placeholder: plain(f.placeholder ?? f.label),
    ...(f.value ? { initial_time: f.value } : {}),
  };
}

export function checker(f: { name: string; text: string; checked?: boolean }): El {
  return { tag: 'checker', name: f.name, checked: !!f.checked, text: plain(f.text) };
}

/** A label line above a field (selects and pickers have no label of their own in 2.0). */
export const fieldLabel = (label: string, required?: boolean, error?: string): El =>
  md(`**${label}**${required ? ' <font color="red">*</font>' : ''}${error ? `\n<font color="red">${escapeMd(error)}</font>` : ''}`);

export function table(cols: Array<{ name: string; label: string; type?: 'text' | 'number' | 'markdown' }>, rows: Array<Record<string, unknown>>, pageSize = 10): El {
  return {
    tag: 'table',
    page_size: Math.min(Math.max(pageSize, 1), 10),
    row_height: 'low',
    header_style: { text_align: 'left', background_style: 'grey', bold: true },
    columns: cols.map((c) => ({
      name: c.name,
      display_name: c.label,
      data_type: c.type === 'number' ? 'number' : c.type === 'markdown' ? 'lark_md' : 'text',
      width: 'auto',
    })),
    rows,
  };
}

export function barChart(values: Array<{ name: string; value: number }>, opts: { yTitle?: string; percent?: boolean } = {}): El {
  return {
    tag: 'chart',
    // Horizontal bars need a row each to stay legible on a phone.
    aspect_ratio: values.length > 8 ? '1:1' : '4:3',
    color_theme: 'brand',
    chart_spec: {
      type: 'bar',
      direction: 'horizontal',
      data: { values },
      xField: 'value',
      yField: 'name',
      label: { visible: true },
      ...(opts.percent ? { axes: [{ orient: 'bottom', min: 0, max: 100 }] } : {}),
    },
  };
}
