import type { ActionHandler, Command, Feature } from './feature.ts';
import type { FlowDef } from './flow.ts';
import { normalizeCommand } from './normalize.ts';

/** What the bot was built with: every flow, command, card action and chat word, each once. */
export interface Registry {
  flows: Map<string, FlowDef>;
  commands: Command[];
  actions: Map<string, ActionHandler>;
  byWord: Map<string, Command>;
}

/**
 * Built once at the composition root. A second flow id, command id (which doubles as the menu's
 * event_key), action name or chat word would silently win over the first, so it stops the start.
 */
export function buildRegistry(features: Feature[]): Registry {
  const flows = new Map<string, FlowDef>();
  const commandIds = new Set<string>();
  const commands: Command[] = [];
  const actions = new Map<string, ActionHandler>();
  const byWord = new Map<string, Command>();
  const once = <T>(map: Map<string, T>, key: string, value: T, what: string) => {
    if (map.has(key)) throw new Error(`duplicate ${what} "${key}" in the bot's features`);
    map.set(key, value);
  };
  for (const f of features) {
    for (const fl of f.flows ?? []) once(flows, fl.id, fl, 'flow id');
    for (const c of f.commands ?? []) {
      if (commandIds.has(c.id)) throw new Error(`duplicate command id "${c.id}" in the bot's features`);
      commandIds.add(c.id);
      commands.push(c);
      // Two spellings of one command may normalise alike ("?" and "？"); only another command clashes.
      for (const w of c.words) if (byWord.get(normalizeCommand(w)) !== c) once(byWord, normalizeCommand(w), c, 'chat word');
    }
    for (const [k, v] of Object.entries(f.actions ?? {})) once(actions, k, v, 'card action');
  }
  return { flows, commands, actions, byWord };
}
