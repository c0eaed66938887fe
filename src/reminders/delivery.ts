/**
 * Sends what the outbox holds, exactly once. Several loops (and several processes, a Worker and a
 * Node service alike) claim disjoint rows with FOR UPDATE SKIP LOCKED, send each with the Feishu
 * `uuid` = the row's id, and mark it. The failure cases:
 * - a crash after the claim: the lease runs out and another claimant sends the row again with the
 *   same uuid, which Feishu (and the console) drop if the first send had gone through;
 * - a failed call: the row goes back to pending with a back-off (next_attempt_at), and after the
 *   policy's attempts it stays failed with its error, visible to the CLI and officers;
 * - a refused call (no such user, bot blocked…), or a person the configured messengers cannot
 *   reach: failed at once, retrying cannot help.
 * DingTalk takes no uuid: its throttling (nothing was sent) is tried again safely; a 5xx or a
 * dropped connection is tried again too (MessengerError.retryable) and may then show twice, since
 * nothing on DingTalk's side drops the repeat.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { enqueueJob, type NewJob } from '../db/jobs/job-store.ts';
import { claimRows, failSpentLeases, itemsOfDigests, markFailed, markSent, nextRetryAt, type ClaimedRow, type DigestItemRow } from '../db/reminders/outbox-store.ts';
import type { Logger } from '../log/logger.ts';
import { MessengerError } from '../messenger/messenger-error.ts';
import type { Card, Messenger, Recipient } from '../messenger/messenger.ts';
import { recipientsByPerson, UNREACHABLE, type Reach } from '../db/stores/recipient-store.ts';
import { retryDelayMs } from './schedule.ts';
import { errorText } from '../log/error-summary.ts';

/**
 * What a row becomes when sent: a card, a file to upload and send, or a job that does the slow
 * part (building a report's workbook) and sends when ready: the row is then done, handed over in
 * one transaction with the job (whose key is the row's: a re-claimed row queues nothing more).
 */
export type Outgoing = { card: Card } | { file: { bytes: Uint8Array; name: string } } | { job: NewJob } | { skip: string };

export type Render = (row: ClaimedRow, items: DigestItemRow[]) => Promise<Outgoing>;

export interface DeliveryOptions {
  db: Db;
  messenger: Messenger;
  /** The messengers people are reached on (recipientsByPerson). */
  reach: Reach;
  clock: Clock;
  logger: Logger;
  render: Render;
  /** Names this process's claims (for the lease and for marks). */
  workerId: string;
  /** policy.reminders.deliveryAttempts */
  maxAttempts: number;
  /** False outside the send window or on a day off: checked before every claim. */
  mayDeliver: (now: Date) => boolean;
  /** Stop claiming after this instant (the tick's time budget). */
  deadline: Date;
  leaseMs?: number;
  /** Rows claimed at a time by each loop. */
  batchSize?: number;
  /** Loops sending at once. */
  concurrency?: number;
  /** Keep going for retries due within this many ms (0: leave them to the next tick). */
  waitForRetriesMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface DeliveryStats {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

export const DEFAULT_LEASE_MS = 120_000;

/**
 * What a failed send means for the row, read from the one MessengerError every messenger throws:
 * refused for good (not retryable), or to try again no sooner than the messenger asked.
 */
function describe(e: unknown): { text: string; permanent: boolean; retryAfterMs: number } {
  if (e instanceof MessengerError) return { text: e.message, permanent: !e.retryable, retryAfterMs: (e.retryAfterSeconds ?? 0) * 1000 };
  return { text: errorText(e), permanent: false, retryAfterMs: 0 };
}

async function sendOne(o: DeliveryOptions, row: ClaimedRow, to: Recipient | undefined, items: DigestItemRow[], stats: DeliveryStats): Promise<void> {
  const random = o.random ?? Math.random;
  try {
    if (!to) throw Object.assign(new Error(UNREACHABLE), { permanent: true });
    const out = await o.render(row, items);
    if ('skip' in out) {
      // Nothing left to say (every item answered meanwhile): done, nothing sent.
      await markSent(o.db, row.id, null, o.clock.now());
      stats.skipped++;
      return;
    }
    if ('job' in out) {
      const now = o.clock.now();
      await o.db.transaction(async (tx) => {
        await enqueueJob(tx, out.job, now);
        await markSent(tx, row.id, null, now);
      });
      stats.sent++;
      return;
    }
    let messageId: string;
    if ('card' in out) {
      messageId = (await o.messenger.sendCard(to, out.card, { uuid: row.id })).messageId;
    } else {
      const { fileKey } = await o.messenger.uploadFile(out.file.bytes, out.file.name);
      messageId = (await o.messenger.sendFile(to, fileKey, { uuid: row.id })).messageId;
    }
    await markSent(o.db, row.id, messageId, o.clock.now());
    stats.sent++;
  } catch (e) {
    const d = describe(e);
    const permanent = d.permanent || (e as { permanent?: boolean }).permanent === true;
    const final = permanent || row.attempts >= o.maxAttempts;
    const retryAt = final ? null : new Date(o.clock.now().getTime() + Math.max(retryDelayMs(row.attempts, random), d.retryAfterMs));
    await markFailed(o.db, row.id, o.workerId, d.text, retryAt);
    if (final) stats.failed++;
    else stats.retrying++;
    o.logger.warn('reminder delivery failed', { outboxId: row.id, kind: row.kind, attempt: row.attempts, final, error: d.text });
  }
}

/** Delivers until nothing is due, the window closes or the deadline passes. */
export async function deliver(o: DeliveryOptions): Promise<DeliveryStats> {
  const stats: DeliveryStats = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
  const batchSize = o.batchSize ?? 10;
  const open = () => {
    const now = o.clock.now();
    return now < o.deadline && o.mayDeliver(now);
  };

  async function loop(): Promise<void> {
    for (;;) {
      if (!open()) return;
      const rows = await claimRows(o.db, { now: o.clock.now(), leaseMs, limit: batchSize, workerId: o.workerId, maxAttempts: o.maxAttempts });
      if (rows.length === 0) {
        const wait = o.waitForRetriesMs ?? 0;
        if (wait <= 0) return;
        const next = await nextRetryAt(o.db, o.maxAttempts);
        const ms = next ? next.getTime() - o.clock.now().getTime() : Infinity;
        if (ms > wait || o.clock.now().getTime() + ms >= o.deadline.getTime()) return;
        await sleep(Math.max(ms, 50));
        continue;
      }
      const digests = rows.filter((r) => r.kind === 'digest').map((r) => r.id);
      const items = await itemsOfDigests(o.db, digests);
      const to = await recipientsByPerson(o.db, rows.map((r) => r.personId), o.reach);
      for (const row of rows) await sendOne(o, row, to.get(row.personId), items.filter((i) => i.digestId === row.id), stats);
    }
  }

  await failSpentLeases(o.db, o.clock.now(), o.maxAttempts);
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 4) }, () => loop()));
  return stats;
}
