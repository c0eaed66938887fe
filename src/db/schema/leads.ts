import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { people, regions } from './core.ts';
import { orgs, partyOrgs } from './ledger.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** new → contacted → verified → incorporated / transferred; not_member and unreachable close a lead early. */
export const LEAD_STATES = ['new', 'contacted', 'verified', 'incorporated', 'transferred', 'not_member', 'unreachable'] as const;
export type LeadState = (typeof LEAD_STATES)[number];

/** 党员找组织 (self), 组织找党员 (org), 党员找党员 (member). */
export const LEAD_SOURCE_KINDS = ['self', 'org', 'member'] as const;
export type LeadSourceKind = (typeof LEAD_SOURCE_KINDS)[number];

/** 市内 / 省内跨市 / 跨省 (流动党员); 'none' when living and working at home. */
export const AWAY_KINDS = ['none', 'city', 'province', 'country'] as const;
export type AwayKind = (typeof AWAY_KINDS)[number];

/** How the lead reached its assignee (issue 7 §5), kept so the card can say why it is theirs. */
export type AssignedVia = 'party_org' | 'instructor' | 'officers' | 'reassigned';

export type Standing = 'formal' | 'probationary';
export type TakePartAt = 'work' | 'home';
export type Membership = 'primary' | 'participating';

/**
 * A person who may be a party member, found by one of the three ways in. The personal columns
 * (name … note) are nulled when a lead closed as not_member passes the policy's retention
 * (erased_at set); state, region and dates stay so the counts survive.
 */
export const leads = pgTable(
  'leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The self-registrant when the ledger knows them (so a membership can name the person). */
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    name: text('name'),
    /** Normalised mainland mobile (normalizeMobile). */
    mobile: text('mobile'),
    /** Other ways to reach them (党员找党员: "微信同号", "在三楼财务室"). */
    contactNote: text('contact_note'),
    workplaceOrgId: uuid('workplace_org_id').references(() => orgs.id, { onDelete: 'set null' }),
    workplaceText: text('workplace_text'),
    /** `org:<id>` or `text:<normalised name>`: with the name, the duplicate key (issue 7 §6). */
    workplaceKey: text('workplace_key'),
    /** Where the relationship (组织关系) is held now, as told. */
    relationshipAt: text('relationship_at'),
    standing: text('standing').$type<Standing>(),
    joinedYear: integer('joined_year'),
    awayKind: text('away_kind').$type<AwayKind>(),
    awaySince: date('away_since'),
    takePartAt: text('take_part_at').$type<TakePartAt>(),
    note: text('note'),
    state: text('state').$type<LeadState>().notNull().default('new'),
    assigneePersonId: uuid('assignee_person_id').references(() => people.id, { onDelete: 'set null' }),
    assigneePartyOrgId: uuid('assignee_party_org_id').references(() => partyOrgs.id, { onDelete: 'set null' }),
    assignedVia: text('assigned_via').$type<AssignedVia>().notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    contactedAt: ts('contacted_at'),
    /** When it entered a closing state (not_member, unreachable, incorporated, transferred). */
    closedAt: ts('closed_at'),
    /** Set when it became unreachable; the out-of-contact rule runs from here. */
    outOfContactSince: ts('out_of_contact_since'),
    erasedAt: ts('erased_at'),
    /** Bumped on every change: state buttons carry it so an old card cannot act twice. */
    revision: integer('revision').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // One lead per mobile (issue 7 §6); erased leads hold no mobile.
    uniqueIndex('leads_mobile_uq').on(t.mobile).where(sql`${t.mobile} is not null`),
    index('leads_name_workplace_idx').on(t.name, t.workplaceKey),
    index('leads_region_state_idx').on(t.regionCode.op('text_pattern_ops'), t.state),
    index('leads_assignee_idx').on(t.assigneePersonId),
    index('leads_assignee_org_idx').on(t.assigneePartyOrgId),
    check('leads_state_ck', sql`${t.state} in ('new','contacted','verified','incorporated','transferred','not_member','unreachable')`),
  ],
);

/** Who registered the lead, how and when; a duplicate adds a row here instead of a new lead. */
export const leadSources = pgTable(
  'lead_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<LeadSourceKind>().notNull(),
    registeredBy: uuid('registered_by').references(() => people.id, { onDelete: 'set null' }),
    /** For a registrant the ledger does not know (党员找组织 is open to anyone). */
    registrantOpenId: text('registrant_open_id'),
    /** What the registrant said about where the lead came from (erased with the lead). */
    note: text('note'),
    at: ts('at').notNull(),
  },
  (t) => [index('lead_sources_lead_idx').on(t.leadId), index('lead_sources_by_idx').on(t.registeredBy), index('lead_sources_open_idx').on(t.registrantOpenId)],
);

/** Every change of a lead: who, when, from, to, note. The history is never rewritten (notes are erased with the lead). */
export const leadEvents = pgTable(
  'lead_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => people.id, { onDelete: 'set null' }),
    actorLabel: text('actor_label'),
    at: ts('at').notNull(),
    /** 'registered', 'merged', 'assigned', 'state' */
    kind: text('kind').notNull(),
    fromState: text('from_state').$type<LeadState>(),
    toState: text('to_state').$type<LeadState>(),
    note: text('note'),
  },
  (t) => [index('lead_events_lead_idx').on(t.leadId, t.at), index('lead_events_to_idx').on(t.toState, t.at)],
);

/**
 * A member in a party org's members (一方隶属、多重管理): one primary affiliation at most per
 * member, any number of participating ones. A member is counted once, by the primary row when
 * there is one. Identified by the person when the ledger knows them, else by the lead.
 */
export const partyOrgMembers = pgTable(
  'party_org_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyOrgId: uuid('party_org_id')
      .notNull()
      .references(() => partyOrgs.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    /** coalesce(person, lead): the key a member is counted once by. */
    memberKey: text('member_key').notNull(),
    membership: text('membership').$type<Membership>().notNull(),
    since: date('since').notNull(),
    endedOn: date('ended_on'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('party_org_members_primary_uq').on(t.memberKey).where(sql`${t.membership} = 'primary' and ${t.endedOn} is null`),
    uniqueIndex('party_org_members_org_uq').on(t.partyOrgId, t.memberKey).where(sql`${t.endedOn} is null`),
    index('party_org_members_org_idx').on(t.partyOrgId),
    check('party_org_members_membership_ck', sql`${t.membership} in ('primary','participating')`),
  ],
);
