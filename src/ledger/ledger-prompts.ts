import ledger from '../../prompts/ledger.json' with { type: 'json' };
import { createPrompts, type Prompts } from '../bot/prompts.ts';

/** The ledger's own words, for the CLI (which needs no other area's prompts). */
export const ledgerPrompts: Prompts = createPrompts(ledger);
