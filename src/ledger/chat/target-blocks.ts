/**
 * The coverage card's "本地区目标进度": the region's own figures against its policy targets (001 一:
 * 80% and 100% of qualifying orgs; 003 二: 超60争100) and the 销号 progress against its frozen base
 * (001 二(四) 挂图作战、销号管理). Only the region's own progress: no ranking of regions.
 */
import { dateLabel } from '../../cards/card-date.ts';
import { button, buttonRow, text } from '../../cards/card-kit.ts';
import { lines, richPrompt } from '../../cards/rich.ts';
import type { Prompts } from '../../bot/prompts.ts';
import { formatRate, type Figures } from '../coverage-report.ts';
import { shortOf, type TargetProgress } from '../crossing-service.ts';

type Block = ReturnType<typeof text>;

function targetLine(t: Prompts, label: string, target: number, count: number, inScope: number) {
  const n = shortOf(target, count, inScope);
  return richPrompt(t, 'ledger.target.line', { label, target, rate: formatRate(count, inScope), count, inScope, gap: n === 0 ? t('ledger.target.reached') : t('ledger.target.short', { n }) });
}

/** `today` (YYYY-MM-DD) decides whether the base's day shows its year. */
export function targetBlocks(t: Prompts, code: string, f: Figures, p: TargetProgress, today: string): Block[] {
  const out: Block[] = [text(richPrompt(t, 'ledger.target.title'))];
  const rows = [targetLine(t, t('ledger.rate.party_org'), p.targets.orgCoveragePct, f.partyOrg, f.inScope), targetLine(t, t('ledger.rate.work'), p.targets.workCoveragePct, f.work, f.inScope)];
  if (p.targets.qualifiedCoveragePct !== null && p.qualified) rows.push(targetLine(t, t('ledger.target.qualified'), p.targets.qualifiedCoveragePct, p.qualified.partyOrg, p.qualified.inScope));
  if (p.crossing) {
    const c = p.crossing.counts;
    rows.push(richPrompt(t, 'ledger.xiaohao.line', { name: p.crossing.base.name, frozenOn: dateLabel(t, p.crossing.base.frozenOn, today), crossed: c.total - c.open, total: c.total, open: c.open }));
  }
  out.push(text(lines(rows)));
  if (p.crossing) {
    out.push(text(richPrompt(t, 'ledger.xiaohao.reasons', p.crossing.counts.byReason), { size: 'small' }));
    const open = p.crossing.counts.open;
    out.push(buttonRow([button(t('ledger.xiaohao.open_button', { count: open }), { h: 'ledger.xiaohao', code, page: 0, keep: true }, { disabled: open === 0 })]));
  }
  return out;
}
