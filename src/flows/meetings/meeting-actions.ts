/**
 * Buttons outside the flow: edit (7 days) and delete (24 h) from the confirmation, and the offer
 * to keep a photo or file sent right after logging as an attachment. Each checks that the person
 * clicking leads the meeting's party org now, whoever the card was sent to.
 */
import { dateLabel } from '../../cards/card-date.ts';
import type { ActionHandler, TxContext } from '../../bot/feature.ts';
import type { ActionReply, Card, Inbound } from '../../bot/types.ts';
import { notice } from '../../bot/engine.ts';
import { button, buttonRow, text } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { getMeeting, latestMeetingBy, lockMeeting, setAttachments, softDeleteMeeting } from '../../db/meetings/meeting-store.ts';
import type { MeetingAttachment } from '../../db/schema/meetings.ts';
import { canDelete, canEdit, meetingConfirmation } from './meeting-card.ts';
import { auditView, MEETING_FLOW } from './meeting-flow.ts';
import { kindLabel } from './obligations-view.ts';
import { leads, secretaryOrgIds } from './scope.ts';
import { type PromptKey } from '../../bot/prompts.ts';
import { applyElection } from './election-term.ts';
import type { Tx } from '../../db/database.ts';

/** A photo or file counts as "sent right after" a meeting logged this recently. */
export const ATTACH_WINDOW_MS = 2 * 60 * 60 * 1000;

const refused = (ctx: TxContext, key: PromptKey): ActionReply => ({ toast: { type: 'error', content: ctx.t(key) } });

const edit: ActionHandler = async (ctx, value) => {
  const m = await getMeeting(ctx.db, value.id);
  if (!m || !leads(ctx.person, m.partyOrgId)) return refused(ctx, 'meetings.not_your_org');
  if (!canEdit(m, ctx.clock.now())) return { ...refused(ctx, 'meetings.edit_closed'), card: await meetingConfirmation(ctx, m.id, 'view') };
  return { card: await ctx.startFlow(MEETING_FLOW, { editId: m.id }) };
};

const remove: ActionHandler = async (ctx, value) => {
  const m = await lockMeeting(ctx.db, value.id);
  if (!m || !leads(ctx.person, m.partyOrgId)) return refused(ctx, 'meetings.not_your_org');
  if (m.deletedAt) return { card: await meetingConfirmation(ctx, m.id, 'deleted') };
  if (!canDelete(m, ctx.clock.now())) return { ...refused(ctx, 'meetings.delete_closed'), card: await meetingConfirmation(ctx, m.id, 'view') };
  const after = await softDeleteMeeting(ctx.db, m.id, ctx.clock.now());
  await ctx.audit({ action: 'delete', entity: 'meeting', entityId: m.id, before: auditView(m), after: auditView(after) });
  await applyElection(ctx, ctx.db as Tx, m.partyOrgId, m, null);
  return { toast: { type: 'success', content: ctx.t('meetings.deleted_toast') }, card: await meetingConfirmation(ctx, m.id, 'deleted') };
};

const attach: ActionHandler = async (ctx, value) => {
  const m = await lockMeeting(ctx.db, value.id);
  if (!m || !leads(ctx.person, m.partyOrgId)) return refused(ctx, 'meetings.not_your_org');
  if (m.deletedAt) return refused(ctx, 'meetings.gone');
  const key = typeof value.key === 'string' ? value.key : '';
  const messageId = typeof value.mid === 'string' ? value.mid : '';
  if (!key || !messageId) return refused(ctx, 'engine.unknown_action');
  let after = m;
  if (!m.attachments.some((a) => a.key === key)) {
    const item: MeetingAttachment = {
      type: value.res === 'image' ? 'image' : 'file',
      key,
      messageId,
      name: typeof value.name === 'string' ? value.name.slice(0, 200) : null,
      addedAt: ctx.clock.now().toISOString(),
    };
    after = await setAttachments(ctx.db, m.id, [...m.attachments, item], ctx.clock.now());
    await ctx.audit({ action: 'update', entity: 'meeting', entityId: m.id, before: { attachments: m.attachments }, after: { attachments: after.attachments }, reason: 'attachment' });
  }
  return {
    toast: { type: 'success', content: ctx.t('meetings.attached_toast') },
    // Not notice(): it takes its text as a markdown string, and the meeting's group name is data.
    card: fillTemplate('message', { title: ctx.t('meetings.attached_title'), summary: ctx.t('meetings.attached_title'), color: 'green' }, {
      body: [text(richPrompt(ctx.t, 'meetings.attached', { meeting: describe(ctx, after), n: after.attachments.length }))],
      buttons: [],
    }),
  };
};

const attachNo: ActionHandler = async (ctx) => ({ card: notice(ctx.t('meetings.attach_no_title'), ctx.t('meetings.attach_no')) });

export const meetingActions: Record<string, ActionHandler> = {
  'meeting.edit': edit,
  'meeting.delete': remove,
  'meeting.attach': attach,
  'meeting.attach_no': attachNo,
  'meeting.view': async (ctx, value) => {
    const m = await getMeeting(ctx.db, value.id);
    if (!m || !leads(ctx.person, m.partyOrgId)) return refused(ctx, 'meetings.not_your_org');
    return { card: await meetingConfirmation(ctx, m.id, 'view') };
  },
};

function describe(ctx: TxContext, m: { heldAt: Date; kind: Parameters<typeof kindLabel>[1]; groupName: string | null }): string {
  return ctx.t('meetings.describe', { date: dateLabel(ctx.t, shanghaiDate(m.heldAt), shanghaiDate(ctx.clock.now())), kind: kindLabel(ctx.t, m.kind, m.groupName) });
}

/**
 * A photo or file a secretary sends shortly after logging a meeting: offered as an attachment of
 * that meeting, with a way to say no. Never asked for, never required.
 */
export async function offerAttachment(ctx: TxContext, inbound: Extract<Inbound, { kind: 'file' }>): Promise<Card | null> {
  if (!ctx.person.id || secretaryOrgIds(ctx.person).length === 0) return null;
  const now = ctx.clock.now();
  const m = await latestMeetingBy(ctx.db, ctx.person.id, new Date(now.getTime() - ATTACH_WINDOW_MS));
  if (!m || !leads(ctx.person, m.partyOrgId)) return null;
  const what = inbound.resource === 'image' ? ctx.t('meetings.attach_photo') : richPrompt(ctx.t, 'meetings.attach_file', { name: inbound.fileName ?? '' });
  return fillTemplate('message', { title: ctx.t('meetings.attach_title'), summary: ctx.t('meetings.attach_title'), color: 'blue' }, {
    body: [text(richPrompt(ctx.t, 'meetings.attach_offer', { what, meeting: describe(ctx, m) }))],
    buttons: [
      buttonRow([
        button(ctx.t('meetings.btn.attach'), { h: 'meeting.attach', id: m.id, key: inbound.fileKey, mid: inbound.messageId, res: inbound.resource, name: inbound.fileName ?? null }, { type: 'primary' }),
        button(ctx.t('meetings.btn.attach_no'), { h: 'meeting.attach_no' }),
      ]),
    ],
  });
}
