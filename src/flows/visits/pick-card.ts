/**
 * How step 1 of the visit flow reads (issue 17 item 4: views are pure): drawn from the view data
 * pick-step.ts loads, with no database handle, so it can be rendered from plain data in a test.
 */
import type { StepView } from '../../bot/flow.ts';
import type { Prompts } from '../../bot/prompts.ts';
import type { Card } from '../../bot/types.ts';
import { button, buttonRow, columns, input, text, type El } from '../../cards/card-kit.ts';
import type { Rich } from '../../cards/document.ts';
import { bold, lines, orange, red, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import type { CalendarDate } from '../../domain/shanghai-date.ts';
import type { ScopedOrg } from '../../db/visits/org-scope-store.ts';
import type { OrgStanding } from '../../db/visits/visit-standing.ts';
import type { Prefill } from './form-answers.ts';
import { dueLabel, lastVisitLabel } from './visit-labels.ts';
import { PICK_ROWS_MAX } from './visit-rules.ts';

export interface PickAnswers {
  q?: string;
  prefill?: Prefill;
  /** Why step 1 was shown instead of the form (an org out of scope, free text not matched). */
  lead?: 'out_of_scope' | 'free_many' | 'free_none';
  /** The name typed in free text that matched nothing ("没有找到“华兴科技”…"). */
  leadName?: string;
}

/** What step 1 shows, read before drawing: the instructor's orgs (most overdue first) and the search hits. */
export interface PickData {
  today: CalendarDate;
  mine: Array<Pick<ScopedOrg, 'id' | 'name' | 'status'> & { standing: Pick<OrgStanding, 'cadence' | 'lastVisit'> }>;
  /** The orgs in scope matching `answers.q`; null when nothing was searched. */
  found: Array<Pick<ScopedOrg, 'id' | 'name' | 'creditCode'>> | null;
}

function orgRow(about: Rich, pick: Record<string, unknown>, label: string): El {
  return columns([
    { elements: [text(about)], weight: 3 },
    { elements: [button(label, pick, { type: 'primary' })], weight: 1 },
  ]);
}

export function pickCard(t: Prompts, view: StepView, d: PickData): Card {
  const a = view.answers as PickAnswers;
  const { today, mine } = d;

  const intro: El[] = [];
  if (a.lead === 'free_none' && a.leadName) intro.push(text(orange(richPrompt(t, 'visit.pick.lead_free_named', { name: a.leadName }))));
  else if (a.lead) intro.push(text(orange(t(`visit.pick.lead_${a.lead}`))));
  if (a.prefill?.found) intro.push(text(t('visit.pick.prefill_hint'), { size: 'small' }));
  if (mine.length === 0) intro.push(text(t('visit.pick.none_assigned')));
  else intro.push(text(t('visit.pick.intro', { n: mine.length })));
  for (const o of mine.slice(0, PICK_ROWS_MAX)) {
    const s = o.standing;
    const due = dueLabel(t, s.cadence, today, { status: o.status, red: true });
    const about = lines([bold(o.name), richPrompt(t, 'visit.pick.row', { last: lastVisitLabel(t, s.lastVisit, today), due })]);
    intro.push(orgRow(about, view.act('pick', { org: o.id }), t('visit.btn.pick')));
  }
  if (mine.length > PICK_ROWS_MAX) intro.push(text(t('visit.pick.more', { n: mine.length - PICK_ROWS_MAX }), { size: 'small' }));

  const footer: El[] = [];
  if (a.q && d.found) {
    footer.push(text(richPrompt(t, 'visit.pick.results', { q: a.q, n: d.found.length })));
    for (const o of d.found) footer.push(orgRow(lines([bold(o.name), o.creditCode]), view.act('pick', { org: o.id }), t('visit.btn.pick')));
  }
  footer.push(buttonRow([button(t('visit.btn.cancel'), view.act('cancel'))]));

  const fields = [
    input({ name: 'q', label: t('visit.pick.search_label'), placeholder: t('visit.pick.search_placeholder'), value: a.q ?? '', maxLength: 100 }),
    ...(view.errors.q ? [text(red(view.errors.q))] : []),
  ];
  return fillTemplate(
    'form-step',
    { title: t('visit.pick.title'), summary: t('visit.pick.title'), color: 'red', formName: 'visit_search' },
    { intro, fields, buttons: [button(t('visit.btn.search'), view.act('search'), { name: 'search', submit: true })], footer },
  );
}
