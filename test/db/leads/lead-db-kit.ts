/** Leads written straight through the stores, at chosen instants, for the set-based queries' tests. */
import type { Db } from '../../../src/db/database.ts';
import { recordTransition, registerLead, type LeadInput, type LeadRow } from '../../../src/db/leads/lead-store.ts';
import { routeFor } from '../../../src/db/leads/lead-routing.ts';
import type { LeadState } from '../../../src/db/schema/leads.ts';

export async function newLead(db: Db, input: Partial<LeadInput> & { name: string; regionCode?: string }, at: string): Promise<LeadRow> {
  return db.transaction(async (tx) => {
    const route = await routeFor(tx, { workplaceOrgId: input.workplaceOrgId ?? null, regionCode: input.regionCode ?? '370112001' });
    const r = await registerLead(tx, input, { kind: 'org', registeredBy: null, registrantOpenId: 'ou_test' }, route, { id: null, label: 'test' }, new Date(at));
    return r.lead;
  });
}

export async function moveTo(db: Db, lead: LeadRow, path: LeadState[], at: string): Promise<LeadRow> {
  let cur = lead;
  for (const to of path) cur = await db.transaction((tx) => recordTransition(tx, cur, to, { id: null, label: 'test' }, new Date(at), null));
  return cur;
}
