/**
 * The ledger file format of interfaces.md: the header row in order, and the words of each
 * enumerated column. Import, export and the drop-down lists all read these, so a file the bot
 * writes is a file the bot reads.
 */
import type { Formation, OrgKind, OrgStatus, PartyOrgType, RegistrationLevel } from '../db/schema/ledger.ts';

export const LEDGER_COLUMNS = [
  '组织名称',
  '统一社会信用代码',
  '组织类别',
  '细分类型',
  '区划代码',
  '经营状态',
  '职工人数',
  '年营业收入（万元）',
  '正式党员数',
  '预备党员数',
  '未转组织关系党员数',
  '党组织名称',
  '组建方式',
  '党组织类型',
  '群团组织',
  '党建工作指导员手机号',
  '出资人（负责人）',
  '出资人是否党员',
  '未建党组织原因',
] as const;

/**
 * Columns added after the template was published: read when a file has them, and a file without
 * them imports as before (an org keeps what it had). The export writes them after the others.
 * The last three are facts of the row's party org (004 §9 后备人才, §12 轮训) that its secretary
 * also keeps from chat: an empty cell there leaves the recorded value alone.
 */
export const LEDGER_OPTIONAL_COLUMNS = ['登记机关级别', '业务主管单位', '书记后备人数', '书记上次轮训日期', '党务工作者上次轮训日期'] as const;

/** The party-org fact columns among them, by the party_orgs field each sets. */
export const PARTY_ORG_FACT_COLUMNS = {
  reserveSecretaries: '书记后备人数',
  secretaryTrainedOn: '书记上次轮训日期',
  workersTrainedOn: '党务工作者上次轮训日期',
} as const satisfies Record<string, (typeof LEDGER_OPTIONAL_COLUMNS)[number]>;

/**
 * 004 §11 入党积极分子: an org's count for the year of the import, the figure the A1 list reads
 * (org_activists, as a secretary reports it from chat). Read on import only, like the columns
 * above when present (an empty cell leaves the recorded count alone); the export does not write
 * it, as it is a yearly report rather than a fact of the ledger.
 */
export const ACTIVISTS_COLUMN = '本年入党积极分子数';

/** Every optional column the import reads. */
export const LEDGER_IMPORT_OPTIONAL_COLUMNS = [...LEDGER_OPTIONAL_COLUMNS, ACTIVISTS_COLUMN] as const;

/** Every column the export writes, in order. */
export const LEDGER_EXPORT_COLUMNS = [...LEDGER_COLUMNS, ...LEDGER_OPTIONAL_COLUMNS] as const;

export type RequiredLedgerColumn = (typeof LEDGER_COLUMNS)[number];
export type OptionalLedgerColumn = (typeof LEDGER_OPTIONAL_COLUMNS)[number];
export type LedgerColumn = RequiredLedgerColumn | OptionalLedgerColumn;
export type ImportOptionalColumn = (typeof LEDGER_IMPORT_OPTIONAL_COLUMNS)[number];

export const KIND_WORDS: Record<OrgKind, string> = { enterprise: '非公企业', social_org: '社会组织' };

/** Only 正常 is in statistical scope (interfaces.md). */
export const STATUS_WORDS: Record<OrgStatus, string> = {
  operating: '正常',
  suspended: '停业',
  bankrupt: '破产',
  deregistered: '注销',
  shell: '空壳',
};

export const FORMATION_WORDS: Record<Formation, string> = { standalone: '单独组建', joint: '联合组建', none: '未建' };

export const PARTY_ORG_TYPE_WORDS: Record<PartyOrgType, string> = {
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  joint_branch: '联合党支部',
  functional_branch: '功能型党支部',
};

/** 登记机关级别: the level of the 登记管理机关 (民政部 / 省、市、县级民政部门). */
export const REGISTRATION_LEVEL_WORDS: Record<RegistrationLevel, string> = { national: '全国', province: '省级', city: '市级', county: '县级' };

/** Other words people write for the same levels (区 and 旗 are county-level; 自治区 province-level). */
export const REGISTRATION_LEVEL_ALIASES: Record<string, RegistrationLevel> = {
  全国: 'national',
  全国性: 'national',
  国家级: 'national',
  国家: 'national',
  民政部: 'national',
  省级: 'province',
  省: 'province',
  自治区: 'province',
  自治区级: 'province',
  直辖市: 'province',
  市级: 'city',
  市: 'city',
  地级: 'city',
  州: 'city',
  县级: 'county',
  县: 'county',
  区级: 'county',
  区: 'county',
  '县（区）级': 'county',
  '县（区）': 'county',
  旗: 'county',
};

export const MASS_ORG_WORDS = ['工会', '共青团', '妇联'] as const;

/** Other names people write for the same mass orgs. */
export const MASS_ORG_ALIASES: Record<string, (typeof MASS_ORG_WORDS)[number]> = {
  工会: '工会',
  工会组织: '工会',
  共青团: '共青团',
  团组织: '共青团',
  团支部: '共青团',
  团委: '共青团',
  妇联: '妇联',
  妇联组织: '妇联',
  妇委会: '妇联',
};

export const YES_NO = ['是', '否'] as const;

/** Separators people use inside one cell for lists (群团组织, 联系单位): 、 , ， ; ； and spaces. */
export const LIST_SEPARATOR = /[、,，;；\s]+/;

/** Reverse lookup: the code for a word, or undefined. */
export function codeOf<K extends string>(words: Record<K, string>, word: string): K | undefined {
  for (const [k, w] of Object.entries(words) as Array<[K, string]>) if (w === word) return k;
  return undefined;
}

/**
 * The sheets after the ledger (临沭 002 一、三(一)2: 附件1 非公企业台账, 附件2 社会组织台账 and the
 * 变更说明 that goes with them). The importer reads only the first sheet, so these never come back in.
 * The seeds name the two tables but do not print their columns: the headings below are the ledger's
 * own words in the 六个清楚 order of 001 (经营、职工、党员、党组织、出资人、未建原因), with a 序号.
 */
export const APPENDIX_SHEETS = {
  enterprise: { sheet: '附表1', title: '非公有制企业法人单位党建工作台账' },
  social_org: { sheet: '附表2', title: '社会组织法人单位党建工作台账' },
} as const satisfies Record<OrgKind, { sheet: string; title: string }>;

/** 附表 columns by kind, each a ledger column (so a cell is the ledger's cell); 序号 comes first. */
export const APPENDIX_COLUMNS = {
  enterprise: ['组织名称', '统一社会信用代码', '细分类型', '区划代码', '经营状态', '职工人数', '年营业收入（万元）', '正式党员数', '预备党员数', '未转组织关系党员数', '党组织名称', '组建方式', '党组织类型', '群团组织', '出资人（负责人）', '出资人是否党员', '未建党组织原因', '党建工作指导员手机号'],
  social_org: ['组织名称', '统一社会信用代码', '细分类型', '登记机关级别', '业务主管单位', '区划代码', '经营状态', '职工人数', '正式党员数', '预备党员数', '未转组织关系党员数', '党组织名称', '组建方式', '党组织类型', '群团组织', '出资人（负责人）', '出资人是否党员', '未建党组织原因', '党建工作指导员手机号'],
} as const satisfies Record<OrgKind, readonly LedgerColumn[]>;

/** 社会组织 count 从业人员 rather than 职工 (002 二(一)5, 三(一)1). */
export const APPENDIX_HEADINGS: Record<OrgKind, Partial<Record<LedgerColumn, string>>> = { enterprise: {}, social_org: { 职工人数: '从业人员数' } };

export const CHANGE_SHEET = '变更说明';
export const CHANGE_COLUMNS = ['变更类型', '组织名称', '统一社会信用代码', '区划代码', '变更项目', '原值', '新值', '原因', '操作人', '时间'] as const;
/** 撤销 is a change of 经营状态 to 注销 or 破产 (the org is kept, outside statistics: 002 三(一)2). */
export const CHANGE_KIND_WORDS = { added: '新增', removed: '撤销', changed: '变更' } as const;
export const REMOVED_STATUSES: readonly OrgStatus[] = ['deregistered', 'bankrupt'];

/** The audit's field names (LedgerView, as the import and chat edits write them) as ledger headings. */
export const FIELD_COLUMNS: Record<string, LedgerColumn> = {
  name: '组织名称',
  creditCode: '统一社会信用代码',
  kind: '组织类别',
  subtype: '细分类型',
  regionCode: '区划代码',
  status: '经营状态',
  employees: '职工人数',
  revenue: '年营业收入（万元）',
  membersFormal: '正式党员数',
  membersProbationary: '预备党员数',
  membersUntransferred: '未转组织关系党员数',
  partyOrgName: '党组织名称',
  formation: '组建方式',
  partyOrgType: '党组织类型',
  massOrgs: '群团组织',
  instructorMobile: '党建工作指导员手机号',
  principalName: '出资人（负责人）',
  principalIsMember: '出资人是否党员',
  noPartyOrgReason: '未建党组织原因',
  registrationLevel: '登记机关级别',
  supervisorUnit: '业务主管单位',
};

/** The 变更说明 sheet's own lines: the period it covers, and what stands in for missing rows. */
export const CHANGE_SHEET_WORDS = {
  title: (since: string | null) => (since ? `${CHANGE_SHEET}（${since} 以来）` : `${CHANGE_SHEET}（全部记录）`),
  none: '本期无变更',
  omitted: (n: number, cap: number) => `另有 ${n} 条变更记录未列出（本表最多 ${cap} 行）`,
};
