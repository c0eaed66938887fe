/**
 * Card document → a DingTalk markdown message (sampleMarkdown), template-free.
 *
 * Buttons act without a browser: each is a `dtmd://dingtalkclient/sendMessage?content=…` link,
 * which makes the DingTalk client send that text to the robot as the person (and @ the robot in a
 * group). The text is the button's words and a short code, `保存 #17`; the receiver resolves the
 * code (per person, src/messenger/dingtalk/dingtalk-deck.ts) into the engine's own CardAction.
 * ActionCard buttons are not used for this: they open their URL in a browser and do not take
 * dtmd links (README "Buttons without a browser").
 *
 * A pure function given `code`, which hands out the code for a press (the deck records it).
 * Forms are not drawn here: `formText` is put where the form stands (render-dingtalk-form.ts).
 */
import type { Prompts } from '../domain/prompts.ts';
import type { Block, Button, CardDoc, Rich, TableCell } from './document.ts';
import { plainText } from './document.ts';
import { dingtalkMarkdown, escapeDingtalkText } from './render-dingtalk-text.ts';
import { rich, bold, grey } from './rich.ts';

/**
 * The markdown `text` is kept under this many characters. DingTalk documents no figure for
 * robot markdown in the pages we could read [unverified]; 5,000 is the work-notification limit
 * quoted for markdown, taken as a safe bound. Past it the body is cut at a block and the rest of
 * the buttons are listed as typed commands.
 */
export const DINGTALK_TEXT_MAX = 5000;
/** Links shown as tappable buttons; more are listed as commands to type (a long list of links is unreadable on a phone). */
export const DINGTALK_MAX_LINKS = 12;
const BAR_WIDTH = 10;

/** What a press means, recorded by the deck under its code. */
export type Press =
  | { k: 'btn'; text: string; action: Record<string, unknown>; name?: string; submit?: boolean; confirm?: { title: string; text: string } }
  | { k: 'answer'; text: string; form: number; pos: number; value: unknown }
  | { k: 'back' | 'cancel' | 'skip'; text: string; form: number; pos: number }
  | { k: 'edit'; text: string; form: number; q: number };

export type CodeFor = (p: Press) => string;

/** The message text a press sends: the words a person sees in the chat, then the code. */
export const pressContent = (text: string, code: string) => `${text} #${code}`;

export function dtmdLink(text: string, code: string): string {
  const label = escapeDingtalkText(text).replace(/ /g, '&#32;');
  return `[${label}](dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(pressContent(text, code))})`;
}

/** Draws presses as links, the first `DINGTALK_MAX_LINKS` of a message; later ones as typed commands. */
export class PressList {
  private links = 0;
  readonly typed: string[] = [];
  constructor(
    private readonly t: Prompts,
    private readonly code: CodeFor,
  ) {}
  draw(p: Press): string {
    const c = this.code(p);
    if (this.links < DINGTALK_MAX_LINKS) {
      this.links++;
      return dtmdLink(p.text, c);
    }
    this.typed.push(typedCommand(this.t, p.text, c));
    return '';
  }
  typedOnly(p: Press): void {
    this.typed.push(typedCommand(this.t, p.text, this.code(p)));
  }
}

export const typedCommand = (t: Prompts, text: string, code: string) => escapeDingtalkText(t('dingtalk.typed_button', { code, text }));

const buttonPress = (b: Button): Press => ({
  k: 'btn',
  text: b.text,
  action: b.action,
  ...(b.name ? { name: b.name } : {}),
  ...(b.submit ? { submit: true } : {}),
  ...(b.confirm ? { confirm: b.confirm } : {}),
});

function cellText(v: TableCell): Rich {
  if (v === null || v === undefined || v === '') return [];
  if (Array.isArray(v)) return v;
  return rich(String(v));
}

function tableLines(b: Extract<Block, { kind: 'table' }>): string {
  const keyCol = b.columns.find((c) => c.name === b.key) ?? b.columns[0];
  const rows = b.rows.slice(0, b.pageSize * 3);
  return rows
    .map((r) => {
      const head = keyCol ? dingtalkMarkdown(rich(bold(plainText(cellText(r[keyCol.name]))))) : '';
      const rest = b.columns
        .filter((c) => c !== keyCol)
        .map((c) => ({ c, v: cellText(r[c.name]) }))
        .filter((x) => x.v.length > 0)
        .map((x) => `${escapeDingtalkText(x.c.label)}：${dingtalkMarkdown(x.v)}`);
      return `- ${[head, ...rest].filter(Boolean).join('；')}`;
    })
    .join('\n');
}

function chartLines(b: Extract<Block, { kind: 'chart' }>): string {
  const max = Math.max(b.percent ? 100 : 0, ...b.bars.map((x) => x.value), 0);
  return b.bars
    .map((x) => {
      const n = max > 0 ? Math.round((Math.max(x.value, 0) / max) * BAR_WIDTH) : 0;
      const value = b.percent ? `${x.value.toFixed(1)}%` : String(x.value);
      return `${escapeDingtalkText(x.label)}  \n${'█'.repeat(n)}${'░'.repeat(BAR_WIDTH - n)} ${escapeDingtalkText(value)}`;
    })
    .join('\n\n');
}

/** The buttons a person can press outside forms, in reading order. */
export function cardButtons(doc: CardDoc): Button[] {
  const out: Button[] = [];
  const walk = (b: Block) => {
    if (b.kind === 'button') {
      if (!b.disabled) out.push(b);
    } else if (b.kind === 'buttons') b.buttons.forEach(walk);
    else if (b.kind === 'columns') b.columns.forEach((c) => c.blocks.forEach(walk));
  };
  doc.body.forEach(walk);
  return out;
}

export function headerMarkdown(doc: Pick<CardDoc, 'title' | 'subtitle'>): string {
  const head = `#### ${escapeDingtalkText(doc.title)}`;
  return doc.subtitle ? `${head}\n\n${dingtalkMarkdown(grey(doc.subtitle))}` : head;
}

export interface DingtalkMarkdownMessage {
  kind: 'markdown';
  title: string;
  text: string;
}

/**
 * The card as one markdown message. `formText` stands in for the card's form (the question or
 * summary the deck is at); a card without a form ignores it.
 */
export function renderDingtalk(doc: CardDoc, o: { t: Prompts; code: CodeFor; formText?: string; header?: boolean }): DingtalkMarkdownMessage {
  const presses = new PressList(o.t, o.code);
  // An interactive card's template draws the title itself (render-dingtalk-template.ts).
  const parts: string[] = o.header === false ? [] : [headerMarkdown(doc)];
  let size = parts[0]?.length ?? 0;
  let cut = false;
  const rest: Button[] = [];

  const draw = (b: Block): string => {
    switch (b.kind) {
      case 'text':
        return b.size === 'heading' ? dingtalkMarkdown(b.text.map((s) => ({ ...s, bold: true }))) : dingtalkMarkdown(b.text);
      case 'divider':
        return '---';
      case 'button':
        return b.disabled ? '' : presses.draw(buttonPress(b));
      case 'buttons':
        return b.buttons.map(draw).filter(Boolean).join('　');
      case 'columns':
        return b.columns.map((c) => c.blocks.map(draw).filter(Boolean).join('\n\n')).filter(Boolean).join('\n\n');
      case 'table':
        return tableLines(b);
      case 'chart':
        return chartLines(b);
      case 'form':
        return o.formText ?? '';
      case 'label':
      case 'field':
        // Fields only live inside forms; the form is drawn by the deck.
        return '';
    }
  };

  for (const b of doc.body) {
    if (cut) {
      collect(b, rest);
      continue;
    }
    const before = presses.typed.length;
    const md = draw(b);
    if (size + md.length + 2 > DINGTALK_TEXT_MAX && b.kind !== 'form') {
      // Undo this block's typed commands: its buttons are listed again below, all of them.
      presses.typed.length = before;
      cut = true;
      collect(b, rest);
      continue;
    }
    if (md) {
      parts.push(md);
      size += md.length + 2;
    }
  }
  if (cut) parts.push(dingtalkMarkdown(grey(o.t('dingtalk.truncated'))));
  for (const b of rest) presses.typedOnly(buttonPress(b));
  if (presses.typed.length > 0) parts.push([escapeDingtalkText(o.t('dingtalk.more_buttons')), ...presses.typed].join('  \n'));
  return { kind: 'markdown', title: doc.summary ?? doc.title, text: parts.join('\n\n') };
}

function collect(b: Block, into: Button[]) {
  if (b.kind === 'button') {
    if (!b.disabled) into.push(b);
  } else if (b.kind === 'buttons') b.buttons.forEach((x) => collect(x, into));
  else if (b.kind === 'columns') b.columns.forEach((c) => c.blocks.forEach((x) => collect(x, into)));
}
