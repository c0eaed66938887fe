/**
 * What one chunk of valid ledger rows does to the database, decided without touching it: which
 * orgs are new, which change and how (the audit's before/after), which are unchanged, which rows
 * are rejected because of other rows (the same org twice, a 单独组建 party org claimed by two
 * orgs). The store then writes the plan in one transaction.
 */
import type { PartyOrgType } from '../db/schema/ledger.ts';
import type { LedgerRecord, PartyOrgFactsInput, RowIssue } from './ledger-row.ts';
import { FORMATION_WORDS, PARTY_ORG_TYPE_WORDS } from './ledger-template.ts';

/** The fields a ledger row sets on its org, as compared and audited (party-org facts aside). */
export type LedgerView = Omit<LedgerRecord, 'rowNumber' | 'partyOrgFacts' | 'activists'>;

/** Party-org facts as stored (null = not recorded). */
export type PartyOrgFacts = { [K in keyof Required<PartyOrgFactsInput>]: Required<PartyOrgFactsInput>[K] | null };

export const VIEW_FIELDS: ReadonlyArray<keyof LedgerView> = [
  'name',
  'creditCode',
  'kind',
  'subtype',
  'regionCode',
  'status',
  'employees',
  'revenue',
  'membersFormal',
  'membersProbationary',
  'membersUntransferred',
  'partyOrgName',
  'formation',
  'partyOrgType',
  'massOrgs',
  'instructorMobile',
  'principalName',
  'principalIsMember',
  'noPartyOrgReason',
  'registrationLevel',
  'supervisorUnit',
];

/** Fields of optional columns: a file without the column leaves the org's value as it was. */
const OPTIONAL_FIELDS = ['registrationLevel', 'supervisorUnit'] as const satisfies ReadonlyArray<keyof LedgerView>;

export interface ExistingOrg extends LedgerView {
  id: string;
  partyOrgId: string | null;
}

export interface ExistingPartyOrg {
  id: string;
  name: string;
  type: PartyOrgType;
  formation: 'standalone' | 'joint';
  /** Orgs linked to it now. */
  linked: Array<{ id: string; name: string }>;
  facts: PartyOrgFacts;
}

/** What the chunk's rows find in the database. */
export interface ChunkContext {
  byCode: Map<string, ExistingOrg>;
  byNameRegion: Map<string, ExistingOrg>;
  partyOrgs: Map<string, ExistingPartyOrg>;
}

/** Kept across the chunks of one import. */
export interface ImportMemory {
  rowByCode: Map<string, number>;
  rowByNameRegion: Map<string, number>;
  rowByOrgId: Map<string, number>;
  partyOrgs: Map<string, { id: string; type: PartyOrgType; formation: 'standalone' | 'joint'; row: number; standaloneOrg?: string; factsRow?: number; facts?: PartyOrgFactsInput }>;
}

export function newImportMemory(): ImportMemory {
  return { rowByCode: new Map(), rowByNameRegion: new Map(), rowByOrgId: new Map(), partyOrgs: new Map() };
}

export const nameRegionKey = (name: string, regionCode: string) => `${regionCode}\u0000${name}`;

export interface PlannedOrg {
  id: string;
  isNew: boolean;
  rowNumber: number;
  view: LedgerView;
  partyOrgId: string | null;
  before?: Partial<LedgerView>;
  after: Partial<LedgerView>;
  /** The instructor mobile it had, when that changes (its ledger-made assignment goes). */
  previousMobile: string | null;
}

export interface PlannedPartyOrg {
  id: string;
  name: string;
  type: PartyOrgType;
  formation: 'standalone' | 'joint';
  regionCode: string;
  isNew: boolean;
}

export interface ChunkPlan {
  rejected: Array<{ rowNumber: number; issues: RowIssue[] }>;
  warnings: Array<{ rowNumber: number; issue: RowIssue }>;
  partyOrgs: PlannedPartyOrg[];
  orgs: PlannedOrg[];
  unchanged: number;
  /** Party orgs whose member counts and region need recomputing after the write. */
  touchedPartyOrgIds: string[];
  /** Party-org facts the file changes: the first row of the import that gives them decides. */
  partyOrgFacts: Array<{ id: string; before: Partial<PartyOrgFacts>; after: Partial<PartyOrgFacts> }>;
  /** 004 §11 入党积极分子 for the import's year, per org the file gives a count for (written if it differs). */
  activists: Array<{ orgId: string; count: number }>;
}

const NO_FACTS: PartyOrgFacts = { reserveSecretaries: null, secretaryTrainedOn: null, workersTrainedOn: null };

export function viewOf(r: LedgerRecord): LedgerView {
  const { rowNumber: _r, partyOrgFacts: _f, activists: _a, ...v } = r;
  return v;
}

/** The facts a row changes against what is recorded (only the cells it fills). */
function factChange(recorded: PartyOrgFacts, given: PartyOrgFactsInput): { before: Partial<PartyOrgFacts>; after: Partial<PartyOrgFacts> } {
  const before: Partial<PartyOrgFacts> = {};
  const after: Partial<PartyOrgFacts> = {};
  for (const k of Object.keys(given) as Array<keyof PartyOrgFacts>) {
    if (given[k] !== recorded[k]) {
      (before as Record<string, unknown>)[k] = recorded[k];
      (after as Record<string, unknown>)[k] = given[k];
    }
  }
  return { before, after };
}

const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

export function planChunk(
  records: LedgerRecord[],
  ctx: ChunkContext,
  memory: ImportMemory,
  newId: () => string,
  regionAllowed?: (code: string) => boolean,
): ChunkPlan {
  const plan: ChunkPlan = { rejected: [], warnings: [], partyOrgs: [], orgs: [], unchanged: 0, touchedPartyOrgIds: [], partyOrgFacts: [], activists: [] };
  const touched = new Set<string>();
  const reject = (r: LedgerRecord, code: string, params?: RowIssue['params']) => plan.rejected.push({ rowNumber: r.rowNumber, issues: [{ code, params }] });

  for (const r of records) {
    const nrKey = nameRegionKey(r.name, r.regionCode);
    const dupRow = (r.creditCode && memory.rowByCode.get(r.creditCode)) || memory.rowByNameRegion.get(nrKey);
    if (dupRow) {
      reject(r, 'duplicate_in_file', { row: dupRow });
      continue;
    }
    const existing = (r.creditCode ? ctx.byCode.get(r.creditCode) : undefined) ?? ctx.byNameRegion.get(nrKey);
    if (existing && regionAllowed && !regionAllowed(existing.regionCode)) {
      // Matched by credit code to an org another region keeps: not this officer's to change.
      reject(r, 'existing_out_of_scope', { region: existing.regionCode });
      continue;
    }
    const sameOrgRow = existing && memory.rowByOrgId.get(existing.id);
    if (sameOrgRow) {
      reject(r, 'duplicate_in_file', { row: sameOrgRow });
      continue;
    }

    // The party org the row names: the first row of this import that names it decides its type.
    let partyOrgId: string | null = null;
    let typeFromFile: PartyOrgType | null = r.partyOrgType;
    if (r.formation !== 'none' && r.partyOrgName) {
      const formation = r.formation;
      const mem = memory.partyOrgs.get(r.partyOrgName);
      if (mem) {
        if (mem.formation !== formation) {
          reject(r, 'party_org_formation_conflict', { name: r.partyOrgName, formation: FORMATION_WORDS[mem.formation], row: mem.row });
          continue;
        }
        if (formation === 'standalone' && mem.standaloneOrg) {
          reject(r, 'standalone_shared', { name: r.partyOrgName, org: mem.standaloneOrg });
          continue;
        }
        if (mem.type !== r.partyOrgType) {
          plan.warnings.push({ rowNumber: r.rowNumber, issue: { code: 'party_org_type_differs', params: { name: r.partyOrgName, type: PARTY_ORG_TYPE_WORDS[mem.type], row: mem.row } } });
          typeFromFile = mem.type;
        }
        partyOrgId = mem.id;
        if (formation === 'standalone') mem.standaloneOrg = r.name;
      } else {
        const found = ctx.partyOrgs.get(r.partyOrgName);
        const other = found?.linked.find((o) => o.id !== existing?.id);
        // A party org other orgs still belong to keeps its formation; one that is only this org's may change.
        if (found && other && found.formation !== formation) {
          reject(r, 'party_org_formation_in_ledger', { name: r.partyOrgName, formation: FORMATION_WORDS[found.formation] });
          continue;
        }
        if (found && other && formation === 'standalone') {
          reject(r, 'standalone_shared', { name: r.partyOrgName, org: other.name });
          continue;
        }
        const type = r.partyOrgType!;
        const id = found?.id ?? newId();
        if (!found || found.type !== type || found.formation !== formation) {
          plan.partyOrgs.push({ id, name: r.partyOrgName, type, formation, regionCode: r.regionCode, isNew: !found });
        }
        memory.partyOrgs.set(r.partyOrgName, { id, type, formation, row: r.rowNumber, standaloneOrg: formation === 'standalone' ? r.name : undefined });
        partyOrgId = id;
      }
      touched.add(partyOrgId);
      const mem2 = memory.partyOrgs.get(r.partyOrgName)!;
      if (r.partyOrgFacts) {
        if (mem2.factsRow === undefined) {
          mem2.factsRow = r.rowNumber;
          mem2.facts = r.partyOrgFacts;
          const change = factChange(ctx.partyOrgs.get(r.partyOrgName)?.facts ?? NO_FACTS, r.partyOrgFacts);
          if (Object.keys(change.after).length) plan.partyOrgFacts.push({ id: partyOrgId, ...change });
        } else if (Object.keys(factChange({ ...NO_FACTS, ...mem2.facts }, r.partyOrgFacts).after).length) {
          plan.warnings.push({ rowNumber: r.rowNumber, issue: { code: 'party_org_facts_differ', params: { name: r.partyOrgName, row: mem2.factsRow } } });
        }
      }
    }
    if (existing?.partyOrgId && existing.partyOrgId !== partyOrgId) touched.add(existing.partyOrgId);

    const view: LedgerView = { ...viewOf(r), partyOrgType: typeFromFile };
    for (const f of OPTIONAL_FIELDS) if (view[f] === undefined) (view as Record<string, unknown>)[f] = existing?.[f] ?? null;
    if (r.creditCode) memory.rowByCode.set(r.creditCode, r.rowNumber);
    memory.rowByNameRegion.set(nrKey, r.rowNumber);

    if (!existing) {
      const id = newId();
      if (r.activists !== undefined) plan.activists.push({ orgId: id, count: r.activists });
      plan.orgs.push({ id, isNew: true, rowNumber: r.rowNumber, view, partyOrgId, after: view, previousMobile: null });
      continue;
    }
    memory.rowByOrgId.set(existing.id, r.rowNumber);
    if (r.activists !== undefined) plan.activists.push({ orgId: existing.id, count: r.activists });
    if (existing.regionCode !== r.regionCode) memory.rowByNameRegion.set(nameRegionKey(existing.name, existing.regionCode), r.rowNumber);
    const before: Partial<LedgerView> = {};
    const after: Partial<LedgerView> = {};
    for (const f of VIEW_FIELDS) {
      if (!same(existing[f], view[f])) {
        (before as Record<string, unknown>)[f] = existing[f];
        (after as Record<string, unknown>)[f] = view[f];
      }
    }
    if (Object.keys(after).length === 0 && existing.partyOrgId === partyOrgId) {
      plan.unchanged++;
      continue;
    }
    plan.orgs.push({
      id: existing.id,
      isNew: false,
      rowNumber: r.rowNumber,
      view,
      partyOrgId,
      before,
      after,
      previousMobile: existing.instructorMobile !== view.instructorMobile ? existing.instructorMobile : null,
    });
  }
  plan.touchedPartyOrgIds = [...touched];
  return plan;
}
