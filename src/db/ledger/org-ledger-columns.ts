import { orgs, partyOrgs } from '../schema/ledger.ts';

/**
 * The ledger's facts of an org and its party org, as one select list: what the importer compares
 * against and what the export writes out. One list, so a new ledger column is added once.
 */
export const orgLedgerColumns = {
  id: orgs.id,
  name: orgs.name,
  creditCode: orgs.creditCode,
  kind: orgs.kind,
  subtype: orgs.subtype,
  regionCode: orgs.regionCode,
  status: orgs.status,
  employees: orgs.employees,
  revenue: orgs.revenue,
  membersFormal: orgs.membersFormal,
  membersProbationary: orgs.membersProbationary,
  membersUntransferred: orgs.membersUntransferred,
  formation: orgs.formation,
  partyOrgName: partyOrgs.name,
  partyOrgType: partyOrgs.type,
  massOrgs: orgs.massOrgs,
  instructorMobile: orgs.instructorMobile,
  principalName: orgs.principalName,
  principalIsMember: orgs.principalIsMember,
  noPartyOrgReason: orgs.noPartyOrgReason,
  registrationLevel: orgs.registrationLevel,
  supervisorUnit: orgs.supervisorUnit,
};
