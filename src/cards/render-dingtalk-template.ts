/**
 * Card document → the variables of DingTalk's interactive-card template (cardParamMap), for the
 * template path (DINGTALK_CARD_TEMPLATE). One generic template draws every card: a header, a
 * markdown body and a loop of buttons. What the template must contain is in README.md
 * ("DingTalk … the card template") and src/messenger/dingtalk/README.md.
 *
 * Card variables are strings (cardParamMap is map<string,string>), so `buttons` is a JSON array,
 * and each button's `value` is the engine's action value, JSON-encoded, which the template hands
 * back as the callback param `value` (src/http/dingtalk-envelope.ts parses it). The markdown
 * component of an interactive card does not take dtmd links, so the body is drawn without buttons.
 */
import type { Prompts } from '../domain/prompts.ts';
import type { Block, ButtonStyle, CardDoc } from './document.ts';
import { cardButtons, renderDingtalk } from './render-dingtalk.ts';

/** The template's variables, all strings. */
export const TEMPLATE_VARIABLES = ['title', 'subtitle', 'color', 'markdown', 'buttons', 'notice'] as const;
export type TemplateParams = Record<(typeof TEMPLATE_VARIABLES)[number], string>;

/** One entry of `buttons`. */
export interface TemplateButton {
  text: string;
  style: ButtonStyle;
  /** JSON: the action value, or {[CONFIRM_KEY]: {title, text}, action} for a button that asks first. */
  value: string;
}

/**
 * A button that asks before it acts carries its question with it; the DingTalk card layer answers
 * a press of it with the question (dingtalk-template-cards.ts), not the engine.
 */
export const CONFIRM_KEY = '~confirm';

const withoutButtons = (blocks: Block[]): Block[] =>
  blocks
    .filter((b) => b.kind !== 'button' && b.kind !== 'buttons')
    .map((b) => (b.kind === 'columns' ? { ...b, columns: b.columns.map((c) => ({ ...c, blocks: withoutButtons(c.blocks) })) } : b));

export function templateParams(doc: CardDoc, o: { t: Prompts; notice?: string }): TemplateParams {
  const noPress = () => {
    throw new Error('a template card body has no presses');
  };
  const body = renderDingtalk({ ...doc, body: withoutButtons(doc.body) }, { t: o.t, code: noPress, header: false }).text;
  const buttons: TemplateButton[] = cardButtons(doc).map((b) => ({
    text: b.text,
    style: b.style,
    value: JSON.stringify(b.confirm ? { [CONFIRM_KEY]: b.confirm, action: b.action } : b.action),
  }));
  return {
    title: doc.title,
    subtitle: doc.subtitle ?? '',
    color: doc.color,
    markdown: body,
    buttons: JSON.stringify(buttons),
    notice: o.notice ?? '',
  };
}
