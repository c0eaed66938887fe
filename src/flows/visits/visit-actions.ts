/**
 * Buttons on a saved visit, outside the flow: delete (within 24 h, asked twice), show, and attach
 * a photo or file sent right after. Each checks that the clicking person wrote the visit.
 */
import type { ActionHandler, TxContext } from '../../bot/feature.ts';
import type { ActionReply } from '../../bot/types.ts';
import { button, text } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import type { VisitAttachment } from '../../db/schema/visits.ts';
import { orgsByIds } from '../../db/visits/org-scope-store.ts';
import { reopenSolvedBy } from '../../db/visits/problem-store.ts';
import { lockVisit, setAttachments, softDeleteVisit, type VisitRow } from '../../db/visits/visit-store.ts';
import { auditView } from './save-visit.ts';
import { deletedCard, messageCard, startVisitValue } from './visit-card.ts';
import { visitCard } from './visit-view.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { ATTACHMENTS_MAX, DELETE_WINDOW_MS, EDIT_WINDOW_MS } from './visit-rules.ts';

type Checked = { ok: true; visit: VisitRow } | { ok: false; reply: ActionReply };

/** The visit, locked, if it exists, is live and is the clicking person's. */
async function ownVisit(ctx: TxContext, value: Record<string, unknown>): Promise<Checked> {
  const v = typeof value.visitId === 'string' ? await lockVisit(ctx.db, value.visitId) : undefined;
  if (!v) return { ok: false, reply: { toast: { type: 'error', content: ctx.t('visit.err.no_such_visit') } } };
  if (v.instructorId !== ctx.person.id) return { ok: false, reply: { toast: { type: 'error', content: ctx.t('engine.not_yours') } } };
  if (v.deletedAt) return { ok: false, reply: { toast: { type: 'info', content: ctx.t('visit.deleted.toast') }, card: deletedCard(ctx) } };
  return { ok: true, visit: v };
}

async function describe(ctx: TxContext, v: VisitRow): Promise<{ org: string; date: string }> {
  const [org] = await orgsByIds(ctx.db, [v.orgId]);
  return { org: org?.name ?? '', date: dateLabel(ctx.t, v.visitedOn, shanghaiDate(ctx.clock.now())) };
}

const remove: ActionHandler = async (ctx, value) => {
  const c = await ownVisit(ctx, value);
  if (!c.ok) return c.reply;
  const v = c.visit;
  const now = ctx.clock.now();
  if (now.getTime() - v.createdAt.getTime() > DELETE_WINDOW_MS) {
    const text = ctx.t('visit.delete.late');
    return { toast: { type: 'warning', content: text }, card: await visitCard(ctx, v.id, text) };
  }
  if (value.confirm !== true) {
    const d = await describe(ctx, v);
    return {
      card: messageCard(
        ctx.t('visit.delete.ask_title'),
        [text(richPrompt(ctx.t, 'visit.delete.ask', d))],
        [
          button(ctx.t('visit.btn.delete_confirm'), { h: 'visit.delete', visitId: v.id, confirm: true }, { type: 'danger' }),
          button(ctx.t('visit.btn.keep'), { h: 'visit.show', visitId: v.id }),
        ],
        'orange',
      ),
    };
  }
  await softDeleteVisit(ctx.db, v.id, now);
  await reopenSolvedBy(ctx.db, v.id);
  await ctx.audit({ action: 'delete', entity: 'visit', entityId: v.id, before: auditView(v) });
  return { toast: { type: 'success', content: ctx.t('visit.deleted.toast') }, card: deletedCard(ctx) };
};

const show: ActionHandler = async (ctx, value) => {
  const c = await ownVisit(ctx, value);
  if (!c.ok) return c.reply;
  return { card: await visitCard(ctx, c.visit.id) };
};

/** Attaches a photo or file offered by the file handler (its key and message came on the button). */
const attach: ActionHandler = async (ctx, value) => {
  const c = await ownVisit(ctx, value);
  if (!c.ok) return c.reply;
  const v = c.visit;
  const now = ctx.clock.now();
  if (now.getTime() - v.createdAt.getTime() > EDIT_WINDOW_MS) return { toast: { type: 'warning', content: ctx.t('visit.attach.late') } };
  const type = value.type === 'image' ? 'image' : value.type === 'file' ? 'file' : null;
  const key = typeof value.key === 'string' ? value.key : '';
  const messageId = typeof value.messageId === 'string' ? value.messageId : '';
  if (!type || !key || !messageId) return { toast: { type: 'error', content: ctx.t('engine.unknown_action') } };
  const d = await describe(ctx, v);
  if (v.attachments.some((a) => a.key === key)) {
    return { toast: { type: 'info', content: ctx.t('visit.attach.already') }, card: messageCard(ctx.t('visit.attach.done_title'), [text(richPrompt(ctx.t, 'visit.attach.done', { ...d, n: v.attachments.length }))]) };
  }
  if (v.attachments.length >= ATTACHMENTS_MAX) return { toast: { type: 'warning', content: ctx.t('visit.attach.full', { max: ATTACHMENTS_MAX }) } };
  const item: VisitAttachment = { type, key, messageId, name: typeof value.name === 'string' ? value.name.slice(0, 200) : null, addedAt: now.toISOString() };
  const next = [...v.attachments, item];
  await setAttachments(ctx.db, v.id, next, now);
  await ctx.audit({ action: 'update', entity: 'visit', entityId: v.id, before: { attachments: v.attachments.length }, after: { attachments: next.length, added: item }, reason: 'attach' });
  return {
    toast: { type: 'success', content: ctx.t('visit.attach.toast') },
    card: messageCard(ctx.t('visit.attach.done_title'), [text(richPrompt(ctx.t, 'visit.attach.done', { ...d, n: next.length }))], [button(ctx.t('visit.btn.show'), { h: 'visit.show', visitId: v.id })], 'green'),
  };
};

const skipAttach: ActionHandler = async (ctx) => ({
  card: messageCard(ctx.t('visit.attach.skip_title'), [text(ctx.t('visit.attach.skipped'))], [button(ctx.t('visit.btn.next'), startVisitValue())]),
});

export const visitActions: Record<string, ActionHandler> = {
  'visit.delete': remove,
  'visit.show': show,
  'visit.attach': attach,
  'visit.attach_no': skipAttach,
};
