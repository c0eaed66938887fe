import bot from '../../prompts/bot.json' with { type: 'json' };
import ledger from '../../prompts/ledger.json' with { type: 'json' };
import meetings from '../../prompts/meetings.json' with { type: 'json' };
import { createPrompts, type Prompts } from './prompts.ts';

/** Every prompts/*.json file, bundled; add a line when a feature adds its own file. */
export const tables: Array<Record<string, string>> = [bot, ledger, meetings];

export const prompts: Prompts = createPrompts(...tables);
