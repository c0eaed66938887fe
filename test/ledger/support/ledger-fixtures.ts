/**
 * Ledger files for tests: the template's header, rows built from a few fields, and the synthetic
 * district of domain.md (历城区: 2,400 operating enterprises, 230 standalone, 1,480 covered by 300
 * joint party orgs of at most 5, 520 more with only an instructor → 71.3%, 9.6%, 92.9%).
 */
import { creditCodeCheckChar } from '../../../src/domain/credit-code.ts';
import { csvLine } from '../../../src/ledger/csv.ts';
import { LEDGER_COLUMNS, type ImportOptionalColumn, type LedgerColumn } from '../../../src/ledger/ledger-template.ts';

export type Row = Partial<Record<LedgerColumn | ImportOptionalColumn, string | number>>;

/** A valid credit code for a number (91 enterprise, 51/52 social org). */
export function creditCode(n: number, prefix = '91370112MA'): string {
  const first17 = `${prefix}${String(n).padStart(17 - prefix.length, '0')}`;
  return first17 + creditCodeCheckChar(first17)!;
}

export function row(r: Row): Row {
  return { 组织类别: '非公企业', 区划代码: '370112020', 经营状态: '正常', 职工人数: 10, 正式党员数: 0, 预备党员数: 0, 未转组织关系党员数: 0, 组建方式: '未建', ...r };
}

/** A ledger CSV; `columns` defaults to the required ones (a file made before the optional columns). */
export function ledgerCsv(rows: Row[], opts: { bom?: boolean; crlf?: boolean; columns?: readonly (LedgerColumn | ImportOptionalColumn)[] } = {}): string {
  const eol = opts.crlf === false ? '\n' : '\r\n';
  const columns = opts.columns ?? LEDGER_COLUMNS;
  const lines = [csvLine([...columns]), ...rows.map((r) => csvLine(columns.map((c) => r[c] ?? '')))];
  return (opts.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

export const bytes = (s: string) => new TextEncoder().encode(s);

export const LICHENG = '370112';
export const LICHENG_TOWNSHIPS = [
  '370112001', '370112002', '370112003', '370112004', '370112007', '370112008', '370112009', '370112010', '370112011',
  '370112012', '370112013', '370112016', '370112017', '370112018', '370112019', '370112020', '370112021',
];

/**
 * The domain.md district, plus 40 orgs out of statistical scope (停业, 注销, 空壳, 破产) that must
 * not count. Orgs are spread over the 17 streets; joint party orgs take 5 orgs (the last 20 take 4).
 */
export function syntheticDistrict(): Row[] {
  const rows: Row[] = [];
  let n = 0;
  const where = () => LICHENG_TOWNSHIPS[n % LICHENG_TOWNSHIPS.length]!;
  for (let i = 0; i < 230; i++, n++) {
    rows.push(row({ 组织名称: `历城独立建制企业${i}有限公司`, 统一社会信用代码: creditCode(n), 区划代码: where(), 职工人数: 60, 正式党员数: 5, 党组织名称: `中共历城独立建制企业${i}有限公司支部委员会`, 组建方式: '单独组建', 党组织类型: '党支部' }));
  }
  let joint = 0;
  for (let g = 0; g < 300; g++) {
    const size = g < 280 ? 5 : 4;
    for (let k = 0; k < size; k++, n++, joint++) {
      rows.push(row({ 组织名称: `历城联建企业${joint}有限公司`, 统一社会信用代码: creditCode(n), 区划代码: where(), 职工人数: 20, 正式党员数: 1, 党组织名称: `历城区第${g + 1}联合党支部`, 组建方式: '联合组建', 党组织类型: '联合党支部' }));
    }
  }
  for (let i = 0; i < 520; i++, n++) {
    rows.push(row({ 组织名称: `历城指导员联系企业${i}有限公司`, 统一社会信用代码: creditCode(n), 区划代码: where(), 职工人数: 15, 党建工作指导员手机号: `139${String(10000000 + Math.floor(i / 3)).slice(-8)}` }));
  }
  for (let i = 0; i < 170; i++, n++) {
    rows.push(row({ 组织名称: `历城待覆盖企业${i}有限公司`, 统一社会信用代码: creditCode(n), 区划代码: where(), 职工人数: 8 }));
  }
  const statuses = ['停业', '注销', '空壳', '破产'];
  for (let i = 0; i < 40; i++, n++) {
    rows.push(row({ 组织名称: `历城不在统计范围企业${i}有限公司`, 统一社会信用代码: creditCode(n), 区划代码: where(), 经营状态: statuses[i % 4], 正式党员数: 4, 党组织名称: `中共历城不在统计范围企业${i}支部`, 组建方式: '单独组建', 党组织类型: '党支部' }));
  }
  return rows;
}

export const DISTRICT_FIGURES = { inScope: 2400, partyOrg: 1710, standalone: 230, work: 2230 };
