/** How obligations read on a card: the same words on the kind picker, the confirmation and 本支部. */
import type { Prompts } from '../../bot/prompts.ts';
import type { Rich } from '../../cards/document.ts';
import { bold, green, orange, red, rich } from '../../cards/rich.ts';
import type { Obligation } from '../../domain/meeting-obligations.ts';
import type { Period } from '../../domain/periods.ts';
import { halfOf, monthOf, quarterOf, yearOf } from '../../domain/shanghai-date.ts';
import { MEETING_KINDS, type MeetingKind } from './kinds.ts';
import { hasVoidElection, isInquorate, type InquorateDays } from './inquorate.ts';

export function kindLabel(t: Prompts, kind: MeetingKind, groupName?: string | null): string {
  const k = t(`meetings.kind.${kind}`);
  return groupName ? t('meetings.kind_group', { kind: k, group: groupName }) : k;
}

export function periodShort(t: Prompts, p: Period): string {
  switch (p.kind) {
    case 'month':
      return t('meetings.period.month', { y: yearOf(p.start), m: monthOf(p.start) });
    case 'quarter':
      return t('meetings.period.quarter', { y: yearOf(p.start), q: quarterOf(p.start) });
    case 'half_year':
      return t(halfOf(p.start) === 1 ? 'meetings.period.h1' : 'meetings.period.h2', { y: yearOf(p.start) });
    case 'year':
      return t('meetings.period.year', { y: yearOf(p.start) });
  }
}

export function statusText(t: Prompts, o: Obligation, inquorate?: InquorateDays): string {
  switch (o.status) {
    case 'done':
      if (hasVoidElection(o, inquorate)) return t('meetings.status.done_election_void', { held: o.held });
      return t(isInquorate(o, inquorate) ? 'meetings.status.done_inquorate' : 'meetings.status.done', { held: o.held });
    case 'due':
      return t('meetings.status.due');
    case 'due_soon':
      return t('meetings.status.due_soon', { days: (o.daysLeft ?? 0) + 1 });
    case 'overdue':
      return t('meetings.status.overdue');
    case 'not_owed':
      return t('meetings.status.not_owed');
  }
}

/** One status as rich text, coloured so an overdue one stands out. */
export function statusRich(t: Prompts, o: Obligation, inquorate?: InquorateDays): Rich {
  const s = statusText(t, o, inquorate);
  if (isInquorate(o, inquorate) || hasVoidElection(o, inquorate)) return orange(s);
  if (o.status === 'overdue') return red(s);
  if (o.status === 'due_soon') return orange(s);
  if (o.status === 'done') return green(s);
  return rich(s);
}

export interface Lane {
  kind: MeetingKind;
  groupId?: string;
  obligations: Obligation[];
}

/** Obligations grouped by kind (and party group), in the order of MEETING_KINDS, periods oldest first. */
export function lanesOf(obligations: readonly Obligation[]): Lane[] {
  const out: Lane[] = [];
  for (const kind of MEETING_KINDS) {
    const ofKind = obligations.filter((o) => o.kind === kind);
    const groups = [...new Set(ofKind.map((o) => o.groupId))];
    for (const g of groups) {
      out.push({ kind, ...(g !== undefined ? { groupId: g } : {}), obligations: ofKind.filter((o) => o.groupId === g) });
    }
  }
  return out;
}

/** "支委会：11月 已开 · 12月 待开" lines (the kind in bold), one per kind and group. */
export function obligationLines(t: Prompts, obligations: readonly Obligation[], groupNames: ReadonlyMap<string, string>, inquorate?: InquorateDays): Rich[] {
  return lanesOf(obligations).map((lane) => {
    const label = kindLabel(t, lane.kind, lane.groupId ? (groupNames.get(lane.groupId) ?? '') : null);
    const periods = lane.obligations.map((o, i) => [i > 0 && ' · ', periodShort(t, o.period), ' ', statusRich(t, o, inquorate)]);
    return rich(bold(label), '：', periods);
  });
}

/** The words beside a kind on the picker: this period's status, and the last period's if overdue. */
export function currentStatusText(t: Prompts, lane: Lane | undefined, inquorate?: InquorateDays): string {
  if (!lane || lane.obligations.length === 0) return t('meetings.status.none');
  const cur = lane.obligations[lane.obligations.length - 1]!;
  const prev = lane.obligations.length > 1 ? lane.obligations[lane.obligations.length - 2] : undefined;
  const now = t('meetings.status.this', { period: t(`meetings.period.this.${cur.period.kind}`), status: statusText(t, cur, inquorate) });
  return prev?.status === 'overdue' ? t('meetings.status.with_prev_overdue', { now }) : now;
}
