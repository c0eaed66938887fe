/**
 * Regional policies taken from the source documents, as data. These are the only place the
 * regions' numbers live; logic reads them through resolvePolicy. A deployment stores the overrides
 * it wants (these or its own) and passes them in.
 */
import type { PolicyOverride } from './resolve-policy.ts';

/** 济南市历城区 (2011): 兼合式 party orgs, instructors on site twice a month. */
export const LICHENG_370112: PolicyOverride = {
  regionCode: '370112',
  name: '济南市历城区',
  source: '003_16ed455582547052.txt',
  settings: {
    // 003 §三1: 正式党员（含未接转组织关系的流动党员、兼职人员党员）3名及以上 … 单独建立党组织
    formation: { countUntransferredMembers: true },
    // 003 §三3: 党建指导员每月至少两次到所联系的单位
    instructors: { visitsPerMonth: 2 },
    // 003 §二: "超60争100", 组织覆盖率超过60%, 工作覆盖率达到100%
    targets: { orgCoveragePct: 60, workCoveragePct: 100, qualifiedCoveragePct: null },
    reports: {
      township_monthly_to_county: {
        enabled: true,
        who: { role: 'officer', level: 'township' },
        to: 'county',
        what: '上月及累计"建组织、扩覆盖"情况',
        monthDays: [25],
        yearDates: [],
        source: '003 末: 从9月份开始，每月25日前报送上月及累计情况',
      },
    },
  },
};

/** 临沂市临沭县 "集中覆盖月" (2020): 规模以上 standalone party orgs and a ledger scope. */
export const LINSHU_371329: PolicyOverride = {
  regionCode: '371329',
  name: '临沂市临沭县',
  source: '002_b2f03b059aaa8545.txt',
  settings: {
    thresholds: {
      // 002 二(一)2: 年营业收入2000万元以上或员工100人以上的规模以上非公有制企业 … 全部完成单独组建
      aboveScale: { standaloneRequired: true, minRevenueWanYuan: 2000, minEmployees: 100 },
      // 002 二(一)5 and 三(一)1: 职工10人以上有固定经营场所 … 从业人员15人以上 … 社会组织
      ledgerScope: { enabled: true, enterpriseMinEmployees: 10, socialOrgMinStaff: 15 },
    },
    // 002 二(二): 对"两新"组织党组织全部选派党建工作指导员 (every party org, not only new ones)
    instructors: { allPartyOrgsNeedOne: true },
    reports: {
      township_monthly_new_orgs: {
        enabled: true,
        who: { role: 'officer', level: 'township' },
        to: 'county',
        what: '新建党组织情况（县委两新工委每月调度）',
        // 002 gives no day; the month's last day is our reading.
        monthDays: [31],
        yearDates: [],
        source: '002 三(三)1: 县委"两新"组织工委将每月对新建党组织情况进行调度',
      },
    },
  },
};

/** 武汉市 "百日攻坚行动" (2016): half-monthly progress reports to the city. */
export const WUHAN_4201: PolicyOverride = {
  regionCode: '4201',
  name: '武汉市',
  source: '001_f4cdcaec58af87db.txt',
  settings: {
    // T7: 001 一 在社会组织，努力做到市级社会团体……建有党的组织 (and 三(二) 确保到11月底，市级社会组织建有党的组织)
    thresholds: { registeredSocialOrgs: { fromLevel: 'city' } },
    // 001 一: 将我市两新组织党组织覆盖率提升到80%以上，符合条件的达到100%覆盖 … 尚不具备条件建立
    // 党组织的，实现党的工作覆盖; 001 三(三): 确保到年底覆盖率提升到80%以上，符合条件的达到100%覆盖
    targets: { orgCoveragePct: 80, workCoveragePct: 100, qualifiedCoveragePct: 100 },
    reports: {
      county_half_monthly_to_city: {
        enabled: true,
        who: { role: 'officer', level: 'county' },
        to: 'city',
        what: '各区各单位工作情况和组建情况',
        monthDays: [10, 25],
        yearDates: [],
        source: '001 三(四): 各区委组织部……每月10日、25日前，向市委组织部报送',
      },
    },
  },
};

export const REGIONAL_PRESETS: readonly PolicyOverride[] = [WUHAN_4201, LICHENG_370112, LINSHU_371329];
