import { date, index, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { people } from './core.ts';
import { orgs } from './ledger.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** 实地 / 线上 / 电话. Only on-site visits count towards the cadence (I4 is an on-site rule). */
export const VISIT_WAYS = ['onsite', 'online', 'phone'] as const;
export type VisitWay = (typeof VISIT_WAYS)[number];

/** domain.md "A visit record": 组建党组织, 发展党员, 三会一课, 主题党日, 党费, 阵地建设, 群团组建, 出资人沟通, 其他. */
export const VISIT_TOPICS = ['party_org', 'recruit', 'meetings', 'theme_day', 'dues', 'venue', 'mass_org', 'principal', 'other'] as const;
export type VisitTopic = (typeof VISIT_TOPICS)[number];

/** A photo or file the instructor sent in chat right after logging the visit; never required. */
export interface VisitAttachment {
  type: 'image' | 'file';
  /** The resource key in the message it came in (image_key / file_key). */
  key: string;
  messageId: string;
  name: string | null;
  addedAt: string;
}

/**
 * One guidance visit by a 党建工作指导员 to an org. Deleted rows are kept (deleted_at) so the
 * audit trail stays readable; every reader filters them out.
 */
export const visits = pgTable(
  'visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    instructorId: uuid('instructor_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** The Asia/Shanghai calendar date of the visit. */
    visitedOn: date('visited_on').notNull(),
    way: text('way').$type<VisitWay>().notNull(),
    topics: text('topics').array().$type<VisitTopic[]>().notNull().default(sql`'{}'::text[]`),
    found: text('found'),
    problems: text('problems'),
    nextSteps: text('next_steps'),
    nextPlannedOn: date('next_planned_on'),
    attachments: jsonb('attachments').$type<VisitAttachment[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
    /** One key per draft: a submit that arrives twice writes one row. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    uniqueIndex('visits_idempotency_uq').on(t.idempotencyKey),
    index('visits_org_date_idx').on(t.orgId, t.visitedOn).where(sql`${t.deletedAt} is null`),
    index('visits_instructor_idx').on(t.instructorId, t.createdAt),
  ],
);

/**
 * A problem written in a visit (one per line of "problems"): open until a later visit of the same
 * org marks it solved. Rows of a deleted visit are ignored by every reader (the visit is joined).
 */
export const visitProblems = pgTable(
  'visit_problems',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    /** The line it was on in the visit's "problems", so lists keep the order it was written in. */
    position: smallint('position').notNull().default(0),
    solvedByVisitId: uuid('solved_by_visit_id').references(() => visits.id, { onDelete: 'set null' }),
    solvedOn: date('solved_on'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('visit_problems_org_idx').on(t.orgId).where(sql`${t.solvedByVisitId} is null`), index('visit_problems_visit_idx').on(t.visitId)],
);
