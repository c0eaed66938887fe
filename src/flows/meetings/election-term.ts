/**
 * What a 换届选举 (a 党员大会 marked election) does to the party org's term. One that met its 4/5
 * quorum (《中国共产党基层组织选举工作条例》: 有选举权的到会人数超过应到会人数的五分之四，会议有效) begins
 * a new term on its date: term_started_on, with a fact-history row and an audit entry, as the
 * facts form writes it. An inquorate one is void and changes nothing; nor does one older than
 * the term already recorded. Editing such a record into a void one, or deleting it, gives the
 * term back the start it had before, from the fact history.
 */
import type { BotContext } from '../../bot/flow.ts';
import type { Tx } from '../../db/database.ts';
import { and, desc, eq } from 'drizzle-orm';
import { factsOf, lockPartyOrg, updateFacts, type PartyOrgRow } from '../../db/meetings/party-org-store.ts';
import { partyOrgFactChanges } from '../../db/schema/meetings.ts';
import { epochDay, shanghaiDate } from '../../domain/shanghai-date.ts';

export interface ElectionRecord {
  election: boolean;
  heldOn: string;
  /** Warning codes saved with (or about to be saved with) the record. */
  warnings: readonly string[];
}

/** A 换届选举 that stands: marked, and not short of its quorum. */
export const electionStands = (m: ElectionRecord): boolean => m.election && !m.warnings.includes('election_quorum');

async function setTermStart(ctx: BotContext, tx: Tx, org: PartyOrgRow, startedOn: string | null, on: string): Promise<void> {
  const changed = await updateFacts(tx, org, { ...factsOf(org), termStartedOn: startedOn }, { personId: ctx.person.id, on, at: ctx.clock.now() });
  if (Object.keys(changed.after).length) await ctx.audit({ action: 'update', entity: 'party_org', entityId: org.id, before: changed.before, after: changed.after, reason: 'election' });
}

/**
 * Brings the term in line with a saved election record: `before` is the record as it was (an
 * edit or a delete), `after` as it is now (null when deleted).
 */
export async function applyElection(ctx: BotContext, tx: Tx, partyOrgId: string, before: ElectionRecord | null, after: ElectionRecord | null): Promise<void> {
  let org = await lockPartyOrg(tx, partyOrgId);
  if (!org) return;
  const today = shanghaiDate(ctx.clock.now());
  const unchanged = before && after && electionStands(before) && electionStands(after) && before.heldOn === after.heldOn;
  if (unchanged) return;
  if (before && electionStands(before) && org.termStartedOn === before.heldOn) {
    // The start this election replaced: the latest history row that set it to this date.
    const rows = await tx
      .select({ before: partyOrgFactChanges.before, after: partyOrgFactChanges.after })
      .from(partyOrgFactChanges)
      .where(and(eq(partyOrgFactChanges.partyOrgId, org.id), eq(partyOrgFactChanges.fact, 'term_started_on')))
      .orderBy(desc(partyOrgFactChanges.changedAt));
    const row = rows.find((r) => r.after === before.heldOn);
    const previous = typeof row?.before === 'string' ? row.before : null;
    await setTermStart(ctx, tx, org, previous, today);
    org = { ...org, termStartedOn: previous };
  }
  if (!after || !electionStands(after)) return;
  if (org.termStartedOn && epochDay(org.termStartedOn) >= epochDay(after.heldOn)) return;
  await setTermStart(ctx, tx, org, after.heldOn, after.heldOn);
}
