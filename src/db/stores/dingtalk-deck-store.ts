import type { Database, Tx } from '../database.ts';
import { lockConversation, saveConversation } from './conversation-store.ts';

/**
 * Durable per-person state of DingTalk's template-free cards (the codes of the buttons a person
 * was shown, and the form being asked one question at a time), kept in the `conversations` table
 * under a flow id no flow has: one row per person (or group), locked while it changes, so a
 * crash mid-form loses nothing and no migration is needed. Its status is never 'open', so the
 * engine's "current draft" never sees it.
 */
export const DECK_FLOW = '~dingtalk-deck';

export async function withDeck<S extends Record<string, unknown>, T>(
  database: Database,
  key: string,
  now: Date,
  empty: () => S,
  /** May write more in the same transaction (the inbox mark); throwing rolls the change back. */
  fn: (state: S, tx: Tx) => T | Promise<T>,
): Promise<T> {
  return database.db.transaction(async (tx: Tx) => {
    const row = await lockConversation(tx, key, DECK_FLOW);
    const state = row ? (row.answers as S) : empty();
    const out = await fn(state, tx);
    await saveConversation(tx, {
      personKey: key,
      flow: DECK_FLOW,
      flowVersion: 1,
      step: 'deck',
      answers: state,
      revision: (row?.revision ?? 0) + 1,
      status: 'done',
      result: null,
      messageId: null,
      touchedAt: now,
    });
    return out;
  });
}
