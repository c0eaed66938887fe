import type { Clock } from '../clock.ts';
import type { Db, Tx } from '../db/database.ts';
import type { PolicyBook } from '../domain/policy/index.ts';
import type { AuditEntry } from '../db/stores/audit-store.ts';
import type { NewJob } from '../db/jobs/job-store.ts';
import type { Logger } from '../log/logger.ts';
import type { Reach } from '../db/stores/recipient-store.ts';
import type { Messenger } from '../messenger/messenger.ts';
import type { ActionValue } from '../cards/card-kit.ts';
import type { PromptKey, Prompts } from './prompts.ts';
import type { Card, Person, Role, Toast } from './types.ts';

/** What every handler gets: the person, a database handle (a transaction inside actions), time, words. */
export interface BotContext {
  person: Person;
  db: Db | Tx;
  clock: Clock;
  /** The policy in force, read once for this request (an override written before it is seen). */
  policy: PolicyBook;
  t: Prompts;
  messenger: Messenger;
  /** The messengers people are reached on when the bot speaks first (src/bot/reachable-people.ts). */
  reach: Reach;
  logger: Logger;
  /** Records who changed what, in the same transaction as the change. */
  audit(entry: Omit<AuditEntry, 'actorId' | 'actorLabel'>): Promise<void>;
  /** Runs after the transaction commits and the answer is sent (notifications to others, exports). */
  after(label: string, work: () => Promise<unknown>): void;
  /**
   * Queues background work in this transaction (so a retried request queues it once: same
   * unique key) and starts the job runner after the commit.
   */
  enqueueJob(job: NewJob): Promise<{ id: string; created: boolean }>;
}

export type Answers = Record<string, unknown>;

export interface StepInput {
  /** The action named in the button's value (`a`), e.g. 'submit', 'pick', 'back'. */
  action: string;
  /** Form values exactly as Feishu sends them (strings, arrays, booleans). */
  form: Record<string, unknown>;
  /** The whole callback value, for extra keys a step put on its buttons. */
  value: Record<string, unknown>;
}

export type StepOutcome =
  | { kind: 'goto'; step: string; answers: Answers }
  /** Stay on the step and show the messages beside the fields; answers keep what was typed. */
  | { kind: 'invalid'; errors: Record<string, string>; answers: Answers; notice?: string }
  /** The final submit: the record was written in this transaction; result is kept for repeats. */
  | { kind: 'done'; result: Record<string, unknown>; answers: Answers }
  /** Ends the conversation without a record (nothing to do, or handed to another flow). */
  | { kind: 'end'; card?: Card; toast?: Toast };

export interface StepView {
  answers: Answers;
  errors: Record<string, string>;
  notice?: string;
  /** The callback value for a button of this step: carries flow, step and revision. */
  act(action: string, extra?: Record<string, unknown>): ActionValue;
  /** Whether a back button makes sense (there is a step before this one). */
  canGoBack: boolean;
}

export interface StepDef {
  render(ctx: BotContext, view: StepView): Promise<Card> | Card;
  handle(ctx: BotContext, input: StepInput, answers: Answers): Promise<StepOutcome> | StepOutcome;
}

export type StartOutcome = { step: string; answers: Answers } | { refuse: Card };

export interface FlowDef {
  id: string;
  /** Bump when steps or answers change shape: drafts of an older version are ended politely. */
  version: number;
  /** Who may start it; 'anyone' includes people the ledger does not know yet. */
  roles: Role[] | 'anyone';
  /** The prompt key of the flow's display name (used in notices about drafts). */
  titleKey: PromptKey;
  start(ctx: BotContext, args: Record<string, unknown>): Promise<StartOutcome> | StartOutcome;
  steps: Record<string, StepDef>;
  /** The card shown after the final submit, and again for a repeated submit. */
  confirmation(ctx: BotContext, result: Record<string, unknown>): Promise<Card> | Card;
}

export function defineFlow(f: FlowDef): FlowDef {
  return f;
}

/** The keys every flow action value carries (design habit 6): flow, step, revision, action. */
export interface FlowActionValue {
  f: string;
  s: string;
  r: number;
  a: string;
}

export function isFlowAction(v: Record<string, unknown>): v is FlowActionValue & Record<string, unknown> {
  return typeof v.f === 'string' && typeof v.s === 'string' && typeof v.r === 'number' && typeof v.a === 'string';
}

export function hasRole(person: Person, roles: Role[] | 'anyone'): boolean {
  if (roles === 'anyone') return true;
  return person.roles.some((r) => roles.includes(r.role));
}
