/**
 * How one reminder item reads on a card, and the button that opens the right form prefilled.
 * Everything shown comes from the item's payload (names of orgs, dates, counts), kept as data in
 * rich text so that names typed by people show exactly as typed.
 */
import { type Prompts, dynamicKey, type PromptKey } from '../bot/prompts.ts';
import type { ActionValue, Rich } from '../cards/document.ts';
import { richPrompt, type RichPart } from '../cards/rich.ts';
import { periodFromKey, periodLabel } from '../domain/periods.ts';
import { dateLabel } from '../cards/card-date.ts';

export interface ItemLike {
  itemType: string;
  kind: string;
  payload: Record<string, unknown>;
}

const strOf = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));

function meetingName(t: Prompts, p: Record<string, unknown>): RichPart {
  const meeting = t(dynamicKey(`reminders.meeting.${strOf(p.meetingKind)}`));
  return p.groupName ? richPrompt(t, 'reminders.meeting_group', { meeting, group: strOf(p.groupName) }) : meeting;
}

/** The line of an item (without the snoozed / not-applicable note). */
export function itemText(t: Prompts, item: ItemLike, extra: { reportFigures?: string; today?: string } = {}): Rich {
  const p = item.payload;
  // Cards say 11月30日 (the year only when it is not this year); without today, the plain date.
  const str = (v: unknown) => {
    const s = strOf(v);
    return extra.today && /^\d{4}-\d{2}-\d{2}$/.test(s) ? dateLabel(t, s, extra.today) : s;
  };
  const base = item.kind === 'escalation' ? strOf(p.escalatedFrom) : item.kind;
  const r = (key: PromptKey, vars: Record<string, RichPart>) => richPrompt(t, key, vars);
  let text: Rich;
  switch (item.itemType) {
    case 'meeting': {
      const period = periodFromKey(strOf(p.periodKey));
      // 谈心谈话, 党课 and the like are 开展, meetings proper 召开: the verb is the kind's own.
      const vars = { org: strOf(p.partyOrgName), period: period ? periodLabel(period) : strOf(p.periodKey), meeting: meetingName(t, p), verb: t(dynamicKey(`reminders.verb.${strOf(p.meetingKind)}`)) };
      const days = num(p.days);
      text =
        base === 'overdue'
          ? r('reminders.item.meeting.overdue', { ...vars, days })
          : r('reminders.item.meeting.due_soon', {
              ...vars,
              left: days === 0 ? t('reminders.left.today') : t('reminders.left.days', { days, date: str(p.dueOn) }),
            });
      break;
    }
    case 'visit':
      text = r(base === 'overdue' ? 'reminders.item.visit.overdue' : 'reminders.item.visit.due_soon', {
        org: strOf(p.orgName),
        days: num(p.days),
        date: str(p.dueOn),
      });
      break;
    case 'term':
      text =
        base === 'overdue'
          ? r('reminders.item.term.overdue', { org: strOf(p.partyOrgName), date: str(p.endsOn) })
          : r('reminders.item.term.due', { org: strOf(p.partyOrgName), date: str(p.endsOn), months: num(p.leadMonths) });
      break;
    case 'lead':
      text = r('reminders.item.lead.overdue', {
        workplace: p.workplace ? strOf(p.workplace) : t('reminders.item.lead.unknown_workplace'),
        date: str(p.registeredOn),
      });
      break;
    case 'plan':
      text = r('reminders.item.plan.overdue', { org: strOf(p.orgName), date: str(p.dueOn), days: num(p.days) });
      break;
    case 'training':
      text = r(dynamicKey(`reminders.item.training.${strOf(p.who)}`), {
        org: strOf(p.partyOrgName),
        years: num(p.years),
        last: p.trainedOn ? str(p.trainedOn) : t('reminders.item.training.never'),
        date: str(p.dueOn),
      });
      break;
    case 'reserve':
      text = r('reminders.item.reserve.missing', { org: strOf(p.partyOrgName), min: num(p.min), n: num(p.reserves) });
      break;
    case 'report':
      text = r('reminders.item.report.due', {
        what: strOf(p.what),
        date: str(p.dueOn),
        figures: extra.reportFigures ?? t('reminders.item.report.pending_figures'),
      });
      break;
    default:
      text = [{ text: item.itemType }];
  }
  return item.kind === 'escalation' ? r('reminders.item.escalated', { text }) : text;
}

/** The button that opens the form for the item, prefilled; none for officers' escalations. */
export function itemAction(t: Prompts, item: ItemLike): { label: string; value: ActionValue } | null {
  if (item.kind === 'escalation') return null;
  const p = item.payload;
  switch (item.itemType) {
    case 'meeting':
      return {
        label: t('reminders.btn.log_meeting'),
        value: { cmd: 'start', flow: 'meeting', args: { partyOrgId: p.partyOrgId, kind: p.meetingKind, ...(p.groupId ? { groupId: p.groupId } : {}) } },
      };
    case 'visit':
      return { label: t('reminders.btn.log_visit'), value: { cmd: 'start', flow: 'visit', args: { orgId: p.orgId } } };
    // `keep`: the plan and the lead open as cards of their own, so the digest (or 待办) stays in
    // the chat, to come back to with the item marked (digest-marks.ts), not overwritten by it.
    case 'plan':
      return { label: t('reminders.btn.plan'), value: { h: 'plan.show', orgId: p.orgId, keep: true } };
    case 'lead':
      return { label: t('reminders.btn.open_lead'), value: { h: 'lead.view', leadId: p.leadId, keep: true } };
    case 'training':
      return p.who === 'instructor'
        ? { label: t('reminders.btn.instructor_training'), value: { cmd: 'start', flow: 'instructor-training', args: {} } }
        : { label: t('reminders.btn.people'), value: { cmd: 'start', flow: 'party-org-facts', args: { partyOrgId: p.partyOrgId, part: 'people' } } };
    case 'reserve':
      return { label: t('reminders.btn.people'), value: { cmd: 'start', flow: 'party-org-facts', args: { partyOrgId: p.partyOrgId, part: 'people' } } };
    case 'term':
      return { label: t('reminders.btn.party_org'), value: { cmd: 'run', command: 'party-org', args: { partyOrgId: p.partyOrgId } } };
    default:
      return null;
  }
}
