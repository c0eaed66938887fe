import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { people } from './core.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Where a message stands in the outbox. 'superseded': a digest of an earlier day folded into today's. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'superseded';
export type OutboxKind = 'digest' | 'report_file' | 'bulk';

/**
 * One Feishu message to send, exactly once. `id` is the Feishu `uuid` of the send, so a resend
 * after a crash (same row, same id) is dropped by Feishu within its one-hour window. A row is
 * claimed (status 'sending', lease_until) in a short transaction with FOR UPDATE SKIP LOCKED; a
 * claim whose process died is taken over once the lease has run out.
 */
export const reminderOutbox = pgTable(
  'reminder_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** 'digest:<person>:<day>', 'file:<reminder id>', 'bulk:<bulk id>:<person>': insert on conflict do nothing. */
    dedupeKey: text('dedupe_key').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<OutboxKind>().notNull(),
    /** The working day (Asia/Shanghai) the message belongs to. */
    day: date('day').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** Sent only once this row has been sent (a report file after its digest card). */
    afterId: uuid('after_id'),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    leaseUntil: ts('lease_until'),
    claimedBy: text('claimed_by'),
    lastError: text('last_error'),
    messageId: text('message_id'),
    sentAt: ts('sent_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reminder_outbox_dedupe_uq').on(t.dedupeKey),
    index('reminder_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending')`),
    index('reminder_outbox_day_idx').on(t.day, t.status),
    index('reminder_outbox_person_idx').on(t.personId, t.day),
  ],
);

/**
 * One reminder of one item for one person, planned once: the unique key is (person, item, period,
 * kind, round). `round` is '' normally and the snooze's end date when an item comes back after a
 * snooze. Items are gathered into the day's digest (digest_id) when it is built.
 */
export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /**
     * No foreign keys on this table, on purpose: planning inserts a day's reminders (hundreds of
     * thousands on the first day of a large deployment) in one statement, and a referential check
     * per row doubled its cost. Digests join people, so a reminder of a removed person goes nowhere.
     */
    personId: uuid('person_id').notNull(),
    /** 'meeting' | 'visit' | 'term' | 'lead' | 'report' */
    itemType: text('item_type').notNull(),
    /** e.g. 'meeting:<party org>:general_assembly', 'visit:<instructor>:<org>', 'report:<duty>:<region>' */
    itemKey: text('item_key').notNull(),
    /** The period the item is owed in ('2026-Q1', '2026-03', a due date…). */
    periodKey: text('period_key').notNull(),
    /** 'due_soon' | 'overdue' | 'term_due' | 'term_overdue' | 'lead_late' | 'report_due' | 'escalation' */
    kind: text('kind').notNull(),
    round: text('round').notNull().default(''),
    regionCode: text('region_code'),
    dueOn: date('due_on'),
    plannedOn: date('planned_on').notNull(),
    /** What the card shows and what its button opens (no personal data beyond names of orgs). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** 'pending' until batched; 'suppressed' when snoozed or marked not applicable before it went out. */
    state: text('state').$type<'pending' | 'batched' | 'suppressed'>().notNull().default('pending'),
    /** The outbox row (kind 'digest') that carries it. */
    digestId: uuid('digest_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reminders_dedupe_uq').on(t.personId, t.itemKey, t.periodKey, t.kind, t.round),
    index('reminders_digest_idx').on(t.digestId),
    index('reminders_pending_idx').on(t.personId).where(sql`${t.state} = 'pending'`),
  ],
);

/**
 * A person's answer to a reminder: snooze it until a date, or say it does not apply (with a
 * reason, audited). Not-applicable holds for everyone reminded of that item and period; a snooze
 * only for the person who asked. Officers see both for their region.
 */
export const reminderDispositions = pgTable(
  'reminder_dispositions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    itemKey: text('item_key').notNull(),
    periodKey: text('period_key').notNull(),
    kind: text('kind').$type<'snooze' | 'not_applicable'>().notNull(),
    until: date('until'),
    reason: text('reason'),
    regionCode: text('region_code'),
    /** The item as the card showed it, for the officers' list. */
    label: jsonb('label').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reminder_dispositions_uq').on(t.personId, t.itemKey, t.periodKey),
    index('reminder_dispositions_item_idx').on(t.itemKey, t.periodKey),
    index('reminder_dispositions_region_idx').on(t.regionCode.op('text_pattern_ops')),
  ],
);

/** The figures a report carried when it fell due, so the next report can show "then and now". */
export const reportSnapshots = pgTable(
  'report_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dutyId: text('duty_id').notNull(),
    regionCode: text('region_code').notNull(),
    dueOn: date('due_on').notNull(),
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('report_snapshots_uq').on(t.dutyId, t.regionCode, t.dueOn)],
);

/**
 * What changed since planning last looked (migrations/0017_plan_changes.sql): written only by
 * statement triggers on the tables planning reads, read and deleted by src/db/reminders/plan-changes.ts.
 * party_org_id: the party org a meetings / party_groups / party_orgs change belongs to; null for
 * a table noted as a whole.
 */
export const planChanges = pgTable('plan_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  source: text('source').notNull(),
  partyOrgId: uuid('party_org_id'),
});
