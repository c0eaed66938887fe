/**
 * A page of the orgs (or party orgs, or instructors) behind a figure or a compliance list, ten at
 * a time, with paging and a way back to the coverage card. Instructors' mobiles are masked.
 *
 * One column: each row is the name with its facts stacked under it, so a phone (375 px) shows
 * the facts without a sideways swipe. The street is left out when the list is of one street.
 */
import { button, buttonRow, factsTable, text } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import type { Prompts } from '../../bot/prompts.ts';
import type { Card } from '../../bot/types.ts';
import type { ComplianceItem } from '../../db/ledger/compliance-query.ts';
import type { OrgListItem, Page } from '../../db/ledger/coverage-query.ts';
import { maskMobile } from '../../domain/mobile.ts';
import { FORMATION_WORDS, PARTY_ORG_TYPE_WORDS } from '../ledger-template.ts';

export const PAGE_SIZE = 10;

type Item = ComplianceItem | ({ entity?: undefined } & OrgListItem);

/** What a list adds to each row's note: whether an instructor is assigned (F7), when it was founded (I3). */
export type ListDetail = 'instructor' | 'founded';

/** The facts of a row, in reading order (the place first, unless the title names it). */
function facts(t: Prompts, it: Item, regionName: string, detail?: ListDetail): string[] {
  if (it.entity === 'party_org') {
    const note =
      detail === 'founded' && it.foundedOn
        ? t('ledger.list.party_org_note_founded', { orgs: it.orgCount, members: it.members, founded: it.foundedOn })
        : t('ledger.list.party_org_note', { orgs: it.orgCount, members: it.members });
    return [PARTY_ORG_TYPE_WORDS[it.type], note];
  }
  if (it.entity === 'instructor') return [it.mobile ? maskMobile(it.mobile) : '', t('ledger.list.instructor_note', { with: it.withPartyOrg, without: it.withoutPartyOrg })];
  const vars = { employees: it.employees, members: it.membersFormal, formation: FORMATION_WORDS[it.formation as keyof typeof FORMATION_WORDS] ?? '' };
  const note =
    detail === 'instructor'
      ? t('ledger.list.org_note_instructor', { ...vars, instructor: t(it.hasInstructor ? 'ledger.list.instructor_assigned' : 'ledger.list.instructor_missing') })
      : t('ledger.list.org_note', vars);
  return [it.regionName === regionName ? '' : it.regionName, note];
}

export function listCard(
  t: Prompts,
  o: { regionName: string; title: string; page: Page<Item>; pageNo: number; value: Record<string, unknown>; backCode: string; detail?: ListDetail },
): Card {
  const { total, items } = o.page;
  const from = o.pageNo * PAGE_SIZE + 1;
  const to = o.pageNo * PAGE_SIZE + items.length;
  const body = [];
  if (items.length === 0) body.push(text(richPrompt(t, 'ledger.list.empty')));
  else {
    const rows = items.map((it) => ({ name: it.name, facts: facts(t, it, o.regionName, o.detail) }));
    body.push(factsTable(t('ledger.list.col_name'), rows, t('card.fact_sep'), PAGE_SIZE));
  }
  const nav = [];
  if (o.pageNo > 0) nav.push(button(t('ledger.list.prev'), { ...o.value, page: o.pageNo - 1 }));
  if (to < total) nav.push(button(t('ledger.list.next'), { ...o.value, page: o.pageNo + 1 }, { type: 'primary' }));
  nav.push(button(t('ledger.list.back'), { h: 'ledger.cov', code: o.backCode }));
  return fillTemplate(
    'message',
    {
      title: t('ledger.list.title', { region: o.regionName, list: o.title }),
      subtitle: total ? t('ledger.list.subtitle', { total, from, to }) : '',
      summary: o.title,
      color: 'blue',
    },
    { body, buttons: [buttonRow(nav)] },
  );
}
