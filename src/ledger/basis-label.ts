import type { Prompts } from '../bot/prompts.ts';
import type { CoverageReport } from './coverage-report.ts';

/** The basis as people read it; a frozen base list is named with the day it was frozen. */
export function basisLabel(t: Prompts, r: Pick<CoverageReport, 'basis' | 'base'>): string {
  return r.base ? t('ledger.basis.frozen_named', { name: r.base.name, frozenOn: r.base.frozenOn }) : t(`ledger.basis.${r.basis}`);
}
