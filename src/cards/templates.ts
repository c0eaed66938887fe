import type { Block, CardDoc } from './document.ts';
import { form } from './card-kit.ts';

/**
 * The two card shapes flows use: a message (body, then buttons) and a form step (intro, one form
 * holding the fields and their buttons, then a footer). Both give a card document; the frame each
 * messenger draws around it lives with its renderer (cards/message.json for Feishu).
 */
export type TemplateName = 'form-step' | 'message';

export function fillTemplate(name: TemplateName, vars: Record<string, string>, slots: Record<string, Block[]>): CardDoc {
  const s = (k: string) => slots[k] ?? [];
  const body = name === 'form-step' ? [...s('intro'), form(vars.formName ?? 'form', [...s('fields'), ...s('buttons')]), ...s('footer')] : [...s('body'), ...s('buttons')];
  return {
    title: vars.title ?? '',
    ...(vars.subtitle ? { subtitle: vars.subtitle } : {}),
    color: vars.color ?? 'blue',
    ...(vars.summary ? { summary: vars.summary } : {}),
    body,
  };
}
