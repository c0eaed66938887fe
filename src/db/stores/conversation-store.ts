import { and, desc, eq, sql } from 'drizzle-orm';
import { conversations } from '../schema/core.ts';
import type { Db, Tx } from '../database.ts';

export type ConversationRow = typeof conversations.$inferSelect;

/** Locks the draft row for the rest of the transaction, so a double click is handled once. */
export async function lockConversation(tx: Tx, personKey: string, flow: string): Promise<ConversationRow | undefined> {
  const rows = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.personKey, personKey), eq(conversations.flow, flow)))
    .for('update');
  return rows[0];
}

export async function getConversation(db: Db | Tx, personKey: string, flow: string): Promise<ConversationRow | undefined> {
  const rows = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.personKey, personKey), eq(conversations.flow, flow)));
  return rows[0];
}

/** The draft the person touched last: the one a stray message refers to. */
export async function currentOpenConversation(db: Db | Tx, personKey: string): Promise<ConversationRow | undefined> {
  const rows = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.personKey, personKey), eq(conversations.status, 'open')))
    .orderBy(desc(conversations.touchedAt))
    .limit(1);
  return rows[0];
}

export async function saveConversation(
  db: Db | Tx,
  row: Omit<ConversationRow, 'createdAt'> & { createdAt?: Date },
): Promise<void> {
  const { createdAt: _c, ...values } = row;
  await db
    .insert(conversations)
    .values(values)
    .onConflictDoUpdate({
      target: [conversations.personKey, conversations.flow],
      set: {
        flowVersion: values.flowVersion,
        step: values.step,
        answers: values.answers,
        revision: values.revision,
        status: values.status,
        result: values.result,
        messageId: values.messageId,
        touchedAt: values.touchedAt,
        createdAt: values.status === 'open' && values.revision === 1 ? sql`now()` : sql`${conversations.createdAt}`,
      },
    });
}

export async function setConversationMessage(db: Db | Tx, personKey: string, flow: string, messageId: string): Promise<void> {
  await db
    .update(conversations)
    .set({ messageId })
    .where(and(eq(conversations.personKey, personKey), eq(conversations.flow, flow)));
}
