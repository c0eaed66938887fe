import { text } from './card-kit.ts';
import type { CardDoc } from './document.ts';
import type { RichPart } from './rich.ts';
import { fillTemplate } from './templates.ts';

/** A prompt lookup as the bot passes it (src/bot/prompts.ts); only its shape is needed here. */
type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A short message card; `message` is shown as given (a prompt with bold goes in as richPrompt). */
export function noticeCard(t: Translate, titleKey: string, message: RichPart, color = 'orange'): CardDoc {
  return fillTemplate('message', { title: t(titleKey), summary: t(titleKey), color }, { body: [text(message)] });
}
