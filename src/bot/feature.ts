import type { BotContext, FlowDef } from './flow.ts';
import type { ActionReply, Card, Inbound, Person, Role } from './types.ts';
import type { Db, Tx } from '../db/database.ts';
import type { PromptKey } from './prompts.ts';

export type TxContext = BotContext & {
  db: Tx;
  /** Starts (or resumes) a flow for this person and returns its card. */
  startFlow(flowId: string, args?: Record<string, unknown>): Promise<Card>;
  /** The commands of the bot handling this interaction (help lists these, not a global list). */
  commands: Command[];
};

/** A chat word or menu entry. `id` doubles as the bot menu's event_key. */
export interface Command {
  id: string;
  /** Exact words, compared after normalizeCommand(). */
  words: string[];
  /** Looser matches on the cleaned text, e.g. `<region>覆盖率`; returns the args or null. */
  match?(text: string): Record<string, unknown> | null;
  roles: Role[] | 'anyone';
  /** Shown on the help card as a button, in this order, with this prompt key as its label. */
  help?: { labelKey: PromptKey; order: number };
  /** Returns the card to send (a flow's first step, a report, …). Runs in a transaction. */
  run(ctx: TxContext, args: Record<string, unknown>): Promise<Card | null>;
}

/** A button outside any flow (approve, change a lead's state…): `{h: name, …}` in its value. */
export type ActionHandler = (ctx: TxContext, value: Record<string, unknown>, form: Record<string, unknown>) => Promise<ActionReply>;

/** What taskDone gets: it runs after the commit, outside any transaction. */
export type DoneContext = Pick<BotContext, 'person' | 'clock' | 't' | 'messenger' | 'logger'> & { db: Db };

/** One product area (visits, meetings, ledger…) plugged into the bot. */
export interface Feature {
  flows?: FlowDef[];
  commands?: Command[];
  actions?: Record<string, ActionHandler>;
  /** Free text nobody else claimed (e.g. "今天去了某公司…"): a card, or null to pass. */
  freeText?(ctx: TxContext, text: string): Promise<Card | null>;
  /** A file or image the person sent: a card offering what to do with it, or null to pass. */
  file?(ctx: TxContext, inbound: Extract<Inbound, { kind: 'file' }>): Promise<Card | null>;
  /**
   * After a card action finished a task (ActionReply.done) and committed: follow-ups that must not
   * hold up or undo the save (marking the item done on the digest it came from). Failures are logged.
   */
  taskDone?(ctx: DoneContext): Promise<void>;
}

/** A command that starts a flow. */
export function flowCommand(
  flow: FlowDef,
  id: string,
  words: string[],
  help?: Command['help'],
  match?: Command['match'],
): Command {
  return { id, words, match, roles: flow.roles, help, run: (ctx, args) => ctx.startFlow(flow.id, args) };
}
