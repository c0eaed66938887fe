import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { MeetingKind } from '../../domain/policy/policy-schema.ts';
import { people } from './core.ts';
import { partyGroups, partyOrgs } from './ledger.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export interface Absentee {
  name: string;
  reason: string;
}

/** 民主评议党员: how many formal members got each grade (probationary members are not graded). */
export interface Grades {
  excellent: number;
  qualified: number;
  basic: number;
  unqualified: number;
}

/** A photo or file the secretary sent in chat after logging the meeting; never required. */
export interface MeetingAttachment {
  type: 'image' | 'file';
  /** The resource key in the message it came in (image_key / file_key). */
  key: string;
  messageId: string;
  name: string | null;
  addedAt: string;
}

/**
 * One meeting, logged once by the secretary; obligations, reminders, reports and statistics all
 * read from here (issue 6). Deleted rows are kept (deleted_at) so the audit trail stays readable.
 */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyOrgId: uuid('party_org_id')
      .notNull()
      .references(() => partyOrgs.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<MeetingKind>().notNull(),
    /** 党小组会 only. Set null if the group is removed; group_name keeps what it was called. */
    partyGroupId: uuid('party_group_id').references(() => partyGroups.id, { onDelete: 'set null' }),
    groupName: text('group_name'),
    heldAt: ts('held_at').notNull(),
    /** The Asia/Shanghai calendar date of held_at: what periods are counted by. */
    heldOn: date('held_on').notNull(),
    place: text('place'),
    online: boolean('online').notNull().default(false),
    host: text('host'),
    expected: integer('expected'),
    present: integer('present'),
    absentees: jsonb('absentees').$type<Absentee[]>().notNull().default([]),
    topics: text('topics'),
    /** Decisions (会议决定) or content (内容), as typed. */
    content: text('content'),
    /** 党课 only. */
    lecturer: text('lecturer'),
    title: text('title'),
    /** 民主评议党员 only. */
    grades: jsonb('grades').$type<Grades>(),
    /** A 党员大会 or 党课 held as the month's 主题党日: it counts for both. */
    alsoThemeDay: boolean('also_theme_day').notNull().default(false),
    /** A 党员大会 held as the 换届选举: quorum 4/5 (policy.quorum.election); a quorate one renews the term. */
    election: boolean('election').notNull().default(false),
    /** Warnings the secretary saw and confirmed (e.g. a vote without quorum). */
    warnings: jsonb('warnings').$type<string[]>().notNull().default([]),
    attachments: jsonb('attachments').$type<MeetingAttachment[]>().notNull().default([]),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
    /** One key per draft: a submit that arrives twice writes one row. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    uniqueIndex('meetings_idempotency_uq').on(t.idempotencyKey),
    index('meetings_org_held_idx').on(t.partyOrgId, t.heldOn).where(sql`${t.deletedAt} is null`),
    // Reminder planning's counts (migration 0018 also INCLUDEs party_group_id and also_theme_day,
    // for index-only scans; drizzle cannot express INCLUDE).
    index('meetings_org_kind_held_idx').on(t.partyOrgId, t.kind, t.heldOn).where(sql`${t.deletedAt} is null`),
    index('meetings_created_by_idx').on(t.createdBy, t.createdAt),
  ],
);

export type PartyOrgFact =
  | 'members_formal'
  | 'members_probationary'
  | 'members_untransferred'
  | 'committee_size'
  | 'term_started_on'
  | 'founded_on'
  | 'reserve_secretaries'
  | 'secretary_trained_on'
  | 'workers_trained_on'
  | 'party_group';

/**
 * The history of a party org's facts (members, committee, term, groups) as secretaries keep them
 * current from chat: one row per field changed, so a figure can be read as of any date.
 */
export const partyOrgFactChanges = pgTable(
  'party_org_fact_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyOrgId: uuid('party_org_id')
      .notNull()
      .references(() => partyOrgs.id, { onDelete: 'cascade' }),
    fact: text('fact').$type<PartyOrgFact>().notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    /** The Shanghai date the change was made (the figure holds from that day). */
    effectiveOn: date('effective_on').notNull(),
    changedBy: uuid('changed_by').references(() => people.id, { onDelete: 'set null' }),
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [index('party_org_fact_changes_org_idx').on(t.partyOrgId, t.fact, t.effectiveOn)],
);
