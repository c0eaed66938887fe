/**
 * The cards of 冻结基数 in chat: the confirmation (region, how many orgs, an editable name) and
 * the result the job sends when the base is frozen.
 */
import { button, buttonRow, input, text } from '../../cards/card-kit.ts';
import type { CardDoc } from '../../cards/document.ts';
import { richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import type { Prompts } from '../../domain/prompts.ts';

export const BASE_NAME_FIELD = 'base_name';
export const BASE_NAME_MAX = 40;

export function freezeConfirmCard(t: Prompts, c: { code: string; regionName: string; orgs: number; name: string; token: string }): CardDoc {
  const title = t('ledger.freeze.title');
  return fillTemplate('form-step', { title, summary: title, color: 'orange', formName: 'ledger_freeze' }, {
    intro: [text(richPrompt(t, 'ledger.freeze.intro', { region: c.regionName, n: c.orgs }))],
    fields: [input({ name: BASE_NAME_FIELD, label: t('ledger.freeze.name'), required: true, value: c.name, maxLength: BASE_NAME_MAX })],
    buttons: [
      buttonRow([
        button(t('ledger.freeze.confirm'), { h: 'ledger.freeze.ok', code: c.code, token: c.token }, { type: 'danger', submit: true, name: 'lf_submit' }),
        button(t('engine.cancel'), { h: 'ledger.freeze.cancel' }, { name: 'lf_cancel' }),
      ]),
    ],
  });
}

export function freezeDoneCard(t: Prompts, c: { code: string; regionName: string; name: string; orgs: number }): CardDoc {
  const title = t('ledger.freeze.done_title');
  return fillTemplate('message', { title, summary: title, color: 'green' }, {
    body: [text(richPrompt(t, 'ledger.freeze.done', { region: c.regionName, name: c.name, n: c.orgs }))],
    buttons: [buttonRow([button(t('ledger.freeze.view'), { h: 'ledger.cov', code: c.code, basis: 'frozen' }, { type: 'primary' })])],
  });
}
