import { ROLES, type Role } from '../../domain/person.ts';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Statistical division codes: province (2 digits), city (4), county (6), township (9). */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    /** 1 province, 2 city, 3 county, 4 township */
    level: smallint('level').notNull(),
    parentCode: text('parent_code'),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode), index('regions_name_idx').on(t.name)],
);

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    mobile: text('mobile'),
    openId: text('open_id'),
    /** 004 §12 党建工作指导员每两年轮训1次: an instructor's last training (migration 0016). */
    instructorTrainedOn: date('instructor_trained_on'),
    /** Region an unregistered person said they belong to when asking to be registered. */
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('people_mobile_uq').on(t.mobile), uniqueIndex('people_open_id_uq').on(t.openId)],
);

export { ROLES, type Role };

/**
 * A role and its scope: officers, instructors and admins have a region; secretaries a party org;
 * members optionally their party org. An instructor's orgs are in instructor_assignments.
 */
export const personRoles = pgTable(
  'person_roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    regionCode: text('region_code').references(() => regions.code),
    partyOrgId: uuid('party_org_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('person_roles_person_idx').on(t.personId),
    // A party org's secretary, by party org (M1's lecturer match; migration 0007).
    index('person_roles_party_org_idx').on(t.partyOrgId),
    uniqueIndex('person_roles_scope_uq').on(
      t.personId,
      t.role,
      sql`coalesce(${t.regionCode}, '')`,
      sql`coalesce(${t.partyOrgId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
  ],
);

/** Registration requests from chat, decided by an admin of the region. */
export const registrationRequests = pgTable(
  'registration_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    openId: text('open_id').notNull(),
    name: text('name').notNull(),
    mobile: text('mobile'),
    regionCode: text('region_code').references(() => regions.code),
    note: text('note'),
    status: text('status').$type<'pending' | 'approved' | 'declined'>().notNull().default('pending'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('registration_requests_status_idx').on(t.status, t.regionCode)],
);

/** Feishu delivers at least once: event_id and message_id keys are kept ≥ 24 h, then pruned. */
export const processedEvents = pgTable(
  'processed_events',
  {
    key: text('key').primaryKey(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [index('processed_events_received_idx').on(t.receivedAt)],
);

/** Durable card-form state, one row per person and flow (design habit 5). */
export const conversations = pgTable(
  'conversations',
  {
    personKey: text('person_key').notNull(),
    flow: text('flow').notNull(),
    flowVersion: integer('flow_version').notNull(),
    step: text('step').notNull(),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
    revision: integer('revision').notNull().default(1),
    status: text('status').$type<'open' | 'done' | 'cancelled' | 'expired'>().notNull().default('open'),
    /** Set when the final submit ran: the saved record, so a repeated submit shows the same result. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    messageId: text('message_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    touchedAt: ts('touched_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personKey, t.flow] }), index('conversations_open_idx').on(t.personKey, t.status)],
);

/** Who did what, when, with before and after; also every view of personal data. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId), index('audit_at_idx').on(t.at)],
);

/** Once-a-day greeting and similar per-person markers. */
export const personMarks = pgTable(
  'person_marks',
  {
    personKey: text('person_key').notNull(),
    mark: text('mark').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personKey, t.mark] })],
);

/** Policy overrides per region (rules as data): deep-partial settings merged down the tree. */
export const policyOverrides = pgTable('policy_overrides', {
  regionCode: text('region_code')
    .primaryKey()
    .references(() => regions.code),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  active: boolean('active').notNull().default(true),
});
