import { errorText } from '../log/error-summary.ts';
import type { Clock } from '../clock.ts';
import type { Database, Tx } from '../db/database.ts';
import { writeAudit } from '../db/stores/audit-store.ts';
import { findPersonByOpenId } from '../db/stores/people-store.ts';
import { loadPolicyBook } from '../db/stores/policy-book-store.ts';
import { currentOpenConversation } from '../db/stores/conversation-store.ts';
import type { Logger } from '../log/logger.ts';
import type { Messenger } from '../messenger/messenger.ts';
import type { Reach } from '../db/stores/recipient-store.ts';
import type { Defer } from '../runtime/defer.ts';
import { Engine } from './engine.ts';
import type { Command, Feature, TxContext } from './feature.ts';
import { hasRole, isFlowAction } from './flow.ts';
import { buildRegistry } from './registry.ts';
import { cleanText, echoText, normalizeCommand } from './normalize.ts';
import { stripControlChars, stripControlDeep } from '../domain/control-chars.ts';
import { isUuid } from '../domain/uuid.ts';
import type { Prompts } from './prompts.ts';
import type { ActionReply, Card, CardAction, Inbound, Person } from './types.ts';
import { helpCard, guestCard, greetingCard, notUnderstoodCard, smallTalkCard } from './help-card.ts';
import { smallTalkOf } from './small-talk.ts';
import { errorCard } from './error-card.ts';
import { markOnce } from '../db/stores/marks-store.ts';
import { enqueueJob, markInboxHandled, markJobDone, saveInboxReply } from '../db/jobs/job-store.ts';
import { shanghaiDay } from './day.ts';

/** A message longer than this is refused politely; forms are the place for long text. */
export const MAX_MESSAGE_CHARS = 2000;

export interface BotDeps {
  database: Database;
  messenger: Messenger;
  /** The messengers configured (reachOf(config)): whom a notice the bot starts can reach. */
  reach: Reach;
  clock: Clock;
  t: Prompts;
  logger: Logger;
  defer: Defer;
  features: Feature[];
  /** Called after a transaction that queued a job commits (the runner's kick). */
  onJobQueued?: () => void;
}

export interface Bot {
  /** Messages, menu clicks and chat-entered events; replies go out through the messenger. */
  handle(inbound: Inbound, o?: HandleOptions): Promise<void>;
  /** Card clicks and form submits; answered synchronously (Feishu waits ≤ 3 s). */
  action(a: CardAction): Promise<ActionReply>;
  commands: Command[];
  engine: Engine;
}

/** Keys of card values and form fields that carry database ids (uuids), wherever a person sends them. */
const ID_KEYS = new Set(['id', 'orgId', 'visitId', 'meetingId', 'leadId', 'partyOrgId', 'personId', 'instructorId', 'problemId', 'editVisitId', 'workplaceOrgId', 'draftId']);

function badIds(o: Record<string, unknown>): boolean {
  for (const [k, x] of Object.entries(o)) if (ID_KEYS.has(k) && x !== undefined && x !== null && x !== '' && !isUuid(x)) return true;
  return false;
}

export interface HandleOptions {
  /**
   * The inbox job holding this event: marked handled first thing in the handler's own
   * transaction, and the reply kept with it there, so the event's effects and its being handled
   * commit together; if it was handled already (a replay racing the first run), nothing is done.
   * After the reply is sent the job is done; a replay of a handled job only resends the reply
   * (under the same uuid, which Feishu shows once).
   */
  inboxJobId?: string;
  /** The inbox job's last attempt: if the handler fails now, the person is told (no replay follows). */
  lastAttempt?: boolean;
}

/** The reply of an inbox event as kept in its job: enough to send it again. */
export interface InboxReply {
  openId: string;
  uuid?: string;
  card: Card;
}

/** The reply's uuid follows the message it answers, so a re-run never shows it twice. */
function replyUuid(inbound: Inbound): string | undefined {
  return inbound.kind === 'text' || inbound.kind === 'file' ? (inbound.messageId ? `re-${inbound.messageId}` : undefined) : undefined;
}

export function createBot(deps: BotDeps): Bot {
  const { flows, commands, actions, byWord } = buildRegistry(deps.features);
  const engine = new Engine(flows);

  async function personFor(openId: string, db: Database['db'] | Tx): Promise<Person> {
    return (await findPersonByOpenId(db, openId)) ?? { id: null, openId, name: '', roles: [] };
  }

  /** One transaction per interaction; deferred work runs after it commits. */
  async function inTx<T>(openId: string, fn: (ctx: TxContext) => Promise<T>, inboxJobId?: string): Promise<T | null> {
    const queued: Array<[string, () => Promise<unknown>]> = [];
    let jobQueued = false;
    const result = await deps.database.db.transaction(async (tx) => {
      if (inboxJobId && !(await markInboxHandled(tx, inboxJobId))) return null;
      const person = await personFor(openId, tx);
      // The policy book is read once per interaction, in its transaction: an override written by
      // an earlier request (or the CLI) is in force here, and one handler sees one policy.
      const policy = await loadPolicyBook(tx);
      const ctx: TxContext = {
        person,
        db: tx,
        clock: deps.clock,
        policy,
        t: deps.t,
        messenger: deps.messenger,
        reach: deps.reach,
        logger: deps.logger,
        commands,
        audit: (e) => writeAudit(tx, { ...e, actorId: person.id, actorLabel: person.id ? null : openId, at: deps.clock.now() }),
        after: (label, work) => queued.push([label, work]),
        enqueueJob: async (job) => {
          const r = await enqueueJob(tx, job, deps.clock.now());
          jobQueued ||= r.created;
          return r;
        },
        startFlow: async (flowId, args = {}) => {
          const flow = flows.get(flowId);
          if (!flow) throw new Error(`unknown flow ${flowId}`);
          return engine.start(ctx, flow, args);
        },
      };
      return fn(ctx);
    });
    for (const [label, work] of queued) deps.defer(label, work);
    if (jobQueued) deps.onJobQueued?.();
    return result;
  }

  function findCommand(text: string): { cmd: Command; args: Record<string, unknown> } | null {
    const exact = byWord.get(normalizeCommand(text));
    if (exact) return { cmd: exact, args: {} };
    if (/^[\s?？]+$/.test(text)) {
      const help = byWord.get(normalizeCommand('帮助'));
      if (help) return { cmd: help, args: {} };
    }
    const clean = cleanText(text);
    for (const c of commands) {
      if (!c.match) continue;
      const args = c.match(clean);
      // Found whatever the person's role: runCommand then says who may use it.
      if (args) return { cmd: c, args };
    }
    return null;
  }

  async function runCommand(ctx: TxContext, cmd: Command, args: Record<string, unknown>): Promise<Card | null> {
    if (!hasRole(ctx.person, cmd.roles)) {
      return ctx.person.id ? notUnderstoodCard(ctx, commands, null, 'engine.no_permission_cmd') : guestCard(ctx);
    }
    return cmd.run(ctx, args);
  }

  async function onText(ctx: TxContext, text: string): Promise<Card | null> {
    if ([...text].length > MAX_MESSAGE_CHARS) return notUnderstoodCard(ctx, commands, null, 'engine.too_long');
    const found = findCommand(text);
    if (found?.cmd.id === 'cancel') {
      return engine.cancelCurrent(ctx, await currentOpenConversation(ctx.db, ctx.person.openId));
    }
    if (found) return runCommand(ctx, found.cmd, found.args);
    const open = await currentOpenConversation(ctx.db, ctx.person.openId);
    if (open) {
      const card = await engine.current(ctx, open);
      if (card) return card;
    }
    // Greetings and thanks: a friendly word and the menu, before any feature reads the text as a question.
    const talk = smallTalkOf(text);
    if (talk) return ctx.person.id ? smallTalkCard(ctx, commands, talk) : guestCard(ctx);
    for (const f of deps.features) {
      const card = f.freeText ? await f.freeText(ctx, cleanText(text)) : null;
      if (card) return card;
    }
    if (!ctx.person.id) return guestCard(ctx);
    return notUnderstoodCard(ctx, commands, echoText(text));
  }

  async function handle(inbound: Inbound, o: HandleOptions = {}): Promise<void> {
    let reply: InboxReply | null;
    try {
      reply = await inTx(inbound.openId, async (ctx) => {
        const card = await handleIn(ctx, inbound);
        const r: InboxReply | null = card ? { openId: inbound.openId, uuid: replyUuid(inbound), card } : null;
        if (o.inboxJobId && r) await saveInboxReply(ctx.db, o.inboxJobId, { ...r });
        return r;
      }, o.inboxJobId);
    } catch (error) {
      // The one error boundary for messages: the transaction rolled back, so nothing was saved.
      // An inbox event is replayed later (the runner's retry), so the person hears of the failure
      // only when no replay follows; otherwise they get the polite error card, never silence.
      deps.logger.error('message handler failed', { kind: inbound.kind, error });
      if (o.inboxJobId && !o.lastAttempt) throw error;
      const uuid = replyUuid(inbound);
      await deps.messenger.sendCard({ openId: inbound.openId }, errorCard(deps.t), uuid ? { uuid: `err-${uuid}` } : {});
      if (o.inboxJobId) await markJobDone(deps.database.db, o.inboxJobId, deps.clock.now());
      return;
    }
    if (reply) {
      const sent = await deps.messenger.sendCard({ openId: reply.openId }, reply.card, reply.uuid ? { uuid: reply.uuid } : {});
      deps.logger.debug('replied', { kind: inbound.kind, messageId: sent.messageId });
    }
    if (o.inboxJobId) await markJobDone(deps.database.db, o.inboxJobId, deps.clock.now());
  }

  async function handleIn(ctx: TxContext, inbound: Inbound): Promise<Card | null> {
    switch (inbound.kind) {
      case 'text':
        // The one edge for typed text: control characters never reach a flow or the database.
        return onText(ctx, stripControlChars(inbound.text));
      case 'menu': {
        const cmd = commands.find((c) => c.id === inbound.eventKey);
        return cmd ? runCommand(ctx, cmd, {}) : helpCard(ctx, commands);
      }
      case 'entered': {
        // Greeted at most once a day, whatever the client does.
        const first = await markOnce(ctx.db, inbound.openId, `greet:${shanghaiDay(inbound.at)}`, inbound.at);
        if (!first) return null;
        return ctx.person.id ? greetingCard(ctx, commands) : guestCard(ctx);
      }
      case 'file': {
        for (const f of deps.features) {
          const c = f.file ? await f.file(ctx, inbound) : null;
          if (c) return c;
        }
        return null;
      }
    }
  }

  async function action(a: CardAction): Promise<ActionReply> {
    // The one edge for card values and form input: control characters are dropped here.
    const v = stripControlDeep(a.value ?? {});
    const form = stripControlDeep(a.formValue ?? {});
    try {
      const reply = await inTx(a.openId, async (ctx): Promise<ActionReply> => {
        // A forged or garbled id is refused here, before any flow queries with it: the card stays.
        if (badIds(v) || badIds(form) || (v.args && typeof v.args === 'object' && badIds(v.args as Record<string, unknown>))) {
          return { toast: { type: 'error', content: ctx.t('engine.bad_id') } };
        }
        const { done, ...reply } = await answer(ctx, v, form);
        if (done && ctx.person.id) {
          const person = ctx.person;
          ctx.after('action:task-done', () => taskDone(person));
        }
        // A new task opens a new card, so the one tapped (a digest with more items, the coverage
        // card, a confirmation) stays in the chat; the same task moving on updates it in place.
        if (reply.card && opensNewTask(v)) {
          const card = reply.card;
          ctx.after('action:new-card', () => deps.messenger.sendCard({ openId: a.openId }, card));
          return reply.toast ? { toast: reply.toast } : {};
        }
        return reply;
      });
      // Without an inbox job inTx always runs the handler.
      return reply ?? {};
    } catch (error) {
      // The one error boundary for card taps: nothing was saved (the transaction rolled back) and
      // the card stays as it was, with a toast saying so.
      deps.logger.error('card action failed', { handler: actionLabel(v), error });
      return { toast: { type: 'error', content: deps.t('engine.error') } };
    }
  }

  /**
   * The features' follow-ups of a finished task, each on its own: the save has committed, so a
   * failure here (a digest the messenger cannot update) is logged and changes nothing saved.
   */
  async function taskDone(person: Person): Promise<void> {
    const ctx = { person, db: deps.database.db, clock: deps.clock, t: deps.t, messenger: deps.messenger, logger: deps.logger };
    for (const f of deps.features) {
      if (!f.taskDone) continue;
      try {
        await f.taskDone(ctx);
      } catch (error) {
        deps.logger.warn('task-done follow-up failed', { error: errorText(error) });
      }
    }
  }

  /** What a tap asked for, for the log: a flow and step, a command or an action name (no user text). */
  const actionLabel = (v: Record<string, unknown>) =>
    isFlowAction(v) ? `${v.f}/${v.s}/${v.a}` : typeof v.h === 'string' ? v.h : typeof v.command === 'string' ? v.command : typeof v.flow === 'string' ? v.flow : 'unknown';

  /** Starting a flow or running a command from a card is a new task; so is a button marked `keep`. */
  const opensNewTask = (v: Record<string, unknown>) => v.keep === true || v.cmd === 'start' || v.cmd === 'run';

  async function answer(ctx: TxContext, v: Record<string, unknown>, form: Record<string, unknown>): Promise<ActionReply> {
    if (v.cmd === 'start' && typeof v.flow === 'string' && flows.has(v.flow)) {
      const args = v.args && typeof v.args === 'object' ? (v.args as Record<string, unknown>) : {};
      return { card: await ctx.startFlow(v.flow, args) };
    }
    if (v.cmd === 'restore' && typeof v.flow === 'string' && flows.has(v.flow)) {
      return { card: await engine.restore(ctx, flows.get(v.flow)!) };
    }
    if (v.cmd === 'run' && typeof v.command === 'string') {
      const cmd = commands.find((c) => c.id === v.command);
      const args = v.args && typeof v.args === 'object' ? (v.args as Record<string, unknown>) : {};
      if (cmd) {
        const card = await runCommand(ctx, cmd, args);
        return card ? { card } : {};
      }
    }
    if (typeof v.h === 'string') {
      const handler = actions.get(v.h);
      if (handler) return handler(ctx, v, form);
    }
    if (isFlowAction(v)) return engine.action(ctx, v, form);
    return { toast: { type: 'error', content: ctx.t('engine.unknown_action') } };
  }

  return { handle, action, commands, engine };
}
