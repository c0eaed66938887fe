import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export type JobState = 'pending' | 'running' | 'done' | 'failed';

/** The durable queue of background work (migrations/0008_jobs.sql says why it looks like this). */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    uniqueKey: text('unique_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    state: text('state').$type<JobState>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAt: ts('run_at').notNull(),
    leaseUntil: ts('lease_until'),
    claimedBy: text('claimed_by'),
    lastError: text('last_error'),
    progress: jsonb('progress').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts('created_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_unique_key_uq').on(t.uniqueKey),
    index('jobs_due_idx').on(t.runAt).where(sql`${t.state} IN ('pending', 'running')`),
    index('jobs_state_idx').on(t.state, t.createdAt),
    check('jobs_state_ck', sql`${t.state} IN ('pending', 'running', 'done', 'failed')`),
  ],
);
