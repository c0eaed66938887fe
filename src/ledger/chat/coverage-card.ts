/**
 * The coverage card: the three rates with numerator and denominator and the basis they use, the
 * split by enterprises and social orgs, a bar chart of the child regions, every figure and every
 * compliance list as a button that opens its list, and the export button.
 */
import { barChart, button, buttonRow, hr, text } from '../../cards/card-kit.ts';
import { lines, richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { type PromptKey, type Prompts, dynamicKey } from '../../bot/prompts.ts';
import type { Card } from '../../bot/types.ts';
import { formatRate, ratePercent, type CoverageReport, type Figures } from '../coverage-report.ts';
import type { CheckSummary } from '../compliance-service.ts';
import { basisLabel } from '../basis-label.ts';
import { dateLabel } from '../../cards/card-date.ts';
import type { TargetProgress } from '../crossing-service.ts';
import { targetBlocks } from './target-blocks.ts';

const rateLine = (t: Prompts, key: PromptKey, count: number, inScope: number) =>
  richPrompt(t, 'ledger.card.rate_line', { label: t(key), rate: formatRate(count, inScope), count, inScope });

function kindLine(t: Prompts, kindKey: PromptKey, f: Figures) {
  return richPrompt(t, 'ledger.card.kind_line', {
    kind: t(kindKey),
    inScope: f.inScope,
    partyOrg: formatRate(f.partyOrg, f.inScope),
    standalone: formatRate(f.standalone, f.inScope),
    work: formatRate(f.work, f.inScope),
  });
}

export function coverageCard(t: Prompts, r: CoverageReport, checks: CheckSummary[], progress?: TargetProgress): Card {
  const code = r.region.code;
  const basis = r.basis;
  const f = r.total;
  const body = [
    text(lines([rateLine(t, 'ledger.rate.party_org', f.partyOrg, f.inScope), rateLine(t, 'ledger.rate.standalone', f.standalone, f.inScope), rateLine(t, 'ledger.rate.work', f.work, f.inScope)])),
    text(lines([kindLine(t, 'ledger.kind.enterprise', r.enterprise), kindLine(t, 'ledger.kind.social_org', r.socialOrg)]), { size: 'small' }),
    // The basis is a sentence, not a subtitle: a phone cuts a subtitle past about 20 characters.
    text(t('ledger.card.basis_line', { basis: basisLabel(t, r) }), { size: 'small' }),
  ];
  if (progress) body.push(...targetBlocks(t, code, f, progress, r.asOf));
  const withOrgs = r.children.filter((c) => c.total.inScope > 0);
  if (withOrgs.length) {
    body.push(text(richPrompt(t, 'ledger.card.children_title')));
    body.push(barChart(withOrgs.map((c) => ({ name: c.region.name, value: ratePercent(c.total.partyOrg, c.total.inScope) ?? 0 })), { percent: true }));
  }
  const listButton = (list: string, count: number) =>
    button(t('ledger.card.list_button', { label: t(dynamicKey(`ledger.list.${list}`)), count }), { h: 'ledger.list', code, list, basis, ...(r.base ? { base: r.base.name } : {}), page: 0, keep: true }, { disabled: count === 0 });
  body.push(hr(), text(richPrompt(t, 'ledger.card.lists_title')));
  body.push(
    buttonRow([
      listButton('noPartyOrg', f.inScope - f.partyOrg),
      listButton('noWork', f.inScope - f.work),
      listButton('standalone', f.standalone),
      listButton('joint', f.partyOrg - f.standalone),
      listButton('work', f.work),
      listButton('inScope', f.inScope),
    ]),
  );
  const found = checks.filter((c) => c.count > 0);
  body.push(text(richPrompt(t, 'ledger.card.checks_title')));
  if (found.length) {
    body.push(
      buttonRow(found.map((c) => button(t('ledger.card.list_button', { label: t(`ledger.check.${c.id}.short`), count: c.count }), { h: 'ledger.check', code, check: c.id, page: 0, keep: true }, { type: 'danger' }))),
    );
  }
  const clean = checks.filter((c) => c.count === 0).map((c) => t(`ledger.check.${c.id}.short`));
  if (clean.length) body.push(text(richPrompt(t, 'ledger.card.checks_clean', { list: clean.join('、') }), { size: 'small' }));
  return fillTemplate(
    'message',
    {
      title: t('ledger.card.title', { region: r.region.name }),
      subtitle: t('ledger.card.subtitle', { asOf: dateLabel(t, r.asOf, r.asOf) }),
      summary: t('ledger.card.summary', { region: r.region.name, rate: formatRate(f.partyOrg, f.inScope) }),
      color: 'red',
    },
    { body, buttons: [hr(), buttonRow([button(t('ledger.card.export'), { h: 'ledger.export', code, keep: true }, { type: 'primary' })])] },
  );
}

/** Several regions match the words: one button each, with the parent to tell 市中区 from 市中区. */
export function candidatesCard(t: Prompts, candidates: Array<{ code: string; name: string; parentName: string | null }>, action: 'ledger.cov' | 'ledger.export' | 'ledger.freeze'): Card {
  const shown = candidates.slice(0, 12);
  return fillTemplate('message', { title: t('ledger.pick.title'), summary: t('ledger.pick.title'), color: 'blue' }, {
    body: [text(richPrompt(t, 'ledger.pick.text'))],
    buttons: [
      buttonRow(
        shown.map((c) => button(c.parentName ? t('ledger.pick.option', { name: c.name, parent: c.parentName }) : c.name, { h: action, code: c.code })),
      ),
    ],
  });
}


