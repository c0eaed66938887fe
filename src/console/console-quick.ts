import type { Command } from '../bot/feature.ts';
import { features } from '../bot/features.ts';
import type { Role } from '../db/schema/core.ts';

/** The newcomer's own ways in: the guest card offers these instead of a role's menu. */
const NEWCOMER = ['leads.self', 'register'];

/**
 * The console's quick bar for one person (issue 20 item 13): the very commands the help card offers
 * their roles, in its order, each as the first word that starts it; a newcomer without a role gets
 * what the guest card offers. 帮助 first and 取消 last, as everyone may say them.
 */
export function quickWords(roles: Role[], commands: Command[] = features.flatMap((f) => f.commands ?? [])): string[] {
  const byId = new Map(commands.map((c) => [c.id, c]));
  const mayRun = (c: Command) => c.roles === 'anyone' || c.roles.some((r) => roles.includes(r));
  const menu = commands
    .filter((c) => c.help && mayRun(c))
    .sort((a, b) => a.help!.order - b.help!.order)
    .map((c) => c.words[0]!);
  const newcomer = roles.length === 0 ? NEWCOMER.flatMap((id) => byId.get(id)?.words.slice(0, 1) ?? []) : [];
  const first = (id: string) => byId.get(id)?.words[0];
  return [first('help'), ...newcomer, ...menu, first('cancel')].filter((w): w is string => Boolean(w));
}
