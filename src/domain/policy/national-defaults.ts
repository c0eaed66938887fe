/**
 * The policy where no region says otherwise: the national rules of domain.md, each with the
 * document it comes from (file names are in /work/shared/seeds). Region-specific numbers live in
 * regional-presets.ts and nowhere else.
 */
import type { Policy } from './policy-schema.ts';

const defaults: Policy = {
  formation: {
    minFormalMembers: 3, // F1: 000, 001, 004 §6
    countUntransferredMembers: false, // F1b: on only in 兼合式 regions (003)
    jointOrgMaxOrgs: 5, // F4: 004 §8
    generalBranchAboveMembers: 50, // F6: 002 三(二)1
    partyCommitteeAboveMembers: 100, // F6: 002 三(二)1
    // F7: 003 §三1 有正式党员2名的，要通过选派党建指导员等方式……单独建立党组织;
    // 004 §6 有2名正式党员且影响力较大的，可选派……党建工作指导员并转入组织关系帮建
    instructorHelpedMembers: 2,
  },
  thresholds: {
    memberRequiredFromEmployees: 50, // T1: 000, 001, 004 §6
    partyOrgRequiredFromEmployees: 100, // T2: 000, 001, 004 §6
    keySocialOrgs: {
      // T3: 000, 001, 004 §6
      subtypes: ['民办学校', '民办医院', '律师事务所', '会计师事务所', '税务师事务所'],
      partyOrgRequiredFromStaff: 30,
    },
    // T7: 000 一 省级以上社会团体……有党组织. 社会团体 are named by their sub-type: 社会团体 itself and
    // its usual kinds (《社会团体登记管理条例》: 协会、商会、学会); 武汉 (001 一) lowers the level to 市级.
    registeredSocialOrgs: { fromLevel: 'province', subtypes: ['社会团体', '协会', '商会', '学会'] },
    // 规模以上 as 002 二(一)2 defines it (the 2000 万元 line is also NBS's industrial one);
    // T4 itself is off unless a region turns it on.
    aboveScale: { standaloneRequired: false, minRevenueWanYuan: 2000, minEmployees: 100 },
    // T5: no national scope rule; every org is tracked.
    ledgerScope: { enabled: false, enterpriseMinEmployees: null, socialOrgMinStaff: null },
  },
  instructors: {
    // I1 + I2: 002 二(二) 每名党建工作指导员指导"两新"组织党组织不超过5家 … 指导"两新"组织不超过3家.
    // (004 §10 is a different rule, 5 units in all: I1b below, chosen by a region's policy.)
    maxOrgsWithPartyOrg: 5,
    maxOrgsWithoutPartyOrg: 3,
    // I1b: off by default; 004 §10 党建工作指导员联系指导单位原则上不超过5个 (the 宁夏2018 preset sets 5).
    maxOrgsInTotal: null,
    // I3: 000 二6 对新组建的党组织，明确党建工作指导员联系指导; 001 二(六) 对新组建的党组织……
    // 担任第一书记或党建工作指导员联系指导. "New" is not defined there: a year is our reading.
    newPartyOrgMonths: 12,
    // I3 for every party org: 002 二(二) 对"两新"组织党组织全部选派党建工作指导员 (临沭 preset).
    allPartyOrgsNeedOne: false,
    visitsPerMonth: 1, // I4: 004 §10 每月定期实地指导
  },
  // 《中国共产党支部工作条例（试行）》(2018) 第十一至十九条, repeated by 004 §14.
  meetings: {
    general_assembly: { enabled: true, period: 'quarter', count: 1 }, // 条例 第十一条 一般每季度召开1次
    committee: { enabled: true, period: 'month', count: 1 }, // 条例 第十二条 一般每月召开1次
    group: { enabled: true, period: 'month', count: 1 }, // 条例 第十三条 一般每月召开1次
    // 党课: the 条例 (第十五条) only says 党支部应当组织党员按期……上党课 and that 党员领导干部应当定期为
    // 基层党员讲党课，党委（党组）书记每年至少讲1次党课 — no per-branch count. None of the seeds sets
    // one either (004 §14 has only 党组织书记每年至少讲1次党课, the secretary's own duty). Quarterly is
    // the customary 三会一课 reading, kept as the default and configurable; it is not the 条例's rule.
    lecture: { enabled: true, period: 'quarter', count: 1 },
    // 条例 第十六条 (and 004 §14) 每月相对固定1天: the day is the branch's or the region's to choose;
    // no seed names one, so none by default (due by the month's end) and no preset sets it.
    theme_day: { enabled: true, period: 'month', count: 1, fixedDay: null },
    // 条例 第十七条 and 004 §14: 每年至少召开1次组织生活会，一般安排在第四季度 — reminded from 1 October.
    life_meeting: { enabled: true, period: 'year', count: 1, usualQuarter: 4 },
    appraisal: { enabled: true, period: 'year', count: 1 },
    heart_talk: { enabled: true, period: 'year', count: 1 },
  },
  quorum: {
    assembly: { num: 1, den: 2 }, // 条例 第十一条
    committee: { num: 1, den: 2 }, // 条例 第十二条
    election: { num: 4, den: 5 }, // 基层组织选举工作条例
    excellentAtMost: { num: 1, den: 3 }, // 条例 第十九条
  },
  terms: {
    // 《关于党的基层组织任期的意见》(2018), 004 §14
    years: { committee: 5, general_branch: 3, branch: 3, joint_branch: 3, functional_branch: 3 },
    reminderLeadMonths: [3, 1],
    maxShiftMonths: 12,
  },
  coverage: { basis: 'operating', functionalCounts: false },
  targets: { orgCoveragePct: 80, workCoveragePct: 100, qualifiedCoveragePct: null }, // 001
  reminders: {
    dueSoonDays: { month: 3, quarter: 10, half_year: 10, year: 10 },
    escalateAfterOverdueDays: 14,
    deliveryAttempts: 5,
    sendWindow: { from: '08:30', until: '20:00' },
    digestAt: '09:00',
  },
  memberFinding: {
    contactWithinWorkingDays: 3,
    escalateAfterWorkingDays: 2,
    outOfContactMonths: 6, // 《中国共产党党员教育管理工作条例》(2019)
    eraseNotMemberAfterDays: 180,
  },
  people: {
    secretaryTrainingEveryYears: 1, // 004 §12
    workerTrainingEveryYears: 2, // 004 §12
    activistsPerYear: {
      // 004 §11
      enterprise: [
        { fromEmployees: 50, count: 1 },
        { fromEmployees: 100, count: 2 },
      ],
      socialOrg: [{ fromStaff: 30, count: 1 }],
    },
    secretaryReservesMin: 1, // 004 §9
    // M1: off by default — the 条例 (第十五条) puts "每年至少讲1次党课" on 党委（党组）书记 only;
    // 004 §14 党组织书记每年至少讲1次党课 extends it to every party org's secretary (宁夏2018 preset).
    secretaryLecture: { enabled: false, perYear: 1 },
  },
  reports: {
    ledger_recheck: {
      enabled: true,
      who: { role: 'officer', level: 'any' },
      to: 'superior',
      what: '两新组织党建工作基本情况摸底核查，完善工作台账',
      monthDays: [],
      yearDates: ['06-30', '12-31'],
      source: '004 §5 每半年进行1次摸底核查',
    },
    annual_plan: {
      enabled: true,
      who: { role: 'secretary', level: 'party_org' },
      to: 'superior',
      what: '年度党建工作计划',
      monthDays: [],
      // "年初" gives no day; the end of January is our reading.
      yearDates: ['01-31'],
      source: '004 §1 年初制定党建工作计划',
    },
    annual_report: {
      enabled: true,
      who: { role: 'secretary', level: 'party_org' },
      to: 'superior',
      what: '年底向上级党组织述职',
      monthDays: [],
      yearDates: ['12-31'],
      source: '004 §1 年底前向上级党组织述职并接受评议考核',
    },
  },
};

/** Frozen all the way down: a caller that edits the defaults in place would change every region. */
export const NATIONAL_DEFAULTS: Policy = deepFreeze(defaults);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
