/**
 * The demo ledger and roster as the rows of import files (the templates' columns), checked by the
 * same row validation an uploaded file goes through: a demo row the import would reject is a bug here.
 */
import { FORMATION_WORDS, KIND_WORDS, LEDGER_COLUMNS, PARTY_ORG_TYPE_WORDS, STATUS_WORDS, type RequiredLedgerColumn } from '../ledger/ledger-template.ts';
import { mapHeader, validateLedgerRow, type LedgerRecord } from '../ledger/ledger-row.ts';
import { mapRosterHeader, ROLE_WORDS, ROSTER_COLUMNS, validateRosterRow, type RosterColumn, type RosterEntry } from '../ledger/roster-row.ts';
import type { DemoLedger, DemoOrg } from './demo-ledger.ts';
import type { DemoPerson } from './demo-people.ts';

export function ledgerCells(ledger: DemoLedger, o: DemoOrg, instructorMobiles: string[]): Record<RequiredLedgerColumn, string> {
  const po = o.partyOrg === null ? null : ledger.partyOrgs[o.partyOrg]!;
  return {
    组织名称: o.name,
    统一社会信用代码: o.creditCode,
    组织类别: KIND_WORDS[o.kind],
    细分类型: o.subtype ?? '',
    区划代码: o.regionCode,
    经营状态: STATUS_WORDS[o.status],
    职工人数: String(o.employees),
    '年营业收入（万元）': o.revenue === null ? '' : String(o.revenue),
    正式党员数: String(o.membersFormal),
    预备党员数: String(o.membersProbationary),
    未转组织关系党员数: String(o.membersUntransferred),
    党组织名称: po?.name ?? '',
    组建方式: FORMATION_WORDS[o.formation],
    党组织类型: po ? PARTY_ORG_TYPE_WORDS[po.type] : '',
    群团组织: o.massOrgs.join('、'),
    党建工作指导员手机号: o.instructor === null ? '' : (instructorMobiles[o.instructor] ?? ''),
    '出资人（负责人）': o.principalName,
    出资人是否党员: o.principalIsMember ? '是' : '否',
    未建党组织原因: o.noPartyOrgReason ?? '',
  };
}

/** Validated records of every demo org; throws on the first row the ledger would not accept. */
export function buildLedgerRecords(ledger: DemoLedger, instructorMobiles: string[], regionCodes: ReadonlySet<string>): LedgerRecord[] {
  const header = mapHeader([...LEDGER_COLUMNS]);
  if (!('map' in header)) throw new Error('ledger template columns changed');
  return ledger.orgs.map((o, i) => {
    const cells = ledgerCells(ledger, o, instructorMobiles);
    const r = validateLedgerRow(i + 2, LEDGER_COLUMNS.map((c) => cells[c]), header.map, { regionExists: (c) => regionCodes.has(c) });
    if (!r.ok) throw new Error(`demo ledger row ${i + 2} (${o.name}) is invalid: ${JSON.stringify(r.issues)}`);
    if (r.warnings.length) throw new Error(`demo ledger row ${i + 2} (${o.name}) has warnings: ${JSON.stringify(r.warnings)}`);
    return r.record;
  });
}

/** The demo roster as the rows of a roster file, validated like an uploaded one. */
export function buildRosterEntries(roster: DemoPerson[], ledger: DemoLedger, regionCodes: ReadonlySet<string>): RosterEntry[] {
  const header = mapRosterHeader([...ROSTER_COLUMNS]);
  if (!('map' in header)) throw new Error('roster template columns changed');
  return roster.map((p, i) => {
    const region = p.roles.find((r) => 'regionCode' in r);
    const party = p.roles.find((r) => 'partyOrg' in r);
    const cells: Record<RosterColumn, string> = {
      姓名: p.name,
      手机号: p.mobile,
      角色: p.roles.map((r) => ROLE_WORDS[r.role]).join('、'),
      区划代码: region && 'regionCode' in region ? region.regionCode : '',
      党组织名称: party && 'partyOrg' in party ? ledger.partyOrgs[party.partyOrg]!.name : '',
      联系单位统一社会信用代码: '',
    };
    const r = validateRosterRow(i + 2, ROSTER_COLUMNS.map((c) => cells[c]), header.map, { regionExists: (c) => regionCodes.has(c) });
    if (!r.ok) throw new Error(`demo roster row ${i + 2} (${p.name}) is invalid: ${JSON.stringify(r.issues)}`);
    return r.entry;
  });
}
