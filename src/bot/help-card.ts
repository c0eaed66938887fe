import { button, buttonRow, text } from '../cards/card-kit.ts';
import { richPrompt, type RichPart } from '../cards/rich.ts';
import { fillTemplate } from '../cards/templates.ts';
import type { Command, TxContext } from './feature.ts';
import { hasRole } from './flow.ts';
import type { Card } from './types.ts';
import type { SmallTalk } from './small-talk.ts';
import type { PromptKey } from './prompts.ts';
import { newcomerCard } from '../flows/leads/newcomer-card.ts';

/** The actions this person's roles allow, as buttons (each runs the same command as its words). */
function actionButtons(ctx: TxContext, commands: Command[]) {
  return commands
    .filter((c) => c.help && hasRole(ctx.person, c.roles))
    .sort((a, b) => a.help!.order - b.help!.order)
    // `keep`: the answer comes as a new message, so the menu stays usable (bot.ts).
    .map((c) => button(ctx.t(c.help!.labelKey), { cmd: 'run', command: c.id, keep: true }, { type: c.help!.order < 10 ? 'primary' : 'default' }));
}

export function helpCard(ctx: TxContext, commands: Command[], lead?: RichPart): Card {
  const buttons = actionButtons(ctx, commands);
  const intro = lead ?? (ctx.person.name ? ctx.t('help.intro', { name: ctx.person.name }) : ctx.t('help.intro_unknown'));
  const body = [text(intro)];
  if (buttons.length === 0) body.push(text(ctx.t('help.nothing')));
  return fillTemplate('message', { title: ctx.t('help.title'), summary: ctx.t('help.title'), color: 'red' }, {
    body,
    buttons: buttons.length ? [buttonRow(buttons)] : [],
  });
}

export function greetingCard(ctx: TxContext, commands: Command[]): Card {
  return helpCard(ctx, commands, ctx.t('greet.text', { name: ctx.person.name }));
}

/** The answer to "你好" / "谢谢": the menu with a friendly line, at any time of day. */
export function smallTalkCard(ctx: TxContext, commands: Command[], kind: SmallTalk): Card {
  const key = `smalltalk.${kind}` as const;
  return helpCard(ctx, commands, ctx.person.name ? ctx.t(key, { name: ctx.person.name }) : ctx.t(`${key}_unknown`));
}

/** How much of a message the "没有理解" echo shows. */
const ECHO_MAX = 20;

export function notUnderstoodCard(ctx: TxContext, commands: Command[], text: string | null, key: PromptKey = 'help.not_understood'): Card {
  // A long message is cut with "…", so the echo stays one line and reads as a quote, not the whole text.
  const chars = text === null ? [] : [...text];
  const shown = chars.length > ECHO_MAX ? ctx.t('help.echo_cut', { text: chars.slice(0, ECHO_MAX).join('') }) : chars.join('');
  const lead =
    key === 'help.not_understood'
      ? richPrompt(ctx.t, key, { text: shown })
      : key === 'engine.too_long'
        ? ctx.t(key, { max: 2000 })
        : ctx.t(key);
  return helpCard(ctx, commands, lead);
}

/**
 * A person the ledger does not know: how to be registered, and 党员找组织 still open to them; or,
 * once they have sent 我是党员, that it is in and who will call them.
 */
export async function guestCard(ctx: TxContext): Promise<Card> {
  const known = await newcomerCard(ctx);
  if (known) return known;
  return fillTemplate('message', { title: ctx.t('guest.title'), summary: ctx.t('guest.title'), color: 'orange' }, {
    body: [text(ctx.t('guest.text'))],
    buttons: [
      buttonRow([
        button(ctx.t('guest.register'), { cmd: 'start', flow: 'register' }, { type: 'primary' }),
        button(ctx.t('guest.find_org'), { cmd: 'start', flow: 'member-self' }),
        button(ctx.t('help.feedback'), { cmd: 'start', flow: 'feedback' }),
      ]),
    ],
  });
}
