/**
 * The card document: what a person sees and can do, independent of any messenger.
 *
 * Flows, digests, lists and help build these plain objects (through card-kit.ts); renderers
 * (`render-feishu.ts`, `render-console.ts`, and a DingTalk one) turn them into each messenger's
 * format. Text is kept as data — spans of what a person typed or what prompts/ says, with only
 * bold and a tone as style — and escaped by each renderer by its own rules, never in advance.
 *
 * Forms keep their fields, order, labels, defaults, required flags and per-field errors here, so a
 * renderer without in-card forms can derive a degraded form (one question per message) instead of
 * a flow hand-writing one.
 */

/** Header colours, named by meaning of use; renderers map them to their palettes. */
export type CardColor = 'blue' | 'green' | 'orange' | 'red' | 'grey' | 'turquoise';

/** Text tones for warnings (red), hints (orange), good news (green) and asides (grey). */
export type Tone = 'red' | 'orange' | 'green' | 'grey';

/** A run of text with one style. `text` is exactly what is shown, never markup. */
export interface Span {
  text: string;
  bold?: boolean;
  tone?: Tone;
}

/** Rich text: spans in order; line breaks are `\n` inside span text. */
export type Rich = Span[];

/** The value an engine action carries (flow, step, revision, payload) — opaque to renderers. */
export type ActionValue = Record<string, unknown>;

/**
 * What a button means: the suggested next step (primary), the decisive final step of a form
 * (strong), a destructive step (danger), or a decisive destructive one (strong-danger).
 */
export type ButtonStyle = 'default' | 'primary' | 'strong' | 'danger' | 'strong-danger';

export interface Button {
  kind: 'button';
  text: string;
  action: ActionValue;
  style: ButtonStyle;
  /** Inside a form: the name of the submit control the messenger reports back. */
  name?: string;
  /** Inside a form: pressing it sends the form's values with the action. */
  submit?: boolean;
  confirm?: { title: string; text: string };
  disabled?: boolean;
}

export interface Option {
  value: string;
  text: string;
}

interface FieldBase {
  kind: 'field';
  name: string;
  /**
   * What the field asks. A text field draws a non-empty label with its control (an empty one means
   * a `label` block above carries it, with the error); other controls are always headed by a
   * `label` block and use this as their placeholder. Renderers that ask one field at a time use
   * the label block before the field when there is one, else this.
   */
  label: string;
  required: boolean;
  placeholder?: string;
}

/** One question of a form. */
export type Field =
  | (FieldBase & { type: 'text' | 'longtext'; value?: string; maxLength: number })
  | (FieldBase & { type: 'select'; options: Option[]; value?: string })
  | (FieldBase & { type: 'multiselect'; options: Option[]; values: string[] })
  | (FieldBase & { type: 'date' | 'time'; value?: string })
  | (FieldBase & { type: 'checkbox'; text: string; checked: boolean });

export type FieldType = Field['type'];

/** The label line of the field that follows it, with its required mark and its error. */
export interface FieldLabel {
  kind: 'label';
  text: string;
  required?: boolean;
  error?: string;
}

export interface TableColumn {
  name: string;
  label: string;
  type: 'text' | 'number' | 'rich';
}

export type TableCell = string | number | Rich | null | undefined;

export type Block =
  | { kind: 'text'; text: Rich; size?: 'small' | 'heading' }
  | { kind: 'divider' }
  | Button
  | { kind: 'buttons'; buttons: Button[] }
  | { kind: 'columns'; columns: Array<{ blocks: Block[]; weight: number }>; shaded?: boolean }
  | {
      kind: 'table';
      columns: TableColumn[];
      rows: Array<Record<string, TableCell>>;
      /** The column that names a row (what a person would call the row by). */
      key: string;
      pageSize: number;
    }
  | { kind: 'chart'; bars: Array<{ label: string; value: number }>; percent?: boolean }
  | { kind: 'form'; name: string; blocks: Block[] }
  | FieldLabel
  | Field;

export type BlockKind = Block['kind'];

export interface CardDoc {
  title: string;
  subtitle?: string;
  color: CardColor | string;
  /** What a chat list shows for the card (defaults to the title). */
  summary?: string;
  body: Block[];
}

/** Every block of a card, depth first (forms and columns included). */
export function blocksOf(doc: CardDoc): Block[] {
  const out: Block[] = [];
  const walk = (b: Block) => {
    out.push(b);
    if (b.kind === 'form') b.blocks.forEach(walk);
    else if (b.kind === 'columns') b.columns.forEach((c) => c.blocks.forEach(walk));
    else if (b.kind === 'buttons') b.buttons.forEach(walk);
  };
  doc.body.forEach(walk);
  return out;
}

/** The plain text of rich text, as a person reads it. */
export const plainText = (r: Rich): string => r.map((s) => s.text).join('');

/** Whether a value is a card document (and not, say, a messenger's own JSON). */
export function isCardDoc(v: unknown): v is CardDoc {
  return !!v && typeof v === 'object' && Array.isArray((v as CardDoc).body) && typeof (v as CardDoc).title === 'string';
}
