import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** 投诉建议: domain.md asks the bot to offer a feedback entry; admins of the region read it. */
export const feedback = pgTable(
  'feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id'),
    openId: text('open_id').notNull(),
    category: text('category').$type<'suggestion' | 'complaint' | 'question'>().notNull(),
    text: text('text').notNull(),
    regionCode: text('region_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_region_idx').on(t.regionCode, t.createdAt)],
);
