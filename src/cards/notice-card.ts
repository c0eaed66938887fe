import { text } from './card-kit.ts';
import type { CardDoc } from './document.ts';
import type { RichPart } from './rich.ts';
import { fillTemplate } from './templates.ts';
import type { PromptKey, Prompts } from '../domain/prompts.ts';

/** A short message card; `message` is shown as given (a prompt with bold goes in as richPrompt). */
export function noticeCard(t: Prompts, titleKey: PromptKey, message: RichPart, color = 'orange'): CardDoc {
  return fillTemplate('message', { title: t(titleKey), summary: t(titleKey), color }, { body: [text(message)] });
}
