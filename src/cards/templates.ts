import formStep from '../../cards/form-step.json' with { type: 'json' };
import message from '../../cards/message.json' with { type: 'json' };
import type { Card } from '../messenger/messenger.ts';

/** Bundled at build time (both runtimes); no file reads at request time. */
const templates = { 'form-step': formStep, message } as const;
export type TemplateName = keyof typeof templates;

type Json = unknown;

/**
 * Fills a cards/*.json template: `{{name}}` inside strings from vars, and `{"$slot": "name"}`
 * array entries replaced by the elements given for that slot (an empty slot disappears).
 * Optional header strings left empty are dropped so Feishu does not show blank lines.
 */
export function fillTemplate(name: TemplateName, vars: Record<string, string>, slots: Record<string, Json[]>): Card {
  const walk = (node: Json): Json => {
    if (typeof node === 'string') {
      return node.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
    }
    if (Array.isArray(node)) {
      const out: Json[] = [];
      for (const item of node) {
        if (item && typeof item === 'object' && '$slot' in (item as object)) {
          out.push(...(slots[(item as { $slot: string }).$slot] ?? []));
        } else out.push(walk(item));
      }
      return out;
    }
    if (node && typeof node === 'object') {
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v);
      return out;
    }
    return node;
  };
  const card = walk(templates[name]) as Card & { header?: { subtitle?: { content: string } } };
  if (card.header && card.header.subtitle && !card.header.subtitle.content) delete card.header.subtitle;
  return card;
}
