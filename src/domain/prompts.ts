/**
 * Everything the bot says comes from prompts/*.json (reviewed text), never from code.
 * `{name}` placeholders are filled from vars; a missing key or variable is a bug and throws.
 */
import type bot from '../../prompts/bot.json';
import type dingtalk from '../../prompts/dingtalk.json';
import type leads from '../../prompts/leads.json';
import type ledger from '../../prompts/ledger.json';
import type meetings from '../../prompts/meetings.json';
import type plans from '../../prompts/plans.json';
import type policy from '../../prompts/policy.json';
import type reminders from '../../prompts/reminders.json';
import type visits from '../../prompts/visits.json';

/** Every key of prompts/*.json: a misspelt key is a type error, not a throw in front of a user. */
export type PromptKey = keyof typeof bot | keyof typeof dingtalk | keyof typeof leads | keyof typeof ledger | keyof typeof meetings | keyof typeof plans | keyof typeof policy | keyof typeof reminders | keyof typeof visits;

export type Prompts = (key: PromptKey, vars?: Record<string, string | number>) => string;

export function createPrompts(...tables: Array<Record<string, string>>): Prompts {
  const all: Record<string, string> = Object.assign({}, ...tables);
  return (key, vars = {}) => {
    const text = all[key];
    if (text === undefined) throw new Error(`missing prompt: ${key}`);
    return text.replace(/\{(\w+)\}/g, (_, v: string) => {
      if (!(v in vars)) throw new Error(`prompt ${key} needs {${v}}`);
      return String(vars[v]);
    });
  };
}

/**
 * A key built from a stored value (a kind read from a row or a job's payload, an error key kept
 * in a form's state): the type cannot see it, so it is named here and the prompts test checks
 * each family of such keys is complete. Everything else is a literal PromptKey.
 */
export const dynamicKey = (key: string): PromptKey => key as PromptKey;
