/** The meeting record on a card, and the confirmation after a submit, an edit or a delete. */
import type { BotContext } from '../../bot/flow.ts';
import type { Card } from '../../bot/types.ts';
import { button, buttonRow, hr, text, type El } from '../../cards/card-kit.ts';
import type { Rich } from '../../cards/document.ts';
import { bold, lines, orange, rich, richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate, shanghaiTime, startOfQuarter } from '../../domain/shanghai-date.ts';
import { getMeeting, type MeetingRow } from '../../db/meetings/meeting-store.ts';
import { loadObligationInputs, obligationsOf } from '../../db/meetings/obligation-inputs.ts';
import { GRADE_KEYS } from './kinds.ts';
import { kindLabel, obligationLines } from './obligations-view.ts';
import { inquorateDays } from './inquorate.ts';
import { leads } from './scope.ts';
import { dynamicKey, type PromptKey } from '../../bot/prompts.ts';

/** Edits are open for 7 days after logging, deletes for 24 hours (issue 6); both are audited. */
export const EDIT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
export const DELETE_WINDOW_MS = 24 * 60 * 60 * 1000;

export const canEdit = (m: MeetingRow, now: Date) => !m.deletedAt && now.getTime() - m.createdAt.getTime() <= EDIT_WINDOW_MS;
export const canDelete = (m: MeetingRow, now: Date) => !m.deletedAt && now.getTime() - m.createdAt.getTime() <= DELETE_WINDOW_MS;

export function recordLines(ctx: BotContext, m: MeetingRow): Rich[] {
  const { t } = ctx;
  const line = (key: PromptKey, value: RichPart) => richPrompt(t, 'meetings.r.line', { label: t(key), value: value ?? '' });
  const kind = rich(kindLabel(t, m.kind, m.groupName), m.election && t('meetings.r.election'), m.alsoThemeDay && t('meetings.r.also_theme_day'));
  const out = [
    line('meetings.r.kind', kind),
    line('meetings.r.when', `${shanghaiDate(m.heldAt)} ${shanghaiTime(m.heldAt)}`),
    line('meetings.r.place', [m.place ?? '', m.online ? t('meetings.r.online') : ''].filter(Boolean).join(' · ')),
    line(m.kind === 'heart_talk' ? 'meetings.f.talker' : 'meetings.f.host', m.host),
  ];
  if (m.lecturer || m.title) out.push(line('meetings.f.lecturer', m.lecturer), line('meetings.f.title', m.title));
  if (m.expected !== null && m.present !== null) out.push(line('meetings.r.attendance', t('meetings.r.attendance_value', { expected: m.expected, present: m.present })));
  if (m.absentees.length) {
    out.push(line('meetings.r.absentees', m.absentees.map((a) => (a.reason ? t('meetings.r.absentee', { name: a.name, reason: a.reason }) : a.name)).join('、')));
  }
  if (m.grades) {
    const g = m.grades;
    out.push(line('meetings.r.grades', GRADE_KEYS.map((k) => `${t(`meetings.grade.${k}`)} ${g[k]}`).join('，')));
  }
  // A 党课's topics are its title, shown above as 党课题目.
  if (m.kind !== 'lecture') out.push(line(m.kind === 'heart_talk' ? 'meetings.f.talk_topics' : 'meetings.f.topics', m.topics));
  if (m.content) out.push(line(m.kind === 'heart_talk' ? 'meetings.r.talk_content' : 'meetings.r.content', m.content));
  for (const w of m.warnings) out.push(orange(t(dynamicKey(`meetings.warned.${w}`))));
  if (m.attachments.length) out.push(line('meetings.r.attachments', t('meetings.r.attachments_value', { n: m.attachments.length })));
  return out;
}

/** This quarter's and this year's obligations of the org, a line per kind. */
export async function obligationsBlock(ctx: BotContext, partyOrgId: string): Promise<El[]> {
  const today = shanghaiDate(ctx.clock.now());
  const inputs = (await loadObligationInputs(ctx.db, ctx.policy, [partyOrgId], today, { since: startOfQuarter(today) })).get(partyOrgId);
  if (!inputs) return [];
  const found = obligationLines(ctx.t, obligationsOf(inputs), new Map(inputs.groups.map((g) => [g.id, g.name])), await inquorateDays(ctx.db, partyOrgId, today));
  return [text(lines([bold(ctx.t('meetings.confirm.obligations')), ...(found.length ? found : [ctx.t('meetings.status.none')])]))];
}

export type ConfirmMode = 'saved' | 'edited' | 'deleted' | 'view';

export async function meetingConfirmation(ctx: BotContext, meetingId: unknown, mode: ConfirmMode): Promise<Card> {
  const { t } = ctx;
  const m = await getMeeting(ctx.db, meetingId);
  if (!m) {
    return fillTemplate('message', { title: t('meetings.gone_title'), summary: t('meetings.gone_title'), color: 'grey' }, { body: [text(t('meetings.gone'))], buttons: [] });
  }
  const now = ctx.clock.now();
  const deleted = !!m.deletedAt;
  const titleKey = deleted ? 'meetings.confirm.deleted_title' : mode === 'edited' ? 'meetings.confirm.edited_title' : 'meetings.confirm.title';
  const body: El[] = [];
  if (deleted) body.push(text(t('meetings.confirm.deleted_text')));
  body.push(text(lines(recordLines(ctx, m))));
  if (!deleted) body.push(text(t('meetings.confirm.attach_hint'), { size: 'small' }));
  body.push(hr(), ...(await obligationsBlock(ctx, m.partyOrgId)));

  const buttons: El[] = [];
  const mine = leads(ctx.person, m.partyOrgId);
  if (mine && canEdit(m, now)) buttons.push(button(t('meetings.btn.edit'), { h: 'meeting.edit', id: m.id }));
  if (mine && canDelete(m, now)) {
    buttons.push(
      button(t('meetings.btn.delete'), { h: 'meeting.delete', id: m.id }, { type: 'danger', confirm: { title: t('meetings.delete_confirm_title'), text: t('meetings.delete_confirm_text') } }),
    );
  }
  if (mine) {
    buttons.push(button(t('meetings.btn.another'), { cmd: 'start', flow: 'meeting', args: { partyOrgId: m.partyOrgId } }));
    buttons.push(button(t('meetings.btn.party_org'), { cmd: 'run', command: 'party-org', args: { partyOrgId: m.partyOrgId } }));
  }
  return fillTemplate('message', { title: t(titleKey), summary: t(titleKey), color: deleted ? 'grey' : 'green' }, {
    body,
    buttons: buttons.length ? [buttonRow(buttons)] : [],
  });
}
