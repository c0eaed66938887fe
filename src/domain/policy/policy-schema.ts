/**
 * The policy: every number and switch of domain.md as one typed object (design.md "Rules as
 * data"). Code asks the policy and never holds a threshold itself; regions override parts of it
 * (resolve-policy.ts). Objects are strict so that a misspelt override key fails loudly instead
 * of being ignored.
 */
import { z } from 'zod';

/** The meeting kinds a party org owes (domain.md "Meeting cadences"). */
export const MEETING_KINDS = [
  'general_assembly', // 支部党员大会
  'committee', // 支部委员会会议
  'group', // 党小组会, owed by each party group
  'lecture', // 党课
  'theme_day', // 主题党日
  'life_meeting', // 组织生活会
  'appraisal', // 民主评议党员
  'heart_talk', // 谈心谈话
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const PERIOD_KINDS = ['month', 'quarter', 'half_year', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** 党委, 党总支, 党支部, 联合党支部, 功能型党支部. */
export const PARTY_ORG_TYPES = ['committee', 'general_branch', 'branch', 'joint_branch', 'functional_branch'] as const;
export type PartyOrgType = (typeof PARTY_ORG_TYPES)[number];

/**
 * The denominator of coverage figures: all operating orgs in the ledger; orgs with at least
 * formation.minFormalMembers formal members (具备组建条件); 规模以上 enterprises
 * (thresholds.aboveScale); or a campaign's frozen base list (党建基数).
 */
export const COVERAGE_BASES = ['operating', 'qualified', 'above_scale', 'frozen'] as const;
export type CoverageBasis = (typeof COVERAGE_BASES)[number];

/** A social org's 登记管理机关 level, lowest first (T7 compares by this order). */
export const REGISTRATION_LEVELS = ['county', 'city', 'province', 'national'] as const;
export type RegistrationLevel = (typeof REGISTRATION_LEVELS)[number];

export const REPORT_LEVELS = ['province', 'city', 'county', 'township', 'party_org', 'any'] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];

const whole = z.number().int().min(0);
const positive = z.number().int().min(1);
const percent = z.number().min(0).max(100);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
/** An exact fraction, so "more than half" is compared without floating point: n·den > total·num. */
const fraction = z.strictObject({ num: whole, den: positive });

const cadence = z.strictObject({
  /** A region may drop a kind (e.g. no fixed 党课 cadence) without deleting its history. */
  enabled: z.boolean(),
  period: z.enum(PERIOD_KINDS),
  /** Meetings owed per period. */
  count: positive,
  /**
   * A yearly kind usually held in this quarter (组织生活会: 一般安排在第四季度) is due-soon, and
   * reminded, from that quarter's first day instead of only in the year's last days.
   */
  usualQuarter: z.number().int().min(1).max(4).optional(),
  /**
   * A monthly kind held on a fixed day of the month (主题党日: 条例 第十六条 and 004 §14 每月相对固定1天):
   * due on that day (the month's last day when shorter), reminded in the dueSoonDays before it and
   * overdue from the day after. Null: due by the month's end. 31 means the last day.
   */
  fixedDay: z.number().int().min(1).max(31).nullable().optional(),
});

const reportDuty = z
  .strictObject({
    enabled: z.boolean(),
    /** Who reports: the role and the level it works at ('any' = every level). */
    who: z.strictObject({ role: z.enum(['officer', 'secretary', 'instructor']), level: z.enum(REPORT_LEVELS) }),
    /** To whom: a level, or 'superior' for the next level up. */
    to: z.union([z.enum(REPORT_LEVELS), z.literal('superior')]),
    /** What is reported, as the UI shows it. */
    what: z.string().min(1),
    /** Due on these days of every month; 31 means the month's last day, whatever its length. */
    monthDays: z.array(z.number().int().min(1).max(31)),
    /** Due on these dates (MM-DD) of every year; half-yearly is ['06-30', '12-31']. */
    yearDates: z.array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected MM-DD')),
    /** The document and clause the duty comes from. */
    source: z.string(),
  })
  .refine((d) => d.monthDays.length + d.yearDates.length > 0, 'a report duty needs at least one due day');

export const policySchema = z.strictObject({
  formation: z.strictObject({
    /** F1: this many formal members → the org must have its own party org. */
    minFormalMembers: positive,
    /** F1b: members who have not transferred their relationship count towards F1 (兼合式 regions). */
    countUntransferredMembers: z.boolean(),
    /** F4: a joint party org covers at most this many orgs. */
    jointOrgMaxOrgs: positive,
    /** F6: a party org with more members than this is expected to be a 党总支 … */
    generalBranchAboveMembers: positive,
    /** … and with more than this, a 党委. */
    partyCommitteeAboveMembers: positive,
    /**
     * F7: an org with exactly this many formal members (one short of a party org) is organised
     * through an instructor (003 §三1, 004 §6).
     */
    instructorHelpedMembers: positive,
  }),
  thresholds: z.strictObject({
    /** T1: an enterprise with at least this many employees must have a party member. */
    memberRequiredFromEmployees: positive,
    /** T2: an enterprise with at least this many employees must have a party org. */
    partyOrgRequiredFromEmployees: positive,
    /** T3: social orgs of these sub-types with at least this many staff must have a party org. */
    keySocialOrgs: z.strictObject({ subtypes: z.array(z.string().min(1)), partyOrgRequiredFromStaff: positive }),
    /**
     * T7: social orgs registered at fromLevel or above (登记管理机关), of these sub-types (matched
     * as contained words, as T3's; empty = every social org), must have a party org. Null: off.
     */
    registeredSocialOrgs: z.strictObject({ fromLevel: z.enum(REGISTRATION_LEVELS).nullable(), subtypes: z.array(z.string().min(1)) }),
    /**
     * 规模以上 enterprise: revenue ≥ minRevenueWanYuan (万元) or ≥ minEmployees. Used by the
     * 'above_scale' coverage basis; T4 (standaloneRequired) demands a standalone party org of each.
     */
    aboveScale: z.strictObject({
      standaloneRequired: z.boolean(),
      minRevenueWanYuan: z.number().min(0),
      minEmployees: positive,
    }),
    /**
     * T5: the ledger tracks only enterprises with at least this many employees (and fixed
     * premises) and social orgs with at least this many staff. Off: every org is tracked.
     * The numbers are null when no region has set them.
     */
    ledgerScope: z
      .strictObject({ enabled: z.boolean(), enterpriseMinEmployees: whole.nullable(), socialOrgMinStaff: whole.nullable() })
      .refine(
        (s) => !s.enabled || (s.enterpriseMinEmployees !== null && s.socialOrgMinStaff !== null),
        'ledgerScope needs both numbers when enabled',
      ),
  }),
  instructors: z.strictObject({
    /** I1: at most this many assigned orgs that have a party org. */
    maxOrgsWithPartyOrg: positive,
    /** I2: at most this many assigned orgs that have none. */
    maxOrgsWithoutPartyOrg: positive,
    /**
     * I1b: at most this many assigned units in all, with or without a party org. Null: I1 and I2
     * apply; a number: this cap applies instead of them (a region chooses one rule or the other).
     */
    maxOrgsInTotal: positive.nullable(),
    /** I3: a party org founded within this many months counts as newly formed and needs an instructor. */
    newPartyOrgMonths: positive,
    /** I3: every party org needs an instructor, however old (a region's stricter rule). */
    allPartyOrgsNeedOne: z.boolean(),
    /**
     * I4: on-site visits owed per assigned org per month. Capped at 4: more would be a weekly
     * check-in, which the 减负 rules forbid in spirit.
     */
    visitsPerMonth: z.number().int().min(1).max(4),
  }),
  meetings: z.strictObject({
    general_assembly: cadence,
    committee: cadence,
    group: cadence,
    lecture: cadence,
    theme_day: cadence,
    life_meeting: cadence,
    appraisal: cadence,
    heart_talk: cadence,
  }),
  quorum: z.strictObject({
    /** 党员大会: more than this share of members with voting rights present (and a vote passes by it). */
    assembly: fraction,
    /** 支委会: more than this share of committee members present. */
    committee: fraction,
    /** Elections: more than this share of members with voting rights present. */
    election: fraction,
    /** 民主评议: at most this share of formal members graded 优秀. */
    excellentAtMost: fraction,
  }),
  terms: z.strictObject({
    /** Term length in years by party-org type. */
    years: z.strictObject({
      committee: positive,
      general_branch: positive,
      branch: positive,
      joint_branch: positive,
      functional_branch: positive,
    }),
    /** Remind this many months before the term ends (each one a reminder). */
    reminderLeadMonths: z.array(positive).min(1),
    /** An election may be delayed or brought forward by at most this many months, with approval. */
    maxShiftMonths: whole,
  }),
  coverage: z.strictObject({
    basis: z.enum(COVERAGE_BASES),
    /** Whether 功能型 party orgs count towards organisation coverage. */
    functionalCounts: z.boolean(),
  }),
  /**
   * The region's targets, shown beside its own figures on the coverage card (never as a ranking
   * of regions): 党组织覆盖率 and 党的工作覆盖率, and where a document sets one, the share of
   * qualifying orgs (具备组建条件, the 'qualified' basis) with a party org. Null: no such target.
   */
  targets: z.strictObject({ orgCoveragePct: percent, workCoveragePct: percent, qualifiedCoveragePct: percent.nullable() }),
  reminders: z.strictObject({
    /** A period is due-soon in its last N days, by period kind (monthly kinds get fewer). */
    dueSoonDays: z.strictObject({ month: whole, quarter: whole, half_year: whole, year: whole }),
    /** Tell the officers once something has been overdue this many days. */
    escalateAfterOverdueDays: positive,
    /** Give up on a message after this many delivery attempts. */
    deliveryAttempts: positive,
    /** Messages go out only inside this window (Shanghai time); outside it the bot is quiet. */
    sendWindow: z.strictObject({ from: hhmm, until: hhmm }),
    /** When the daily digest goes out. */
    digestAt: hhmm,
  }),
  memberFinding: z.strictObject({
    /** A lead must be contacted within this many working days. */
    contactWithinWorkingDays: positive,
    /** Escalate to the region's officers this many further working days after that. */
    escalateAfterWorkingDays: positive,
    /** Flag a member out of contact for this many months (停止党籍 procedure). */
    outOfContactMonths: positive,
    /** Erase the personal data of a lead closed as not a member after this many days. */
    eraseNotMemberAfterDays: positive,
  }),
  people: z.strictObject({
    /** Training: a secretary every N years; party workers and instructors every M years (004 §12). */
    secretaryTrainingEveryYears: positive,
    workerTrainingEveryYears: positive,
    /** 入党积极分子 per year by size, largest threshold that applies wins (004 §11). */
    activistsPerYear: z.strictObject({
      enterprise: z.array(z.strictObject({ fromEmployees: positive, count: positive })),
      socialOrg: z.array(z.strictObject({ fromStaff: positive, count: positive })),
    }),
    /** 书记后备: reserves each party org keeps (004 §9). */
    secretaryReservesMin: whole,
    /**
     * M1: the party org's secretary lectures a 党课 at least perYear times a year (004 §14). A
     * year is judged when it has ended; a 党课 counts when its lecturer is the secretary.
     */
    secretaryLecture: z.strictObject({ enabled: z.boolean(), perYear: positive }),
  }),
  /** Reports that fall due, keyed by a stable id so a region can change or switch off one. */
  reports: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), reportDuty),
});

export type Policy = z.infer<typeof policySchema>;
export type MeetingCadence = z.infer<typeof cadence>;
export type ReportDuty = z.infer<typeof reportDuty>;
export type Fraction = z.infer<typeof fraction>;
