import type { PromptKey, Prompts } from '../domain/prompts.ts';
import type { Rich, Span, Tone } from './document.ts';

export type { Rich, Span } from './document.ts';

/**
 * Rich text as data. A flow says `rich(bold(label), '：', orgName)`: every string is shown exactly
 * as given (user text needs no escaping), and style comes only from `bold`/`tone` wrappers, so
 * nothing a person types can turn into markup in any messenger.
 */
export type RichPart = string | number | Span | null | undefined | false | readonly RichPart[];

export function rich(...parts: RichPart[]): Rich {
  const out: Rich = [];
  const push = (s: Span) => {
    if (!s.text) return;
    const last = out[out.length - 1];
    if (last && !!last.bold === !!s.bold && last.tone === s.tone) last.text += s.text;
    else out.push({ ...s });
  };
  const add = (p: RichPart) => {
    if (p === null || p === undefined || p === false) return;
    if (typeof p === 'string' || typeof p === 'number') push({ text: String(p) });
    else if (Array.isArray(p)) (p as readonly RichPart[]).forEach(add);
    else push(p as Span);
  };
  parts.forEach(add);
  return out;
}

const styled = (style: Omit<Span, 'text'>, parts: RichPart[]): Rich =>
  rich(...parts).map((s) => ({ ...s, ...(style.bold ? { bold: true } : {}), ...(style.tone ? { tone: style.tone } : {}) }));

export const bold = (...parts: RichPart[]): Rich => styled({ bold: true }, parts);
export const tone = (t: Tone, ...parts: RichPart[]): Rich => styled({ tone: t }, parts);
export const red = (...parts: RichPart[]): Rich => tone('red', ...parts);
export const orange = (...parts: RichPart[]): Rich => tone('orange', ...parts);
export const green = (...parts: RichPart[]): Rich => tone('green', ...parts);
export const grey = (...parts: RichPart[]): Rich => tone('grey', ...parts);

/** Lines joined by line breaks (empty entries dropped). */
export function lines(items: RichPart[]): Rich {
  const kept = items.filter((i) => i !== null && i !== undefined && i !== false && !(Array.isArray(i) && i.length === 0) && i !== '');
  return rich(...kept.flatMap((l, i) => (i === 0 ? [l] : ['\n', l])));
}

/**
 * A prompt as rich text: the reviewed template's own `**bold**` is style, the variables are data.
 * (Prompts mark emphasis with `**…**`; that is the only markup they may carry.)
 */
export function richPrompt(t: Prompts, key: PromptKey, vars: Record<string, RichPart> = {}): Rich {
  const names = Object.keys(vars);
  const marks: Record<string, string> = {};
  names.forEach((n, i) => (marks[n] = `\u0000${i}\u0000`));
  const filled = t(key, marks);
  const out: RichPart[] = [];
  let isBold = false;
  for (const chunk of filled.split(/(\*\*|\u0000\d+\u0000)/)) {
    if (chunk === '**') isBold = !isBold;
    else if (/^\u0000\d+\u0000$/.test(chunk)) {
      const v = vars[names[Number(chunk.slice(1, -1))]!];
      out.push(isBold ? bold(v) : v);
    } else if (chunk) out.push(isBold ? bold(chunk) : chunk);
  }
  return rich(...out);
}
