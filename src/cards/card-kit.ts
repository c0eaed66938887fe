/**
 * Builders for card-document blocks (document.ts). Pure functions with defaults in one place;
 * flows call these and never build messenger JSON.
 */
import type { ActionValue, Block, Button, ButtonStyle, Field, FieldLabel, Option, TableCell } from './document.ts';
import { bold, grey, rich, type RichPart } from './rich.ts';

export type { ActionValue, Option } from './document.ts';
/** A block of a card (the name flows have always used). */
export type El = Block;

/** A paragraph of rich text (`text(rich(bold(a), b))`); strings in it are shown exactly as given. */
export const text = (content: RichPart, opts: { size?: 'small' | 'heading' } = {}): Block => ({
  kind: 'text',
  text: rich(content),
  ...(opts.size ? { size: opts.size } : {}),
});

export const hr = (): Block => ({ kind: 'divider' });

export type ButtonType = ButtonStyle;

export function button(
  label: string,
  value: ActionValue,
  opts: { type?: ButtonStyle; name?: string; submit?: boolean; confirm?: { title: string; text: string }; disabled?: boolean } = {},
): Button {
  return {
    kind: 'button',
    text: label,
    action: value,
    style: opts.type ?? 'default',
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.submit ? { submit: true } : {}),
    ...(opts.disabled ? { disabled: true } : {}),
    ...(opts.confirm ? { confirm: opts.confirm } : {}),
  };
}

/** Buttons side by side, wrapping on a phone. */
export function buttonRow(buttons: Block[]): Block {
  const bad = buttons.find((b) => b.kind !== 'button');
  if (bad) throw new Error(`buttonRow holds buttons only, got ${bad.kind}`);
  return { kind: 'buttons', buttons: buttons as Button[] };
}

export function columns(cols: Array<{ elements: Block[]; weight?: number }>, opts: { background?: 'grey' | 'default' } = {}): Block {
  return {
    kind: 'columns',
    columns: cols.map((c) => ({ blocks: c.elements, weight: c.weight ?? 1 })),
    ...(opts.background === 'grey' ? { shaded: true } : {}),
  };
}

/** A form: its fields and submit buttons travel together. */
export const form = (name: string, blocks: Block[]): Block => ({ kind: 'form', name, blocks });

interface FieldOpts {
  name: string;
  label: string;
  required?: boolean;
  placeholder?: string;
}

const base = (f: FieldOpts) => ({
  kind: 'field' as const,
  name: f.name,
  label: f.label,
  required: !!f.required,
  ...(f.placeholder !== undefined ? { placeholder: f.placeholder } : {}),
});

export function input(f: FieldOpts & { value?: string; multiline?: boolean; maxLength?: number }): Field {
  return { ...base(f), type: f.multiline ? 'longtext' : 'text', maxLength: f.maxLength ?? 1000, ...(f.value ? { value: f.value } : {}) };
}

export function select(f: FieldOpts & { options: Option[]; value?: string }): Field {
  return { ...base(f), type: 'select', options: f.options, ...(f.value ? { value: f.value } : {}) };
}

export function multiSelect(f: FieldOpts & { options: Option[]; values?: string[] }): Field {
  return { ...base(f), type: 'multiselect', options: f.options, values: f.values ?? [] };
}

export function datePicker(f: FieldOpts & { value?: string }): Field {
  return { ...base(f), type: 'date', ...(f.value ? { value: f.value } : {}) };
}

export function timePicker(f: FieldOpts & { value?: string }): Field {
  return { ...base(f), type: 'time', ...(f.value ? { value: f.value } : {}) };
}

export function checker(f: { name: string; text: string; checked?: boolean }): Field {
  return { kind: 'field', name: f.name, label: '', required: false, type: 'checkbox', text: f.text, checked: !!f.checked };
}

/** A label line above a field (with the required mark and the field's error beside it). */
export const fieldLabel = (label: string, required?: boolean, error?: string): FieldLabel => ({
  kind: 'label',
  text: label,
  ...(required ? { required: true } : {}),
  ...(error ? { error } : {}),
});

export function table(
  cols: Array<{ name: string; label: string; type?: 'text' | 'number' | 'rich' }>,
  rows: Array<Record<string, TableCell>>,
  pageSize = 10,
  key?: string,
): Block {
  return {
    kind: 'table',
    columns: cols.map((c) => ({ name: c.name, label: c.label, type: c.type ?? 'text' })),
    rows,
    key: key ?? cols[0]?.name ?? '',
    pageSize: Math.min(Math.max(pageSize, 1), 10),
  };
}

/**
 * A table of one key column: each row is its name (bold) with its facts stacked under it (grey,
 * joined by `sep`), so a phone (375 px) shows the facts without a sideways swipe. Empty facts
 * are left out. The way every list of named things fits a phone.
 */
export function factsTable(
  label: string,
  rows: Array<{ name: string; facts: Array<string | false | null | undefined> }>,
  sep: string,
  pageSize = 10,
): Block {
  const cell = (r: { name: string; facts: Array<string | false | null | undefined> }) => {
    const shown = r.facts.filter((f): f is string => !!f);
    return { name: rich(bold(r.name), shown.length ? ['\n', grey(shown.join(sep))] : []) };
  };
  return table([{ name: 'name', label, type: 'rich' }], rows.map(cell), pageSize, 'name');
}

export function barChart(values: Array<{ name: string; value: number }>, opts: { yTitle?: string; percent?: boolean } = {}): Block {
  return { kind: 'chart', bars: values.map((v) => ({ label: v.name, value: v.value })), ...(opts.percent ? { percent: true } : {}) };
}
