/**
 * A digest comes back with the done item marked (issue 20 item 6): after a person finishes a task
 * (a meeting saved, a visit logged, a lead contacted), each of their recent digests is drawn again
 * with the items that are no longer due marked done and without their buttons, the others as they
 * were, and edited in place (Feishu by message id, DingTalk's template cards by outTrackId).
 *
 * What counts as done comes from the database, never from the button tapped: an item of the
 * digest (its reminder row) is done when the person's current items (the same as 待办) no longer
 * hold its item and period. So a replayed tap marks nothing that is not done, an item done by
 * other means (a typed sentence, the console) is marked too, and a deleted record brings its
 * buttons back on the next mark. This runs after the save has committed: a digest that cannot
 * be edited (deleted, too old) is logged and, when the messenger says so for good, not tried again.
 * An item can also leave 待办 because it was handed over (the org assigned to another instructor,
 * another secretary for the party org): it is done only while the person still holds it, and one
 * handed over is shown without a mark and without its buttons (they would act on an org not theirs).
 */
import type { DoneContext } from '../bot/feature.ts';
import { itemsOfDigests, type DigestItemRow } from '../db/reminders/outbox-store.ts';
import { heldReminderIds, markDigestGone, saveDigestMarks, sentDigestsOf } from '../db/reminders/digest-marks-store.ts';
import { addDays, shanghaiDate, startOfMonth } from '../domain/shanghai-date.ts';
import { errorText } from '../log/error-summary.ts';
import { MessengerError } from '../messenger/messenger-error.ts';
import { digestCard } from './digest-card.ts';
import { digestItems } from './digest-items.ts';
import { itemAction } from './item-text.ts';
import { dueItemsOf, planning, uncoveredWarner } from './planner.ts';

/** Feishu edits messages sent within 14 days; older digests are left as they are. */
export const MARK_DAYS = 14;
/** Digests looked at per finished task: today's and a few before it is plenty. */
const MAX_DIGESTS = 3;

const keyOf = (i: { itemKey: string; periodKey: string }) => `${i.itemKey}\u0000${i.periodKey}`;
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Redraws the person's recent digests whose done items changed; returns how many were edited. */
export async function markDoneOnDigests(ctx: DoneContext): Promise<number> {
  const personId = ctx.person.id;
  if (!personId) return 0;
  const today = shanghaiDate(ctx.clock.now());
  // Only this month's digests: at a month's start the periods move on (last month's 支委会 is no
  // longer reminded, last quarter's after the quarter, a visit's month…), so an item of an older
  // digest can drop out of the current items without anything done; marking it 已记录 would be false.
  const digests = (await sentDigestsOf(ctx.db, personId, addDays(today, -(MARK_DAYS - 1)), MAX_DIGESTS)).filter(
    (d) => startOfMonth(d.day) === startOfMonth(today) && (ctx.messenger.editsInPlace?.(d.messageId) ?? true),
  );
  if (digests.length === 0) return 0;
  const rows = await itemsOfDigests(ctx.db, digests.map((d) => d.id));
  // Only items the digest offered an action for can be done by the person; a report is sent, not
  // marked. A digest of escalations and reports only (an officer's, often) needs no item check.
  const markable = (r: DigestItemRow) => r.kind !== 'escalation' && itemAction(ctx.t, r) !== null;
  if (!rows.some(markable)) return 0;
  const onUncovered = uncoveredWarner(ctx.logger);
  const p = await planning(ctx.db, ctx.clock.now(), onUncovered);
  const due = new Set((await dueItemsOf(ctx.db, personId, p, onUncovered)).map(keyOf));
  const held = await heldReminderIds(ctx.db, personId, rows.filter(markable).map((r) => r.id));
  let edited = 0;
  for (const d of digests) {
    const items = rows.filter((r) => r.digestId === d.id);
    const done = items.filter((r) => markable(r) && held.has(r.id) && !due.has(keyOf(r))).map((r) => r.id).sort();
    if (same(done, d.done)) continue;
    const cardItems = await digestItems(ctx.t, { db: ctx.db, clock: ctx.clock, planning: p, onUncovered }, items);
    cardItems.forEach((c, i) => {
      c.done = done.includes(items[i]!.id);
      c.handedOver = markable(items[i]!) && !held.has(items[i]!.id);
    });
    try {
      await ctx.messenger.updateCard(d.messageId, digestCard(ctx.t, d.day, cardItems));
    } catch (error) {
      const gone = error instanceof MessengerError && !error.retryable;
      ctx.logger.warn('digest not marked', { outboxId: d.id, gone, error: errorText(error) });
      if (gone) await markDigestGone(ctx.db, d.id, errorText(error));
      continue;
    }
    await saveDigestMarks(ctx.db, d.id, done);
    edited++;
  }
  return edited;
}
