/**
 * One ledger row, checked on its own (no database): every problem of the row is reported, so the
 * person fixing the rejected file sees them all at once. Problems are codes with parameters; the
 * words are in prompts/ledger.json (`ledger.issue.<code>`).
 */
import type { Formation, OrgKind, OrgStatus, PartyOrgType, RegistrationLevel } from '../db/schema/ledger.ts';
import { checkCreditCode } from '../domain/credit-code.ts';
import { hasControlChars } from '../domain/control-chars.ts';
import { isMainlandMobile, normalizeMobile } from '../domain/mobile.ts';
import {
  codeOf,
  FORMATION_WORDS,
  KIND_WORDS,
  LEDGER_COLUMNS,
  LEDGER_OPTIONAL_COLUMNS,
  LEDGER_IMPORT_OPTIONAL_COLUMNS,
  ACTIVISTS_COLUMN,
  type ImportOptionalColumn,
  LIST_SEPARATOR,
  MASS_ORG_ALIASES,
  PARTY_ORG_FACT_COLUMNS,
  PARTY_ORG_TYPE_WORDS,
  REGISTRATION_LEVEL_ALIASES,
  STATUS_WORDS,
  type LedgerColumn,
  type OptionalLedgerColumn,
  type RequiredLedgerColumn,
} from './ledger-template.ts';

export interface LedgerRecord {
  rowNumber: number;
  name: string;
  creditCode: string | null;
  kind: OrgKind;
  subtype: string | null;
  regionCode: string;
  status: OrgStatus;
  employees: number;
  revenue: number | null;
  membersFormal: number;
  membersProbationary: number;
  membersUntransferred: number;
  partyOrgName: string | null;
  formation: Formation;
  partyOrgType: PartyOrgType | null;
  massOrgs: string[];
  instructorMobile: string | null;
  principalName: string | null;
  principalIsMember: boolean | null;
  noPartyOrgReason: string | null;
  /** Optional columns: undefined when the file has no such column (the org keeps its value). */
  registrationLevel?: RegistrationLevel | null;
  supervisorUnit?: string | null;
  /** 004 §11 入党积极分子 of the org this year (non-empty cell only; org_activists, not the ledger view). */
  activists?: number;
  /** Facts of the row's party org the file gives (non-empty cells only). */
  partyOrgFacts?: PartyOrgFactsInput;
}

export interface PartyOrgFactsInput {
  reserveSecretaries?: number;
  secretaryTrainedOn?: string;
  workersTrainedOn?: string;
}

/** YYYY-MM-DD (also / or . between the parts), a real calendar date; else null. */
function parseDate(v: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

export interface RowIssue {
  code: string;
  params?: Record<string, string | number>;
}

export type RowResult = { ok: true; record: LedgerRecord; warnings: RowIssue[] } | { ok: false; issues: RowIssue[] };

/** Where each column is; an optional column the file lacks has no entry. */
export type HeaderMap = Record<RequiredLedgerColumn, number> & Partial<Record<ImportOptionalColumn, number>>;

const headerKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** The table reader's header test (table-reader.ts ReadOptions), so row bounds count data rows. */
export const isLedgerHeader = (cells: string[]): boolean => 'map' in mapHeader(cells);

/** Column positions by header name (any order; extra columns ignored), or the required names missing. */
export function mapHeader(cells: string[]): { map: HeaderMap } | { missing: RequiredLedgerColumn[] } {
  const at = new Map<string, number>();
  cells.forEach((c, i) => {
    const k = headerKey(c);
    if (k && !at.has(k)) at.set(k, i);
  });
  const map = {} as HeaderMap;
  const missing: RequiredLedgerColumn[] = [];
  for (const col of LEDGER_COLUMNS) {
    const i = at.get(headerKey(col));
    if (i === undefined) missing.push(col);
    else map[col] = i;
  }
  for (const col of LEDGER_IMPORT_OPTIONAL_COLUMNS) {
    const i = at.get(headerKey(col));
    if (i !== undefined) map[col] = i;
  }
  return missing.length ? { missing } : { map };
}

/** Company and party-org names use full-width brackets; half-width ones would make two names of one. */
export function normalizeOrgName(s: string): string {
  return s.trim().replace(/\s+/g, ' ').replace(/\(/g, '（').replace(/\)/g, '）');
}

const levelKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
const LEVEL_BY_WORD = new Map(Object.entries(REGISTRATION_LEVEL_ALIASES).map(([w, l]) => [levelKey(w), l]));

const MAX_TEXT = 200;
const MAX_LONG_TEXT = 1000;
const MAX_COUNT = 10_000_000;

function count(v: string, column: LedgerColumn | ImportOptionalColumn, issues: RowIssue[]): number {
  if (v === '') return 0;
  const s = v.replace(/,/g, '');
  if (!/^\d+(\.0+)?$/.test(s) || Number(s) > MAX_COUNT) {
    issues.push({ code: 'bad_count', params: { column, value: v } });
    return 0;
  }
  return Number(s);
}

function text(v: string, column: LedgerColumn, issues: RowIssue[], max = MAX_TEXT): string | null {
  if (v === '') return null;
  if ([...v].length > max) issues.push({ code: 'too_long', params: { column, max } });
  return v;
}

export interface RowContext {
  /** Whether a division code is known (regions table). */
  regionExists(code: string): boolean;
  /** Chat imports: only regions inside the officer's scope. */
  regionAllowed?(code: string): boolean;
}

/** Checks one data row against the template; `get` reads a cell by column name. */
export function validateLedgerRow(rowNumber: number, cells: string[], header: HeaderMap, ctx: RowContext): RowResult {
  const cell = (c: LedgerColumn | ImportOptionalColumn) => {
    const i = header[c];
    return i === undefined ? '' : (cells[i] ?? '');
  };
  const get = (c: LedgerColumn | ImportOptionalColumn) => cell(c).trim();
  const has = (c: OptionalLedgerColumn) => header[c] !== undefined;
  const issues: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  // A NUL or other control character would fail the whole chunk in PostgreSQL: refuse the row alone.
  for (const c of [...LEDGER_COLUMNS, ...LEDGER_IMPORT_OPTIONAL_COLUMNS]) if (hasControlChars(cell(c))) issues.push({ code: 'control_chars', params: { column: c } });

  const name = normalizeOrgName(get('组织名称'));
  if (!name) issues.push({ code: 'missing_name' });
  else text(name, '组织名称', issues);

  let creditCode: string | null = null;
  const rawCode = get('统一社会信用代码');
  if (rawCode) {
    const check = checkCreditCode(rawCode);
    creditCode = check.normalized;
    if (check.reason === 'length') issues.push({ code: 'credit_code_length', params: { value: rawCode, n: check.normalized.length } });
    else if (check.reason === 'charset') issues.push({ code: 'credit_code_charset', params: { value: rawCode } });
    // Early pilot codes fail the mod-31 check yet are real (data.md §2.3): keep the row, flag it.
    else if (check.reason === 'check') warnings.push({ code: 'credit_code_check', params: { value: check.normalized, expected: check.expected ?? '?' } });
  }

  const kindWord = get('组织类别');
  const kind = codeOf(KIND_WORDS, kindWord);
  if (!kind) issues.push({ code: kindWord ? 'bad_kind' : 'missing_kind', params: { value: kindWord } });

  const region = get('区划代码').replace(/\s/g, '');
  let regionCode = region;
  if (!region) issues.push({ code: 'missing_region' });
  else if (!/^\d+$/.test(region)) issues.push({ code: 'bad_region', params: { value: region } });
  else {
    // 12-digit statistical codes end in 000 at township level: 370112020000 → 370112020
    if (region.length === 12 && region.endsWith('000')) regionCode = region.slice(0, 9);
    if (!ctx.regionExists(regionCode)) issues.push({ code: 'bad_region', params: { value: region } });
    else if (regionCode.length !== 6 && regionCode.length !== 9) issues.push({ code: 'region_level', params: { value: region } });
    else if (ctx.regionAllowed && !ctx.regionAllowed(regionCode)) issues.push({ code: 'region_out_of_scope', params: { value: region } });
  }

  const statusWord = get('经营状态');
  const status = codeOf(STATUS_WORDS, statusWord);
  if (!status) issues.push({ code: statusWord ? 'bad_status' : 'missing_status', params: { value: statusWord } });

  const employees = count(get('职工人数'), '职工人数', issues);
  const membersFormal = count(get('正式党员数'), '正式党员数', issues);
  const membersProbationary = count(get('预备党员数'), '预备党员数', issues);
  const membersUntransferred = count(get('未转组织关系党员数'), '未转组织关系党员数', issues);

  let revenue: number | null = null;
  const rev = get('年营业收入（万元）').replace(/,/g, '');
  if (rev) {
    if (!/^\d+(\.\d+)?$/.test(rev) || Number(rev) >= 1e12) issues.push({ code: 'bad_revenue', params: { value: rev } });
    else revenue = Math.round(Number(rev) * 100) / 100;
  }

  const partyOrgName = normalizeOrgName(get('党组织名称')) || null;
  if (partyOrgName) text(partyOrgName, '党组织名称', issues);
  const formationWord = get('组建方式');
  let formation: Formation | undefined = formationWord ? codeOf(FORMATION_WORDS, formationWord) : 'none';
  if (!formation) issues.push({ code: 'bad_formation', params: { value: formationWord } });
  const typeWord = get('党组织类型');
  const partyOrgType: PartyOrgType | null = typeWord ? (codeOf(PARTY_ORG_TYPE_WORDS, typeWord) ?? null) : null;
  if (typeWord && !partyOrgType) issues.push({ code: 'bad_party_org_type', params: { value: typeWord } });
  if (formation && formation !== 'none') {
    const f = FORMATION_WORDS[formation];
    if (!partyOrgName) issues.push({ code: 'missing_party_org_name', params: { formation: f } });
    if (!typeWord) issues.push({ code: 'missing_party_org_type', params: { formation: f } });
    if (formation === 'standalone' && partyOrgType === 'joint_branch') issues.push({ code: 'standalone_joint_type' });
  } else if (formation === 'none' && (partyOrgName || typeWord)) {
    issues.push({ code: 'party_org_without_formation' });
  }
  formation ??= 'none';

  const massOrgs: string[] = [];
  for (const word of get('群团组织').split(LIST_SEPARATOR).filter(Boolean)) {
    const m = MASS_ORG_ALIASES[word];
    if (!m) issues.push({ code: 'bad_mass_org', params: { value: word } });
    else if (!massOrgs.includes(m)) massOrgs.push(m);
  }

  let instructorMobile: string | null = null;
  const mobile = get('党建工作指导员手机号');
  if (mobile) {
    if (isMainlandMobile(mobile)) instructorMobile = normalizeMobile(mobile);
    else warnings.push({ code: 'bad_instructor_mobile', params: { value: mobile } });
  }

  const principalName = text(get('出资人（负责人）'), '出资人（负责人）', issues);
  const yn = get('出资人是否党员');
  let principalIsMember: boolean | null = null;
  if (yn === '是') principalIsMember = true;
  else if (yn === '否') principalIsMember = false;
  else if (yn) issues.push({ code: 'bad_yes_no', params: { value: yn } });

  const noPartyOrgReason = text(get('未建党组织原因'), '未建党组织原因', issues, MAX_LONG_TEXT);
  const subtype = text(get('细分类型'), '细分类型', issues);

  // 登记机关级别 decides T7 (000 一 省级以上社会团体; 001 一 市级社会团体); 业务主管单位 who keeps the
  // ledger of a 市级 social org (001 二(三)). Both only when the file has the column.
  let registrationLevel: RegistrationLevel | null | undefined;
  if (has('登记机关级别')) {
    const word = get('登记机关级别');
    registrationLevel = word ? (LEVEL_BY_WORD.get(levelKey(word)) ?? null) : null;
    if (word && !registrationLevel) issues.push({ code: 'bad_registration_level', params: { value: word } });
  }
  const supervisorUnit = has('业务主管单位') ? text(get('业务主管单位'), '业务主管单位', issues) : undefined;

  // 004 §9 书记后备 and §12 轮训 of the row's party org; only non-empty cells count.
  const partyOrgFacts: PartyOrgFactsInput = {};
  const reserves = get(PARTY_ORG_FACT_COLUMNS.reserveSecretaries);
  if (reserves) partyOrgFacts.reserveSecretaries = count(reserves, PARTY_ORG_FACT_COLUMNS.reserveSecretaries, issues);
  for (const f of ['secretaryTrainedOn', 'workersTrainedOn'] as const) {
    const v = get(PARTY_ORG_FACT_COLUMNS[f]);
    if (!v) continue;
    const d = parseDate(v);
    if (d) partyOrgFacts[f] = d;
    else issues.push({ code: 'bad_date', params: { column: PARTY_ORG_FACT_COLUMNS[f], value: v } });
  }
  const hasFacts = Object.keys(partyOrgFacts).length > 0;
  // 004 §11 入党积极分子 this year (the A1 list); only a non-empty cell counts.
  const activistsCell = get(ACTIVISTS_COLUMN);
  const activists = activistsCell ? count(activistsCell, ACTIVISTS_COLUMN, issues) : undefined;
  if (hasFacts && formation === 'none') warnings.push({ code: 'party_org_facts_without_party_org' });

  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    warnings,
    record: {
      rowNumber,
      name,
      creditCode,
      kind: kind!,
      subtype,
      regionCode,
      status: status!,
      employees,
      revenue,
      membersFormal,
      membersProbationary,
      membersUntransferred,
      partyOrgName: formation === 'none' ? null : partyOrgName,
      formation,
      partyOrgType: formation === 'none' ? null : partyOrgType,
      massOrgs,
      instructorMobile,
      principalName,
      principalIsMember,
      noPartyOrgReason,
      ...(registrationLevel !== undefined && { registrationLevel }),
      ...(supervisorUnit !== undefined && { supervisorUnit }),
      ...(hasFacts && formation !== 'none' && { partyOrgFacts }),
      ...(activists !== undefined && { activists }),
    },
  };
}
