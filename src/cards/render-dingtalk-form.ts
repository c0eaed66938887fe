/**
 * A card's form, asked one question per message (DingTalk's template-free messages have no
 * in-card inputs). Everything is derived from the document: fields in order, their labels,
 * required flags, defaults, options and per-field errors (on the field's label, or a red line
 * right below the field); the form's own buttons come last, on a
 * summary of the answers. On submit, `formValueOf` gives the values exactly as Feishu's form
 * sends them (field name → string; dates `YYYY-MM-DD`, times `HH:mm`, multi-select arrays,
 * checkbox booleans), so the flow's own validation decides, as on Feishu.
 *
 * Pure functions over a JSON state the deck keeps durably per person.
 */
import type { Prompts } from '../domain/prompts.ts';
import { plainText, type Block, type Button, type CardDoc, type Field, type Option } from './document.ts';
import { dingtalkMarkdown, escapeDingtalkText } from './render-dingtalk-text.ts';
import { PressList, renderDingtalk, type CodeFor, type DingtalkMarkdownMessage } from './render-dingtalk.ts';
import { bold, grey, red, rich } from './rich.ts';

export interface Question {
  name: string;
  type: Field['type'];
  label: string;
  required: boolean;
  placeholder?: string;
  maxLength?: number;
  options?: Option[];
  /** A checkbox's own words. */
  text?: string;
  /** The default (or the answer kept by the engine), shaped as Feishu sends it. */
  value?: unknown;
  error?: string;
}

export interface DegradedForm {
  questions: Question[];
  /** The form's buttons: submit buttons send the answers; others act as on the card. */
  buttons: Button[];
}

export interface FormState {
  /** Changes with every new form, so presses of an older form's questions are recognised as stale. */
  id: number;
  /** The card the form came from, drawn around each question. */
  card: CardDoc;
  form: DegradedForm;
  /** Indexes of the questions to ask, in order (all, or those the engine found in error). */
  order: number[];
  /** Position in `order`; `order.length` means the summary. */
  pos: number;
  values: Record<string, unknown>;
  /** The error of the current question, from the last answer. */
  error?: string;
}

function defaultOf(f: Field): unknown {
  switch (f.type) {
    case 'multiselect':
      return f.values;
    case 'checkbox':
      return f.checked;
    default:
      return f.value || undefined;
  }
}

/** The first form of a card, as questions; undefined when the card has none. */
export function deriveForm(doc: CardDoc): DegradedForm | undefined {
  const form = doc.body.find((b): b is Extract<Block, { kind: 'form' }> => b.kind === 'form');
  if (!form) return undefined;
  const questions: Question[] = [];
  const buttons: Button[] = [];
  let label: Extract<Block, { kind: 'label' }> | undefined;
  let last: Question | undefined;
  const walk = (b: Block) => {
    if (b.kind === 'label') {
      label = b;
      last = undefined;
    } else if (b.kind === 'text') {
      // Some flows draw a field's error as a red line right below it rather than on its label.
      if (last && !last.error && b.text.length > 0 && b.text.every((x) => x.tone === 'red')) last.error = plainText(b.text);
    }
    else if (b.kind === 'field') {
      const q: Question = {
        name: b.name,
        type: b.type,
        label: label?.text || b.label || (b.type === 'checkbox' ? b.text : b.name),
        required: b.required || !!label?.required,
        ...(b.placeholder ? { placeholder: b.placeholder } : {}),
        ...(b.type === 'text' || b.type === 'longtext' ? { maxLength: b.maxLength } : {}),
        ...(b.type === 'select' || b.type === 'multiselect' ? { options: b.options } : {}),
        ...(b.type === 'checkbox' ? { text: b.text } : {}),
        ...(label?.error ? { error: label.error } : {}),
      };
      const v = defaultOf(b);
      if (v !== undefined) q.value = v;
      questions.push(q);
      label = undefined;
      last = q;
    } else if (b.kind === 'button') {
      if (!b.disabled) buttons.push(b);
    } else if (b.kind === 'buttons') b.buttons.forEach(walk);
    else if (b.kind === 'columns') b.columns.forEach((c) => c.blocks.forEach(walk));
  };
  form.blocks.forEach(walk);
  return { questions, buttons };
}

/** A new form state: every question, or only those in error when the engine sent some back. */
export function startForm(card: CardDoc, form: DegradedForm, id: number): FormState {
  const inError = form.questions.map((q, i) => (q.error ? i : -1)).filter((i) => i >= 0);
  const values: Record<string, unknown> = {};
  for (const q of form.questions) if (q.value !== undefined) values[q.name] = q.value;
  const order = inError.length > 0 ? inError : form.questions.map((_, i) => i);
  return { id, card, form, order, pos: 0, values, ...(inError.length > 0 ? { error: form.questions[inError[0]!]!.error } : {}) };
}

export const currentQuestion = (s: FormState): Question | undefined => (s.pos < s.order.length ? s.form.questions[s.order[s.pos]!] : undefined);

/** The values as Feishu's form_value carries them; unanswered optional fields are left out. */
export function formValueOf(s: FormState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of s.form.questions) {
    const v = s.values[q.name];
    if (q.type === 'checkbox') out[q.name] = v === true;
    else if (q.type === 'multiselect') out[q.name] = Array.isArray(v) ? v : [];
    else if (v !== undefined && v !== '') out[q.name] = v;
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

function parseDate(s: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

function parseTime(s: string): string | null {
  const m = /^(\d{1,2})\s*(?:[:：点时]\s*(\d{1,2})?\s*分?)?$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  if (h > 23 || min > 59) return null;
  return `${pad(h)}:${pad(min)}`;
}

function optionOf(options: Option[], s: string): Option | undefined {
  const n = /^\d+$/.test(s) ? Number(s) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= options.length) return options[n - 1];
  return options.find((o) => o.text === s || o.value === s);
}

const toHalfWidth = (s: string) => s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');

/** A typed answer to a question, shaped as Feishu would send it, or the reason it is not one. */
export function parseAnswer(q: Question, typed: string, t: Prompts): { value: unknown } | { error: string } {
  const s = typed.trim();
  const loose = toHalfWidth(s).trim();
  switch (q.type) {
    case 'text':
    case 'longtext': {
      const max = q.maxLength ?? 1000;
      if ([...s].length > max) return { error: t('engine.field_too_long', { max }) };
      return { value: s };
    }
    case 'date': {
      const v = parseDate(loose);
      return v ? { value: v } : { error: t('dingtalk.form.bad_date') };
    }
    case 'time': {
      const v = parseTime(loose);
      return v ? { value: v } : { error: t('dingtalk.form.bad_time') };
    }
    case 'select': {
      const o = optionOf(q.options ?? [], loose) ?? optionOf(q.options ?? [], s);
      return o ? { value: o.value } : { error: t('dingtalk.form.bad_choice', { max: (q.options ?? []).length }) };
    }
    case 'multiselect': {
      const picked: string[] = [];
      for (const part of loose.split(/[\s,，、;；]+/).filter(Boolean)) {
        const o = optionOf(q.options ?? [], part);
        if (!o) return { error: t('dingtalk.form.bad_choice', { max: (q.options ?? []).length }) };
        if (!picked.includes(o.value)) picked.push(o.value);
      }
      return { value: picked };
    }
    case 'checkbox': {
      if ([t('dingtalk.form.yes'), '1', '是', '对'].includes(loose)) return { value: true };
      if ([t('dingtalk.form.no'), '2', '否', '不'].includes(loose)) return { value: false };
      return { error: t('dingtalk.form.bad_yes_no') };
    }
  }
}

/** How an answer reads back (summary, "当前"). */
export function shownValue(q: Question, v: unknown, t: Prompts): string {
  if (q.type === 'checkbox') return v === true ? t('dingtalk.form.yes') : t('dingtalk.form.no');
  if (q.type === 'select') return q.options?.find((o) => o.value === v)?.text ?? '';
  if (q.type === 'multiselect') return (Array.isArray(v) ? v : []).map((x) => q.options?.find((o) => o.value === x)?.text ?? String(x)).join('、');
  return v === undefined || v === null ? '' : String(v);
}

const hasValue = (q: Question, v: unknown) => (q.type === 'multiselect' ? Array.isArray(v) && v.length > 0 : q.type === 'checkbox' ? true : v !== undefined && v !== '');

function hintOf(q: Question, t: Prompts): string {
  switch (q.type) {
    case 'date':
      return t('dingtalk.form.hint_date');
    case 'time':
      return t('dingtalk.form.hint_time');
    case 'select':
      return t('dingtalk.form.hint_select');
    case 'multiselect':
      return t('dingtalk.form.hint_multiselect');
    case 'checkbox':
      return t('dingtalk.form.hint_checkbox');
    default:
      return q.placeholder ? q.placeholder : t('dingtalk.form.hint_text');
  }
}

/** The current question (or the summary) as markdown, with its presses. */
export function formText(s: FormState, t: Prompts, code: CodeFor): string {
  const presses = new PressList(t, code);
  const q = currentQuestion(s);
  const nav = (k: 'back' | 'cancel' | 'skip', word: string) => presses.draw({ k, text: word, form: s.id, pos: s.pos });
  const lines: string[] = [];
  if (!q) {
    lines.push(dingtalkMarkdown(rich(bold(t('dingtalk.form.summary')))));
    s.form.questions.forEach((x, i) => {
      const v = s.values[x.name];
      const shown = hasValue(x, v) ? escapeDingtalkText(shownValue(x, v, t)) : dingtalkMarkdown(grey(t('dingtalk.form.empty')));
      lines.push(`${dingtalkMarkdown(bold(x.label))}：${shown}　${presses.draw({ k: 'edit', text: t('dingtalk.form.edit'), form: s.id, q: i })}`);
    });
    const buttons = s.form.buttons.map((b) =>
      presses.draw({ k: 'btn', text: b.text, action: b.action, ...(b.name ? { name: b.name } : {}), ...(b.submit ? { submit: true } : {}), ...(b.confirm ? { confirm: b.confirm } : {}) }),
    );
    lines.push([...buttons, nav('back', t('dingtalk.form.back')), nav('cancel', t('dingtalk.form.cancel'))].filter(Boolean).join('　'));
  } else {
    const progress = t('dingtalk.form.progress', { n: s.pos + 1, total: s.order.length });
    const mark = q.required ? t('dingtalk.form.required') : t('dingtalk.form.optional');
    lines.push(`${dingtalkMarkdown(grey(progress))}  \n${dingtalkMarkdown(rich(bold(q.label), mark))}`);
    if (s.error) lines.push(dingtalkMarkdown(red(s.error)));
    lines.push(escapeDingtalkText(hintOf(q, t)));
    const current = s.values[q.name];
    if (hasValue(q, current) && q.type !== 'checkbox') lines.push(escapeDingtalkText(t('dingtalk.form.current', { value: shownValue(q, current, t) })));
    if (q.type === 'select' || q.type === 'multiselect') {
      lines.push((q.options ?? []).map((o, i) => `${i + 1}. ${escapeDingtalkText(o.text)}`).join('  \n'));
    }
    const choices: string[] = [];
    if (q.type === 'select') (q.options ?? []).forEach((o) => choices.push(presses.draw({ k: 'answer', text: o.text, form: s.id, pos: s.pos, value: o.value })));
    if (q.type === 'checkbox') {
      choices.push(presses.draw({ k: 'answer', text: t('dingtalk.form.yes'), form: s.id, pos: s.pos, value: true }));
      choices.push(presses.draw({ k: 'answer', text: t('dingtalk.form.no'), form: s.id, pos: s.pos, value: false }));
    }
    if (choices.length) lines.push(choices.filter(Boolean).join('　'));
    const navs: string[] = [];
    if (hasValue(q, current) && q.type !== 'checkbox') navs.push(presses.draw({ k: 'answer', text: t('dingtalk.form.keep'), form: s.id, pos: s.pos, value: current }));
    else if (!q.required && q.type !== 'checkbox') navs.push(nav('skip', t('dingtalk.form.skip')));
    navs.push(nav('back', t('dingtalk.form.back')), nav('cancel', t('dingtalk.form.cancel')));
    lines.push(navs.filter(Boolean).join('　'));
  }
  if (presses.typed.length) lines.push([escapeDingtalkText(t('dingtalk.more_buttons')), ...presses.typed].join('  \n'));
  return lines.join('\n\n');
}

/** The card with its form at the current question (or summary): the intro only on the first message. */
export function renderFormMessage(s: FormState, t: Prompts, code: CodeFor): DingtalkMarkdownMessage {
  const first = s.pos === 0;
  const card: CardDoc = first ? s.card : { ...s.card, subtitle: undefined, body: s.card.body.filter((b) => b.kind === 'form') };
  return renderDingtalk(card, { t, code, formText: formText(s, t, code) });
}
