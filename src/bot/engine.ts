import { lockConversation, saveConversation, type ConversationRow } from '../db/stores/conversation-store.ts';
import { button, text } from '../cards/card-kit.ts';
import { orange, type RichPart } from '../cards/rich.ts';
import { fillTemplate } from '../cards/templates.ts';
import { hasRole, isFlowAction, type Answers, type BotContext, type FlowDef, type StepOutcome } from './flow.ts';
import type { ActionReply, Card } from './types.ts';
import type { Tx } from '../db/database.ts';

/** A draft untouched this long expires when next touched (checked lazily, never by a timer). */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

const TRAIL = '_trail';

/** A short message card; `message` is shown as given (a prompt with bold goes in as richPrompt). */
export function notice(title: string, message: RichPart, buttons: ReturnType<typeof button>[] = [], color = 'grey'): Card {
  return fillTemplate('message', { title, summary: title, color }, { body: [text(message)], buttons });
}

function stripped(answers: Answers): Answers {
  const { [TRAIL]: _t, ...rest } = answers;
  return rest;
}

function trailOf(answers: Answers): string[] {
  const t = answers[TRAIL];
  return Array.isArray(t) ? (t as string[]) : [];
}

/**
 * Whether a draft edits an existing record (meetings keep `editId`, visits `editVisitId`):
 * cancelling it must say the record is unchanged, not that "记录走访" was cancelled.
 */
function isEdit(answers: Answers): boolean {
  return typeof answers.editId === 'string' || typeof answers.editVisitId === 'string';
}

/**
 * Runs declared flows over durable state (design habit 5): every action names flow, step and
 * revision; stale clicks change nothing; drafts expire lazily; a version change ends old drafts.
 */
export class Engine {
  constructor(readonly flows: Map<string, FlowDef>) {}

  flow(id: string): FlowDef | undefined {
    return this.flows.get(id);
  }

  private title(ctx: BotContext, flow: FlowDef) {
    return ctx.t(flow.titleKey);
  }

  async render(ctx: BotContext, flow: FlowDef, row: ConversationRow, errors: Record<string, string> = {}, noticeText?: string): Promise<Card> {
    const step = flow.steps[row.step];
    if (!step) return notice(ctx.t('engine.version_title'), ctx.t('engine.version_changed', { flow: this.title(ctx, flow) }));
    const card = await step.render(ctx, {
      answers: stripped(row.answers),
      errors,
      notice: noticeText,
      act: (a, extra) => ({ ...extra, f: flow.id, s: row.step, r: row.revision, a }),
      canGoBack: trailOf(row.answers).length > 0,
    });
    // Notices (resume hints, form-level messages) lead the card whatever the step draws.
    if (noticeText && !JSON.stringify(card).includes(JSON.stringify(noticeText).slice(1, -1))) {
      card.body.unshift(text(orange(noticeText)));
    }
    return card;
  }

  /** Starts (or resumes) a flow for ctx.person; ctx.db must be a transaction. */
  async start(ctx: BotContext & { db: Tx }, flow: FlowDef, args: Record<string, unknown> = {}): Promise<Card> {
    if (!hasRole(ctx.person, flow.roles)) {
      return notice(ctx.t('engine.no_permission_title'), ctx.t('engine.no_permission', { flow: this.title(ctx, flow) }), [], 'orange');
    }
    const now = ctx.clock.now();
    const existing = await lockConversation(ctx.db, ctx.person.openId, flow.id);
    const resumable =
      existing &&
      existing.status === 'open' &&
      existing.flowVersion === flow.version &&
      now.getTime() - existing.touchedAt.getTime() <= DRAFT_TTL_MS &&
      !args.fresh &&
      Object.keys(args).filter((k) => k !== 'fresh').length === 0;
    if (resumable) {
      const row = { ...existing, revision: existing.revision + 1, touchedAt: now };
      await saveConversation(ctx.db, row);
      return this.render(ctx, flow, row, {}, ctx.t('engine.resume_hint', { flow: this.title(ctx, flow) }));
    }
    const s = await flow.start(ctx, args);
    if ('refuse' in s) return s.refuse;
    const row: ConversationRow = {
      personKey: ctx.person.openId,
      flow: flow.id,
      flowVersion: flow.version,
      step: s.step,
      answers: { ...s.answers, [TRAIL]: [] },
      revision: (existing?.revision ?? 0) + 1,
      status: 'open',
      result: null,
      messageId: null,
      createdAt: now,
      touchedAt: now,
    };
    await saveConversation(ctx.db, row);
    return this.render(ctx, flow, row);
  }

  /** Restores an expired draft's answers into a fresh draft of the same flow. */
  async restore(ctx: BotContext & { db: Tx }, flow: FlowDef): Promise<Card> {
    const row = await lockConversation(ctx.db, ctx.person.openId, flow.id);
    if (!row || row.status !== 'expired' || row.flowVersion !== flow.version) return this.start(ctx, flow, { fresh: true });
    const next = { ...row, status: 'open' as const, revision: row.revision + 1, touchedAt: ctx.clock.now() };
    await saveConversation(ctx.db, next);
    return this.render(ctx, flow, next);
  }

  /** A card action carrying {f, s, r, a}. ctx.db must be a transaction. */
  async action(ctx: BotContext & { db: Tx }, value: Record<string, unknown>, form: Record<string, unknown>): Promise<ActionReply> {
    if (!isFlowAction(value)) return { toast: { type: 'error', content: ctx.t('engine.unknown_action') } };
    const flow = this.flows.get(value.f);
    if (!flow || !flow.steps[value.s]) return { toast: { type: 'error', content: ctx.t('engine.unknown_action') } };
    const row = await lockConversation(ctx.db, ctx.person.openId, flow.id);
    if (!row) return { toast: { type: 'error', content: ctx.t('engine.not_yours') } };
    const now = ctx.clock.now();
    const name = this.title(ctx, flow);

    // The same final submit again (double click, retried callback): the same confirmation, no new record.
    if (row.status === 'done' && row.result && value.r === row.revision - 1 && value.s === row.step) {
      return { card: await flow.confirmation(ctx, row.result) };
    }
    if (row.flowVersion !== flow.version) {
      await saveConversation(ctx.db, { ...row, status: 'expired', touchedAt: now, revision: row.revision + 1 });
      return {
        card: notice(ctx.t('engine.version_title'), ctx.t('engine.version_changed', { flow: name }), [
          button(ctx.t('engine.restart'), { cmd: 'start', flow: flow.id }, { type: 'primary' }),
        ]),
      };
    }
    if (row.status !== 'open' || value.r !== row.revision || value.s !== row.step) {
      const toast = { type: 'warning' as const, content: ctx.t('engine.stale') };
      if (row.status === 'open') return { toast, card: await this.render(ctx, flow, row) };
      if (row.status === 'done' && row.result) return { toast, card: await flow.confirmation(ctx, row.result) };
      // A card the person cancelled (by button or by typing 取消) must not stay live: say so and
      // replace it with a card marked 已取消, so it is not mistaken for a form still waiting.
      if (row.status === 'cancelled') {
        const content = ctx.t('engine.cancelled_title');
        return { toast: { type: 'info', content }, card: notice(content, ctx.t(isEdit(row.answers) ? 'engine.cancelled_edit' : 'engine.cancelled_card')) };
      }
      return { toast };
    }
    if (now.getTime() - row.touchedAt.getTime() > DRAFT_TTL_MS) {
      await saveConversation(ctx.db, { ...row, status: 'expired', revision: row.revision + 1, touchedAt: now });
      return { card: this.expiredCard(ctx, flow) };
    }
    if (value.a === 'cancel') return { card: await this.cancelRow(ctx, flow, row) };
    if (value.a === 'back') {
      const trail = trailOf(row.answers);
      const prev = trail.pop();
      if (!prev) return { card: await this.render(ctx, flow, row) };
      const next = { ...row, step: prev, answers: { ...row.answers, [TRAIL]: trail }, revision: row.revision + 1, touchedAt: now };
      await saveConversation(ctx.db, next);
      return { card: await this.render(ctx, flow, next) };
    }
    const outcome = await flow.steps[row.step]!.handle(ctx, { action: value.a, form, value }, stripped(row.answers));
    return this.apply(ctx, flow, row, outcome);
  }

  private async apply(ctx: BotContext & { db: Tx }, flow: FlowDef, row: ConversationRow, o: StepOutcome): Promise<ActionReply> {
    const now = ctx.clock.now();
    const trail = trailOf(row.answers);
    switch (o.kind) {
      case 'goto': {
        const nextTrail = o.step === row.step ? trail : [...trail, row.step];
        const next = { ...row, step: o.step, answers: { ...o.answers, [TRAIL]: nextTrail }, revision: row.revision + 1, touchedAt: now };
        await saveConversation(ctx.db, next);
        return { card: await this.render(ctx, flow, next) };
      }
      case 'invalid': {
        const next = { ...row, answers: { ...o.answers, [TRAIL]: trail }, revision: row.revision + 1, touchedAt: now };
        await saveConversation(ctx.db, next);
        return { card: await this.render(ctx, flow, next, o.errors, o.notice) };
      }
      case 'done': {
        const next = { ...row, answers: { ...o.answers, [TRAIL]: trail }, status: 'done' as const, result: o.result, revision: row.revision + 1, touchedAt: now };
        await saveConversation(ctx.db, next);
        return { card: await flow.confirmation(ctx, o.result), toast: { type: 'success', content: ctx.t('engine.saved') }, done: true };
      }
      case 'end': {
        await saveConversation(ctx.db, { ...row, status: 'done', result: null, revision: row.revision + 1, touchedAt: now });
        return { card: o.card, toast: o.toast };
      }
    }
  }

  expiredCard(ctx: BotContext, flow: FlowDef): Card {
    return notice(ctx.t('engine.expired_title'), ctx.t('engine.expired', { flow: this.title(ctx, flow) }), [
      button(ctx.t('engine.restore'), { cmd: 'restore', flow: flow.id }, { type: 'primary' }),
      button(ctx.t('engine.restart'), { cmd: 'start', flow: flow.id, args: { fresh: true } }),
    ]);
  }

  private async cancelRow(ctx: BotContext & { db: Tx }, flow: FlowDef, row: ConversationRow): Promise<Card> {
    await saveConversation(ctx.db, { ...row, status: 'cancelled', revision: row.revision + 1, touchedAt: ctx.clock.now() });
    const text = isEdit(row.answers) ? ctx.t('engine.cancelled_edit') : ctx.t('engine.cancelled', { flow: this.title(ctx, flow) });
    return notice(ctx.t('engine.cancelled_title'), text);
  }

  /** `取消`: ends the draft the person touched last. */
  async cancelCurrent(ctx: BotContext & { db: Tx }, row: ConversationRow | undefined): Promise<Card> {
    const flow = row && this.flows.get(row.flow);
    if (!row || !flow) return notice(ctx.t('engine.cancelled_title'), ctx.t('engine.nothing_to_cancel'));
    const locked = await lockConversation(ctx.db, row.personKey, row.flow);
    if (!locked || locked.status !== 'open') return notice(ctx.t('engine.cancelled_title'), ctx.t('engine.nothing_to_cancel'));
    return this.cancelRow(ctx, flow, locked);
  }

  /** A stray message while a draft is open shows the draft's current card (or its expiry). */
  async current(ctx: BotContext & { db: Tx }, row: ConversationRow): Promise<Card | null> {
    const flow = this.flows.get(row.flow);
    if (!flow) return null;
    const now = ctx.clock.now();
    if (row.flowVersion !== flow.version) {
      await saveConversation(ctx.db, { ...row, status: 'expired', revision: row.revision + 1, touchedAt: now });
      return notice(ctx.t('engine.version_title'), ctx.t('engine.version_changed', { flow: this.title(ctx, flow) }), [
        button(ctx.t('engine.restart'), { cmd: 'start', flow: flow.id }, { type: 'primary' }),
      ]);
    }
    if (now.getTime() - row.touchedAt.getTime() > DRAFT_TTL_MS) {
      await saveConversation(ctx.db, { ...row, status: 'expired', revision: row.revision + 1, touchedAt: now });
      return this.expiredCard(ctx, flow);
    }
    const next = { ...row, revision: row.revision + 1, touchedAt: now };
    await saveConversation(ctx.db, next);
    return this.render(ctx, flow, next, {}, ctx.t('engine.resume_hint', { flow: this.title(ctx, flow) }));
  }
}
