/** The pieces every lead form shares: the form card, and a message under a field. */
import { button, buttonRow, text, type El } from '../../cards/card-kit.ts';
import { grey, red } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import type { BotContext, StepView } from '../../bot/flow.ts';
import type { Card } from '../../bot/types.ts';
import { dynamicKey } from '../../bot/prompts.ts';

/** A red line under an input (inputs have no error slot of their own). */
export function fieldError(ctx: BotContext, errors: Record<string, string>, name: string): El[] {
  const key = errors[name];
  return key ? [text(red(ctx.t(dynamicKey(key))), { size: 'small' })] : [];
}

/** The error key as text for fieldLabel (which escapes it). */
export const errorText = (ctx: BotContext, errors: Record<string, string>, name: string): string | undefined =>
  errors[name] ? ctx.t(dynamicKey(errors[name])) : undefined;

export function formCard(
  ctx: BotContext,
  view: StepView,
  opts: { title: string; subtitle?: string; formName: string; intro: El[]; fields: El[]; submit: string; footer?: El[] },
): Card {
  const buttons = [button(opts.submit, view.act('submit'), { type: 'primary', submit: true, name: 'submit' })];
  if (view.canGoBack) buttons.push(button(ctx.t('engine.back'), view.act('back'), { name: 'back' }));
  buttons.push(button(ctx.t('engine.cancel'), view.act('cancel'), { name: 'cancel' }));
  const intro = view.notice ? [text(grey(view.notice)), ...opts.intro] : opts.intro;
  return fillTemplate(
    'form-step',
    { title: opts.title, subtitle: opts.subtitle ?? '', color: 'red', summary: opts.title, formName: opts.formName },
    { intro, fields: opts.fields, buttons: [buttonRow(buttons)], footer: opts.footer ?? [] },
  );
}
