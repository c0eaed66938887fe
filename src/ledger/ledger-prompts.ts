import ledger from '../../prompts/ledger.json' with { type: 'json' };
import { createPrompts, type Prompts } from '../bot/prompts.ts';
import type { TableLimitError } from './table-limits.ts';

/** The ledger's own words, for the CLI (which needs no other area's prompts). */
export const ledgerPrompts: Prompts = createPrompts(ledger);

/** A file refused by its limits, for the terminal: English, then Chinese (an operator may read either). */
export function limitText(e: TableLimitError): string {
  return `${ledgerPrompts(`ledger.limit_en.${e.code}`, e.params)} / ${ledgerPrompts(`ledger.limit.${e.code}`, e.params)}`;
}
