/**
 * The lead as a card: in full for the people handling it (assignee, officers of its region, the
 * people who registered it), masked everywhere else (issue 7 §9). Loading the view and writing
 * the 'view' audit entry go together, so no card with a lead on it is shown unrecorded.
 */
import { dateLabel } from '../../cards/card-date.ts';
import { button, buttonRow, form, hr, input, text, type El } from '../../cards/card-kit.ts';
import { bold, grey, lines, red, rich, richPrompt, type RichPart } from '../../cards/rich.ts';
import type { Rich } from '../../cards/document.ts';
import { fillTemplate } from '../../cards/templates.ts';
import type { BotContext } from '../../bot/flow.ts';
import type { Card } from '../../bot/types.ts';
import type { Db, Tx } from '../../db/database.ts';
import type { LeadState } from '../../db/schema/leads.ts';
import { eventsOf, lookupNames, sourcesOf, type EventView, type LeadRow, type SourceView } from '../../db/leads/lead-store.ts';
import { regionName } from '../../db/leads/workplace-search.ts';
import { contactDates, outOfContactOn } from '../../db/leads/due-leads.ts';
import { writeAudit } from '../../db/stores/audit-store.ts';
import { maskMobile, maskName } from '../../domain/mobile.ts';
import { shanghaiDate, type CalendarDate } from '../../domain/shanghai-date.ts';
import type { PolicyBook } from '../../domain/policy/index.ts';
import { nextStates, isOpen } from './lead-states.ts';
import { type PromptKey, dynamicKey } from '../../bot/prompts.ts';

export interface LeadView {
  lead: LeadRow;
  workplace: string | null;
  partyOrg: string | null;
  assignee: string | null;
  region: string;
  sources: SourceView[];
  events: EventView[];
  /** The last day for first contact, while the lead is new. */
  dueOn: CalendarDate | null;
  /** The policy's months, once an unreachable member has been out of contact that long. */
  outOfContact: number | null;
}

export async function loadLeadView(db: Db | Tx, book: PolicyBook, lead: LeadRow, now: Date, logger?: BotContext['logger']): Promise<LeadView> {
  const names = await lookupNames(db, lead);
  const policy = book.of(lead.regionCode);
  const dueOn = lead.state === 'new' ? contactDates(lead.createdAt, policy, (year) => logger?.warn('no holiday data', { year })).dueOn : null;
  const flaggedOn = lead.state === 'unreachable' && lead.outOfContactSince ? outOfContactOn(lead.outOfContactSince, policy) : null;
  return {
    lead,
    ...names,
    region: await regionName(db, lead.regionCode),
    sources: await sourcesOf(db, lead.id),
    events: await eventsOf(db, lead.id, 6),
    dueOn,
    outOfContact: flaggedOn && shanghaiDate(now) >= flaggedOn ? policy.memberFinding.outOfContactMonths : null,
  };
}

/** Every showing of a lead is recorded, with who saw it and why (never what it says). */
export async function auditView(db: Db | Tx, viewer: { id: string | null; openId: string }, leadId: string, at: Date, reason: string): Promise<void> {
  await writeAudit(db, { actorId: viewer.id, actorLabel: viewer.id ? null : viewer.openId, action: 'view', entity: 'lead', entityId: leadId, reason, at });
}

const STATE_COLOR: Record<LeadState, string> = {
  new: 'orange',
  contacted: 'blue',
  verified: 'turquoise',
  incorporated: 'green',
  transferred: 'green',
  not_member: 'grey',
  unreachable: 'grey',
};

const MAX_SOURCES_SHOWN = 10;

/** An instant or a day as the card reads it (11月20日; the year only when not this one). */
const dayLabel = (t: T, d: Date | string, today: string) => dateLabel(t, typeof d === 'string' ? d : shanghaiDate(d), today);

export interface LeadCardOptions {
  /** Personal data in full (the viewer is entitled). */
  full: boolean;
  /** State buttons and hand-over (the viewer is the assignee or an officer of the region). */
  actions: boolean;
  /** Today in Shanghai (YYYY-MM-DD): dates read 11月20日, with the year only when it is not this one. */
  today: string;
  /** A line at the top: why this card came (a new lead, a merge, a change). */
  notice?: RichPart;
}

type T = BotContext['t'];

/** `label：value`, or nothing when there is no value. */
function line(t: T, key: PromptKey, value: RichPart): Rich | null {
  const v = rich(value);
  return v.length ? rich(bold(t(key)), '：', v) : null;
}

function personLines(t: T, v: LeadView, full: boolean): RichPart[] {
  const l = v.lead;
  if (l.erasedAt) return [t('leads.card.erased')];
  const name = l.name ? (full ? l.name : maskName(l.name)) : t('leads.card.unknown');
  const out: RichPart[] = [
    line(t, 'leads.field.name', name),
    // A masked mobile is data: its stars are shown as they are, not read as markup.
    line(t, 'leads.field.mobile', l.mobile && (full ? l.mobile : maskMobile(l.mobile))),
    full ? line(t, 'leads.field.contact', l.contactNote) : null,
    line(t, 'leads.field.workplace', v.workplace),
    line(t, 'leads.field.region', v.region),
  ];
  if (full) {
    out.push(
      line(t, 'leads.field.relationship', l.relationshipAt),
      line(t, 'leads.field.standing', l.standing && t(`leads.standing.${l.standing}`)),
      line(t, 'leads.field.joined', l.joinedYear ? String(l.joinedYear) : null),
      line(
        t,
        'leads.field.away',
        l.awayKind ? t(`leads.away.${l.awayKind}`) + (l.awaySince ? t('leads.card.since', { date: l.awaySince }) : '') : null,
      ),
      line(t, 'leads.field.take_part', l.takePartAt && t(`leads.take_part.${l.takePartAt}`)),
      line(t, 'leads.field.note', l.note),
    );
  } else {
    out.push(t('leads.card.masked'));
  }
  return out;
}

function handlingLines(t: T, v: LeadView, full: boolean, today: string): RichPart[] {
  const fmtDay = (d: Date | string) => dayLabel(t, d, today);
  const l = v.lead;
  const byOfficers = richPrompt(t, 'leads.card.by_officers', { region: v.region });
  const named = [v.partyOrg, v.assignee].filter((x): x is string => !!x);
  const who = l.assignedVia === 'officers' || named.length === 0 ? byOfficers : named.flatMap((n, i) => (i === 0 ? [n] : [' · ', n]));
  const out: RichPart[] = [line(t, 'leads.field.assignee', who)];
  if (v.dueOn) out.push(line(t, 'leads.field.due', fmtDay(v.dueOn)));
  // A card has a size limit; the latest registrations say enough, the rest are counted.
  const shown = v.sources.slice(-MAX_SOURCES_SHOWN);
  // A newcomer registering themself has no record in the ledger; the name they typed is who they are.
  const selfName = l.name ? (full ? l.name : maskName(l.name)) : null;
  const selfOpenIds = new Set(v.sources.filter((s) => s.kind === 'self' && s.registrantOpenId).map((s) => s.registrantOpenId!));
  const someone = t('leads.card.someone');
  const sources: RichPart[] = shown.map((s) =>
    rich(
      richPrompt(t, 'leads.card.source_line', { kind: t(`leads.source.${s.kind}`), who: s.registrantName || (s.kind === 'self' && selfName) || someone, date: fmtDay(s.at) }),
      full && s.note ? ['：', s.note] : null,
    ),
  );
  if (v.sources.length > shown.length) sources.unshift(t('leads.card.more_sources', { n: v.sources.length - shown.length }));
  out.push(rich(bold(t('leads.field.sources')), '\n', lines(sources)));
  if (v.events.length) {
    const events = v.events.map((e) =>
      rich(
        richPrompt(t, 'leads.card.event_line', {
          date: fmtDay(e.at),
          who: e.actorName || (e.actorLabel && selfOpenIds.has(e.actorLabel) && selfName) || someone,
          what: e.kind === 'state' && e.toState ? t('leads.card.event_state', { to: t(`leads.state.${e.toState}`) }) : t(dynamicKey(`leads.event.${e.kind}`)),
        }),
        full && e.note ? ['：', e.note] : null,
      ),
    );
    out.push(rich(bold(t('leads.field.history')), '\n', lines(events)));
  }
  return out;
}

/** The buttons for the next states, inside a form so a note can go with the change. */
function actionForm(t: T, v: LeadView): El[] {
  const l = v.lead;
  if (l.erasedAt) return [];
  const next = nextStates(l.state);
  const buttons = next.map((to) =>
    button(t(`leads.to.${to}`), { h: 'lead.state', leadId: l.id, to, rev: l.revision }, { submit: true, name: `to_${to}`, type: to === 'contacted' || to === 'verified' || to === 'incorporated' ? 'primary' : 'default' }),
  );
  if (isOpen(l.state)) buttons.push(button(t('leads.assign.button'), { h: 'lead.assign', leadId: l.id, rev: l.revision }, { name: 'assign' }));
  if (buttons.length === 0) return [];
  return [form(`lead_${l.revision}`, [input({ name: 'note', label: t('leads.field.step_note'), placeholder: t('leads.field.step_note_hint'), maxLength: 200 }), buttonRow(buttons)])];
}

export function leadCard(t: T, v: LeadView, opts: LeadCardOptions): Card {
  const state = t(`leads.state.${v.lead.state}`);
  const body: El[] = [];
  if (opts.notice) body.push(text(opts.notice));
  body.push(text(lines(personLines(t, v, opts.full))), hr(), text(lines(handlingLines(t, v, opts.full, opts.today))));
  if (v.lead.state === 'unreachable' && v.lead.outOfContactSince) {
    body.push(text(grey(t('leads.card.unreachable_since', { date: dayLabel(t, v.lead.outOfContactSince, opts.today) })), { size: 'small' }));
    if (v.outOfContact) body.push(text(red(t('leads.out_of_contact.rule', { months: v.outOfContact }))));
  }
  const form = opts.actions && opts.full ? actionForm(t, v) : [];
  return fillTemplate('message', { title: t('leads.card.title'), subtitle: state, summary: t('leads.card.title'), color: STATE_COLOR[v.lead.state] }, {
    body,
    buttons: form,
  });
}

/** A card that only says something (a refusal, a thank-you), with optional buttons. */
export function messageCard(title: string, says: RichPart, buttons: El[] = [], color = 'grey'): Card {
  return fillTemplate('message', { title, summary: title, color }, { body: [text(says)], buttons: buttons.length ? [buttonRow(buttons)] : [] });
}
