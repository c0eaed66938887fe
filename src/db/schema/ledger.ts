import {
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { people, regions } from './core.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export type OrgKind = 'enterprise' | 'social_org';
export type OrgStatus = 'operating' | 'suspended' | 'bankrupt' | 'deregistered' | 'shell';
export type Formation = 'standalone' | 'joint' | 'none';
/** The same names as the policy's PartyOrgType (terms and F6 look types up there). */
export type PartyOrgType = 'committee' | 'general_branch' | 'branch' | 'joint_branch' | 'functional_branch';
/** The level of a social org's 登记管理机关; the same names as the policy's RegistrationLevel (T7). */
export type RegistrationLevel = 'national' | 'province' | 'city' | 'county';

/** A party organisation (党组织). A joint one covers several orgs. */
export const partyOrgs = pgTable(
  'party_orgs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type').$type<PartyOrgType>().notNull(),
    formation: text('formation').$type<'standalone' | 'joint'>().notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    foundedOn: date('founded_on'),
    termStartedOn: date('term_started_on'),
    membersFormal: integer('members_formal').notNull().default(0),
    membersProbationary: integer('members_probationary').notNull().default(0),
    membersUntransferred: integer('members_untransferred').notNull().default(0),
    committeeSize: integer('committee_size').notNull().default(0),
    themeDay: integer('theme_day'),
    /** 004 §9 后备人才 (书记后备): how many the secretary reports; null = not reported. */
    reserveSecretaries: integer('reserve_secretaries'),
    /** 004 §12 轮训: the secretary's last training, and the party workers' (党务工作者). */
    secretaryTrainedOn: date('secretary_trained_on'),
    workersTrainedOn: date('workers_trained_on'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('party_orgs_name_uq').on(t.name), index('party_orgs_region_idx').on(t.regionCode.op('text_pattern_ops'))],
);

/** 党小组: 党小组会 are owed per group. */
export const partyGroups = pgTable(
  'party_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyOrgId: uuid('party_org_id')
      .notNull()
      .references(() => partyOrgs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('party_groups_uq').on(t.partyOrgId, t.name)],
);

/** One row per enterprise or social organisation in the ledger (台账). */
export const orgs = pgTable(
  'orgs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    creditCode: text('credit_code'),
    kind: text('kind').$type<OrgKind>().notNull(),
    subtype: text('subtype'),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    status: text('status').$type<OrgStatus>().notNull().default('operating'),
    employees: integer('employees').notNull().default(0),
    /** 年营业收入, in 万元 */
    revenue: numeric('revenue', { precision: 14, scale: 2, mode: 'number' }),
    membersFormal: integer('members_formal').notNull().default(0),
    membersProbationary: integer('members_probationary').notNull().default(0),
    membersUntransferred: integer('members_untransferred').notNull().default(0),
    formation: text('formation').$type<Formation>().notNull().default('none'),
    partyOrgId: uuid('party_org_id').references(() => partyOrgs.id, { onDelete: 'set null' }),
    /**
     * Copy of party_orgs.type, kept by src/db/ledger whenever an org is linked or a party org's
     * type changes: coverage counts 功能型 orgs differently, and reading the type here keeps the
     * coverage aggregate a scan of one table (no join over a million rows).
     */
    partyOrgType: text('party_org_type').$type<PartyOrgType>(),
    massOrgs: text('mass_orgs').array().notNull().default(sql`'{}'::text[]`),
    /** 党建工作指导员手机号 as the ledger gives it; kept even before the roster knows the person. */
    instructorMobile: text('instructor_mobile'),
    /**
     * An instructor is assigned (an instructor_assignments row, or a mobile in the ledger):
     * kept by src/db/ledger in the same transaction as the assignments, for the same reason.
     */
    hasInstructor: boolean('has_instructor').notNull().default(false),
    principalName: text('principal_name'),
    principalIsMember: boolean('principal_is_member'),
    noPartyOrgReason: text('no_party_org_reason'),
    /**
     * 一企一策 / 一社一策 (000 二1; 武汉 二(三); 临沭 三(二)2), kept by src/db/ledger/org-plan-store.ts:
     * plan is the measures (措施), with the 完成时限, the 责任人 as written, and who last recorded it.
     */
    plan: text('plan'),
    planDueOn: date('plan_due_on'),
    planOwner: text('plan_owner'),
    planUpdatedAt: ts('plan_updated_at'),
    planUpdatedBy: uuid('plan_updated_by').references(() => people.id, { onDelete: 'set null' }),
    /** Social orgs: the level of the 登记管理机关 (optional ledger column 登记机关级别). */
    registrationLevel: text('registration_level').$type<RegistrationLevel>(),
    /** Social orgs: 业务主管单位, which keeps the ledger of a 市级 social org that has one (001 二(三)). */
    supervisorUnit: text('supervisor_unit'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orgs_credit_code_uq').on(t.creditCode),
    index('orgs_region_idx').on(t.regionCode.op('text_pattern_ops')),
    // The export's order (src/db/ledger/ledger-export-query.ts pages by it).
    index('orgs_export_order_idx').on(t.regionCode, t.name, t.id),
    index('orgs_name_region_idx').on(t.name, t.regionCode),
    index('orgs_party_org_idx').on(t.partyOrgId),
    index('orgs_plan_due_idx').on(t.planDueOn).where(sql`${t.planDueOn} is not null`),
    // The lists behind coverage figures, read a page at a time after a cursor in this order.
    index('orgs_list_idx').on(t.regionCode.op('text_pattern_ops'), t.name, t.id),
    // Every column the coverage and compliance predicates read, so those aggregates are
    // index-only scans of a region's key range (drizzle has no INCLUDE, hence key columns).
    index('orgs_coverage_idx').on(
      t.regionCode.op('text_pattern_ops'),
      t.kind,
      t.status,
      t.formation,
      t.partyOrgType,
      t.hasInstructor,
      t.membersFormal,
      t.membersProbationary,
      t.membersUntransferred,
      t.employees,
      t.revenue,
      t.massOrgs,
    ),
  ],
);

/** 入党积极分子 of an org in a year (004 §11), as its party org's secretary reports them. */
export const orgActivists = pgTable(
  'org_activists',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    count: integer('count').notNull(),
    reportedBy: uuid('reported_by').references(() => people.id, { onDelete: 'set null' }),
    reportedAt: ts('reported_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.year] })],
);

/** 党建工作指导员 ↔ org. Exceptions past the caps carry the officer's reason. */
export const instructorAssignments = pgTable(
  'instructor_assignments',
  {
    instructorId: uuid('instructor_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    assignedOn: date('assigned_on').notNull(),
    exceptionReason: text('exception_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.instructorId, t.orgId] }), index('instructor_assignments_org_idx').on(t.orgId)],
);

/** One run of `import-ledger` (CLI or chat): what came in, from whom, why, and how it ended. */
export const ledgerImports = pgTable(
  'ledger_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fileName: text('file_name').notNull(),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label'),
    status: text('status').$type<'running' | 'done' | 'failed'>().notNull().default('running'),
    imported: integer('imported').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    warnings: integer('warnings').notNull().default(0),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    /** Renewed by every committed chunk; a `running` import whose heartbeat is older than a lease has lost its process. */
    heartbeatAt: ts('heartbeat_at'),
  },
  (t) => [index('ledger_imports_started_idx').on(t.startedAt)],
);
