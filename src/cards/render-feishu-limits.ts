import { isCardDoc, type CardDoc } from './document.ts';
import { renderFeishu, type FeishuCard } from './render-feishu.ts';

/** Feishu's documented limits for a JSON 2.0 card (feishu.md §3.1–3.3). */
export const CARD_MAX_BYTES = 30 * 1024;
export const CARD_MAX_ELEMENTS = 200;

/**
 * Returns the violations of Feishu's limits, checked on the JSON Feishu receives (a document is
 * rendered first); an empty list means the card will be accepted.
 */
export function cardProblems(input: CardDoc | FeishuCard): string[] {
  const card = isCardDoc(input) ? renderFeishu(input) : input;
  const problems: string[] = [];
  const bytes = new TextEncoder().encode(JSON.stringify(card)).length;
  if (bytes > CARD_MAX_BYTES) problems.push(`card is ${bytes} bytes, over ${CARD_MAX_BYTES}`);
  if ((card as { schema?: string }).schema !== '2.0') problems.push('schema is not 2.0');
  const body = (card as { body?: { elements?: unknown[] } }).body;
  if (!body || !Array.isArray(body.elements)) {
    problems.push('card has no body.elements');
    return problems;
  }
  let count = 0;
  let tables = 0;
  const names = new Set<string>();
  const visit = (el: unknown, path: string, inForm: boolean, atRoot: boolean) => {
    if (!el || typeof el !== 'object') {
      problems.push(`${path}: element is not an object`);
      return;
    }
    const e = el as Record<string, unknown>;
    count++;
    const tag = e.tag as string | undefined;
    if (!tag) problems.push(`${path}: element without tag`);
    if (tag === 'form') {
      if (!atRoot) problems.push(`${path}: a form may only sit at the card root`);
      if (inForm) problems.push(`${path}: form inside a form`);
    }
    if ((tag === 'table' || tag === 'chart') && inForm) problems.push(`${path}: ${tag} inside a form`);
    if (tag === 'table') {
      tables++;
      if (!atRoot) problems.push(`${path}: a table may only sit at the card root`);
    }
    const interactive = ['input', 'select_static', 'multi_select_static', 'date_picker', 'picker_time', 'picker_datetime', 'checker', 'button', 'select_person'];
    if (inForm && tag && interactive.includes(tag)) {
      const name = e.name as string | undefined;
      if (!name && !(tag === 'button' && !e.form_action_type)) problems.push(`${path}: ${tag} in a form needs a name`);
      if (name) {
        if (names.has(name)) problems.push(`${path}: duplicate name ${name}`);
        names.add(name);
      }
    }
    const kids: Array<[unknown[], string]> = [];
    if (Array.isArray(e.elements)) kids.push([e.elements, 'elements']);
    if (Array.isArray(e.columns) && tag === 'column_set') kids.push([e.columns, 'columns']);
    for (const [list, key] of kids) {
      list.forEach((k, i) => visit(k, `${path}.${key}[${i}]`, inForm || tag === 'form', false));
    }
  };
  body.elements.forEach((el, i) => visit(el, `body.elements[${i}]`, false, true));
  if (count > CARD_MAX_ELEMENTS) problems.push(`card has ${count} elements, over ${CARD_MAX_ELEMENTS}`);
  if (tables > 5) problems.push(`card has ${tables} tables, over 5`);
  return problems;
}
