/** How visit values read on a card: words from prompts/visits.json, never from code. */
import type { Prompts } from '../../bot/prompts.ts';
import type { Option } from '../../cards/card-kit.ts';
import type { Rich } from '../../cards/document.ts';
import { red, rich } from '../../cards/rich.ts';
import { dateLabel } from '../../cards/card-date.ts';
import type { Formation, OrgStatus } from '../../db/schema/ledger.ts';
import { VISIT_TOPICS, VISIT_WAYS, type VisitTopic, type VisitWay } from '../../db/schema/visits.ts';
import type { VisitCadence } from '../../domain/visit-cadence.ts';

export const wayLabel = (t: Prompts, w: VisitWay) => t(`visit.way.${w}`);
export const topicLabel = (t: Prompts, x: VisitTopic) => t(`visit.topic.${x}`);
export const wayOptions = (t: Prompts): Option[] => VISIT_WAYS.map((w) => ({ value: w, text: wayLabel(t, w) }));
export const topicOptions = (t: Prompts): Option[] => VISIT_TOPICS.map((x) => ({ value: x, text: topicLabel(t, x) }));

/** 单独组建（某某党支部）/ 联合组建（…）/ 未建党组织, plus the operating status when not operating. */
export function partyOrgStatus(t: Prompts, o: { formation: Formation; partyOrgName: string | null; status: OrgStatus }): string {
  const base =
    o.formation === 'none'
      ? t('visit.formation.none')
      : t(`visit.formation.${o.formation}`, { name: o.partyOrgName ?? t('visit.formation.unnamed') });
  return o.status === 'operating' ? base : `${base}${t('visit.org_status_suffix', { status: t(`visit.org_status.${o.status}`) })}`;
}

/** 已逾期 3 天 (red when `red`) / 今天到期 / 下次应在12月31日前; nothing owed to a closed org. */
export function dueLabel(t: Prompts, c: VisitCadence, today: string, o?: { status: string; red?: boolean }): Rich {
  if (o && o.status !== 'operating') return rich(t('visit.due.not_owed'));
  const date = dateLabel(t, c.nextDueOn, today);
  if (c.overdueDays > 0) {
    const text = t('visit.due.overdue', { date, days: c.overdueDays });
    return o?.red ? red(text) : rich(text);
  }
  if (c.daysUntilDue === 0) return rich(t('visit.due.today'));
  return rich(t('visit.due.by', { date }));
}

export function lastVisitLabel(t: Prompts, last: { visitedOn: string; way: VisitWay } | null, today: string): string {
  return last ? t('visit.last.on', { date: dateLabel(t, last.visitedOn, today), way: wayLabel(t, last.way) }) : t('visit.last.none');
}
