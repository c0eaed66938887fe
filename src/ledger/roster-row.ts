/**
 * One roster row (interfaces.md: 姓名, 手机号, 角色, 区划代码, 党组织名称, 联系单位统一社会信用代码),
 * checked on its own. Problems are codes; the words are in prompts/ledger.json (`ledger.issue.*`).
 */
import type { Role } from '../db/schema/core.ts';
import { normalizeCreditCode } from '../domain/credit-code.ts';
import { hasControlChars } from '../domain/control-chars.ts';
import { isMainlandMobile, normalizeMobile } from '../domain/mobile.ts';
import type { RowIssue } from './ledger-row.ts';
import { normalizeOrgName } from './ledger-row.ts';
import { LIST_SEPARATOR } from './ledger-template.ts';

export const ROSTER_COLUMNS = ['姓名', '手机号', '角色', '区划代码', '党组织名称', '联系单位统一社会信用代码'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

export const ROLE_WORDS: Record<Role, string> = {
  officer: '组织部干部',
  instructor: '党建工作指导员',
  secretary: '支部书记',
  member: '党员',
  admin: '管理员',
};

const ROLE_ALIASES: Record<string, Role> = {
  组织部干部: 'officer',
  两新工委干部: 'officer',
  干部: 'officer',
  党建工作指导员: 'instructor',
  指导员: 'instructor',
  支部书记: 'secretary',
  书记: 'secretary',
  党员: 'member',
  管理员: 'admin',
};

export interface RosterEntry {
  rowNumber: number;
  name: string;
  mobile: string;
  roles: Role[];
  regionCode: string | null;
  partyOrgName: string | null;
  creditCodes: string[];
}

export type RosterHeader = Record<RosterColumn, number>;

/** The table reader's header test (table-reader.ts ReadOptions), so row bounds count data rows. */
export const isRosterHeader = (cells: string[]): boolean => 'map' in mapRosterHeader(cells);

export function mapRosterHeader(cells: string[]): { map: RosterHeader } | { missing: RosterColumn[] } {
  const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  const at = new Map<string, number>();
  cells.forEach((c, i) => {
    if (!at.has(key(c))) at.set(key(c), i);
  });
  const map = {} as RosterHeader;
  const missing: RosterColumn[] = [];
  for (const c of ROSTER_COLUMNS) {
    const i = at.get(key(c));
    if (i === undefined) missing.push(c);
    else map[c] = i;
  }
  return missing.length ? { missing } : { map };
}

export function validateRosterRow(
  rowNumber: number,
  cells: string[],
  header: RosterHeader,
  ctx: { regionExists(code: string): boolean },
): { ok: true; entry: RosterEntry } | { ok: false; issues: RowIssue[] } {
  const get = (c: RosterColumn) => (cells[header[c]] ?? '').trim();
  const issues: RowIssue[] = [];
  for (const c of ROSTER_COLUMNS) if (hasControlChars(cells[header[c]] ?? '')) issues.push({ code: 'control_chars', params: { column: c } });
  const name = get('姓名').replace(/\s+/g, ' ');
  if (!name) issues.push({ code: 'roster_missing_name' });
  const rawMobile = get('手机号');
  const mobile = normalizeMobile(rawMobile);
  if (!rawMobile) issues.push({ code: 'roster_missing_mobile' });
  else if (!isMainlandMobile(mobile)) issues.push({ code: 'roster_bad_mobile', params: { value: rawMobile } });
  const roles: Role[] = [];
  for (const w of get('角色').split(LIST_SEPARATOR).filter(Boolean)) {
    const r = ROLE_ALIASES[w];
    if (!r) issues.push({ code: 'roster_bad_role', params: { value: w } });
    else if (!roles.includes(r)) roles.push(r);
  }
  if (roles.length === 0 && !issues.some((i) => i.code === 'roster_bad_role')) issues.push({ code: 'roster_missing_role' });
  const region = get('区划代码').replace(/\s/g, '');
  const needsRegion = roles.some((r) => r === 'officer' || r === 'instructor' || r === 'admin');
  if (region && !ctx.regionExists(region)) issues.push({ code: 'bad_region', params: { value: region } });
  else if (!region && needsRegion) issues.push({ code: 'roster_missing_region' });
  const partyOrgName = normalizeOrgName(get('党组织名称')) || null;
  if (roles.includes('secretary') && !partyOrgName) issues.push({ code: 'roster_missing_party_org' });
  const creditCodes = get('联系单位统一社会信用代码').split(LIST_SEPARATOR).filter(Boolean).map(normalizeCreditCode);
  if (issues.length) return { ok: false, issues };
  return { ok: true, entry: { rowNumber, name, mobile, roles, regionCode: region || null, partyOrgName, creditCodes } };
}
