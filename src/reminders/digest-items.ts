/**
 * A digest's reminder rows as the card shows them, with each report's figures worded: the same
 * when the digest is sent and when it is drawn again with items marked done (digest-marks.ts).
 */
import type { Prompts } from '../bot/prompts.ts';
import type { DigestItemRow } from '../db/reminders/outbox-store.ts';
import type { CardItem } from './digest-card.ts';
import { figuresText, reportFigures, reportRef, type ReportDeps } from './report.ts';

export async function digestItems(t: Prompts, reportDeps: ReportDeps, items: readonly DigestItemRow[]): Promise<CardItem[]> {
  const out: CardItem[] = [];
  for (const i of items) {
    const c: CardItem = { itemType: i.itemType, kind: i.kind, payload: i.payload, itemKey: i.itemKey, periodKey: i.periodKey };
    if (i.itemType === 'report') c.reportFigures = figuresText(t, await reportFigures(reportDeps, reportRef(i.payload)));
    out.push(c);
  }
  return out;
}
