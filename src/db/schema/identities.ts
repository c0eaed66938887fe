import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { people } from './core.ts';

export const CHANNELS = ['feishu', 'dingtalk'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * A person's identities on each messenger, one row per person and messenger: Feishu's open_id,
 * or DingTalk's userid (the company staffId, the only id DingTalk's send APIs take) with its
 * unionId. A person may be on both. people.open_id stays as it is for the Feishu code that reads
 * it; this table mirrors it (migration 0003 backfills it, the roster import keeps both in step).
 */
export const personIdentities = pgTable(
  'person_identities',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<Channel>().notNull(),
    externalId: text('external_id').notNull(),
    unionId: text('union_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.channel, t.externalId] }),
    uniqueIndex('person_identities_person_channel_uq').on(t.personId, t.channel),
    index('person_identities_union_idx').on(t.channel, t.unionId),
  ],
);
