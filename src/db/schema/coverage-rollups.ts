/**
 * Coverage rollups (issue 16): the four figures counted per org region and kind, one set per
 * coverage variant (the rules a question is asked under). Written only by the triggers of
 * migrations/0004_coverage_rollups.sql and by the build in src/db/ledger/coverage-rollup-store.ts;
 * a region's coverage is the sum of the rows in its key range.
 */
import { boolean, integer, numeric, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { coverageBases } from './coverage-bases.ts';

export const coverageVariants = pgTable(
  'coverage_variants',
  {
    id: serial('id').primaryKey(),
    /** The rules as one canonical string (only the fields the basis reads). */
    key: text('key').notNull(),
    basis: text('basis').notNull(),
    functionalCounts: boolean('functional_counts').notNull(),
    minFormalMembers: integer('min_formal_members').notNull(),
    countUntransferred: boolean('count_untransferred').notNull(),
    minEmployees: integer('min_employees').notNull(),
    /** 万元, as orgs.revenue. */
    minRevenue: numeric('min_revenue', { mode: 'number' }).notNull(),
    baseId: uuid('base_id').references(() => coverageBases.id, { onDelete: 'cascade' }),
    builtAt: timestamp('built_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('coverage_variants_key_uq').on(t.key)],
);

export const coverageRollups = pgTable(
  'coverage_rollups',
  {
    variantId: integer('variant_id')
      .notNull()
      .references(() => coverageVariants.id, { onDelete: 'cascade' }),
    /** The org's own region_code (a township, or a county for orgs registered there). */
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    inScope: integer('in_scope').notNull(),
    partyOrg: integer('party_org').notNull(),
    standalone: integer('standalone').notNull(),
    work: integer('work').notNull(),
  },
  // The migration also sets fillfactor 70 (room for HOT updates), which drizzle cannot express.
  (t) => [uniqueIndex('coverage_rollups_uq').on(t.variantId, t.regionCode.op('text_pattern_ops'), t.kind)],
);
