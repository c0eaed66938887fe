import bot from '../../prompts/bot.json' with { type: 'json' };
import ledger from '../../prompts/ledger.json' with { type: 'json' };
import meetings from '../../prompts/meetings.json' with { type: 'json' };
import visits from '../../prompts/visits.json' with { type: 'json' };
import leads from '../../prompts/leads.json' with { type: 'json' };
import reminders from '../../prompts/reminders.json' with { type: 'json' };
import dingtalk from '../../prompts/dingtalk.json' with { type: 'json' };
import plans from '../../prompts/plans.json' with { type: 'json' };
import policy from '../../prompts/policy.json' with { type: 'json' };
import { createPrompts, type Prompts } from './prompts.ts';

/** Every prompts/*.json file, bundled; add a line when a feature adds its own file. */
export const tables: Array<Record<string, string>> = [bot, ledger, meetings, visits, leads, reminders, dingtalk, plans, policy];

export const prompts: Prompts = createPrompts(...tables);
