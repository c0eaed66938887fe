/**
 * A campaign's frozen base list (党建基数, 001: the ledger approved on a given day): a named
 * snapshot of the orgs in statistical scope of a region subtree. Coverage on the `frozen` basis
 * counts these orgs as the denominator whatever happens to the ledger afterwards, while the
 * numerators read each org's current state.
 */
import { date, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { regions } from './core.ts';
import { orgs } from './ledger.ts';

export const coverageBases = pgTable(
  'coverage_bases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    /** The Shanghai calendar day the list was frozen. */
    frozenOn: date('frozen_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Who froze it: 'cli', or the open_id / person of whoever did it from elsewhere. */
    createdBy: text('created_by').notNull(),
  },
  (t) => [uniqueIndex('coverage_bases_region_name_uq').on(t.regionCode, t.name), index('coverage_bases_region_idx').on(t.regionCode, t.frozenOn)],
);

export const coverageBaseOrgs = pgTable(
  'coverage_base_orgs',
  {
    baseId: uuid('base_id')
      .notNull()
      .references(() => coverageBases.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
  },
  (t) => [primaryKey({ columns: [t.baseId, t.orgId] })],
);
