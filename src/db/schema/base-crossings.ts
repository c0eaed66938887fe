/**
 * 销号管理 (001 二(四): 对纳入党建基数的两新组织实行"挂图作战""销号管理"…组建一个销号一个; 002 四
 * 三: 对有关工作实行销号管理): the dated register of orgs of a frozen base list crossed off by
 * an officer, and why. What the ledger already says (a party org, joint coverage, closed) is
 * derived when read (src/db/ledger/base-crossing-store.ts) and needs no row here.
 */
import { check, date, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { coverageBases } from './coverage-bases.ts';
import { orgs } from './ledger.ts';

/**
 * 已建党组织, 联合党组织覆盖, 注销/停业, 核实不在范围 (the reasons 001 二(四) and 002 四 cross an
 * org off for: formed, covered jointly, gone, or verified as not belonging to the base).
 */
export const CROSSING_REASONS = ['party_org', 'joint', 'closed', 'out_of_scope'] as const;
export type CrossingReason = (typeof CROSSING_REASONS)[number];

export const baseCrossings = pgTable(
  'base_crossings',
  {
    baseId: uuid('base_id')
      .notNull()
      .references(() => coverageBases.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    reason: text('reason').$type<CrossingReason>().notNull(),
    /** The Shanghai calendar day the org was crossed off, as the officer states it. */
    crossedOn: date('crossed_on').notNull(),
    note: text('note'),
    /** 'cli', or the person id of the officer who recorded it in chat. */
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'base_crossings_pk', columns: [t.baseId, t.orgId] }),
    check('base_crossings_reason_ck', sql`${t.reason} IN ('party_org', 'joint', 'closed', 'out_of_scope')`),
  ],
);
