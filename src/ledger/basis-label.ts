import { dateLabel } from '../cards/card-date.ts';
import type { Prompts } from '../bot/prompts.ts';
import type { CoverageReport } from './coverage-report.ts';

/**
 * The basis as people read it; a frozen base list is named with the day it was frozen — as a card
 * reads a day (11月22日), or as given (`iso`: the CLI, whose lines are all YYYY-MM-DD).
 */
export function basisLabel(t: Prompts, r: Pick<CoverageReport, 'basis' | 'base' | 'asOf'>, style: 'card' | 'iso' = 'card'): string {
  if (!r.base) return t(`ledger.basis.${r.basis}`);
  const frozenOn = style === 'card' ? dateLabel(t, r.base.frozenOn, r.asOf) : r.base.frozenOn;
  return t('ledger.basis.frozen_named', { name: r.base.name, frozenOn });
}
