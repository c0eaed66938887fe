/**
 * Members brought into party orgs through member finding (一方隶属、多重管理, domain.md): each
 * member has at most one primary affiliation (where the relationship is held) and may take part
 * in other orgs. Every count goes by the primary affiliation, so a member is counted once
 * (001 §二(四)4); one whose relationship is held outside the ledger counts, once, where they take part.
 */
import { and, asc, desc, eq, inArray, isNull, like, ne } from 'drizzle-orm';
import { partyOrgs } from '../schema/ledger.ts';
import { leads, partyOrgMembers, type Membership } from '../schema/leads.ts';
import type { Db, Tx } from '../database.ts';

export type MembershipRow = typeof partyOrgMembers.$inferSelect;

export const memberKeyOf = (personId: string | null | undefined, leadId: string | null | undefined): string => {
  if (personId) return `person:${personId}`;
  if (leadId) return `lead:${leadId}`;
  throw new Error('a membership names a person or a lead');
};

/**
 * Puts the member in the party org. A primary affiliation ends any other primary one (the
 * relationship moved); an existing participating row in the same org becomes primary.
 */
export async function addMembership(
  tx: Tx,
  m: { partyOrgId: string; leadId: string | null; personId: string | null; membership: Membership; since: string },
): Promise<MembershipRow> {
  const key = memberKeyOf(m.personId, m.leadId);
  if (m.membership === 'primary') {
    await tx
      .update(partyOrgMembers)
      .set({ endedOn: m.since })
      .where(and(eq(partyOrgMembers.memberKey, key), eq(partyOrgMembers.membership, 'primary'), isNull(partyOrgMembers.endedOn), ne(partyOrgMembers.partyOrgId, m.partyOrgId)));
  }
  const [existing] = await tx
    .select()
    .from(partyOrgMembers)
    .where(and(eq(partyOrgMembers.memberKey, key), eq(partyOrgMembers.partyOrgId, m.partyOrgId), isNull(partyOrgMembers.endedOn)))
    .for('update');
  if (existing) {
    if (existing.membership === m.membership || m.membership === 'participating') return existing;
    const [row] = await tx.update(partyOrgMembers).set({ membership: 'primary', since: m.since }).where(eq(partyOrgMembers.id, existing.id)).returning();
    return row!;
  }
  const [row] = await tx
    .insert(partyOrgMembers)
    .values({ partyOrgId: m.partyOrgId, leadId: m.leadId, personId: m.personId, memberKey: key, membership: m.membership, since: m.since })
    .returning();
  return row!;
}

export interface MemberOfOrg {
  membershipId: string;
  leadId: string | null;
  personId: string | null;
  name: string | null;
  membership: Membership;
  since: string;
}

/** A party org's current members from member finding, primary ones first. */
export async function membersOf(db: Db | Tx, partyOrgId: string): Promise<MemberOfOrg[]> {
  return db
    .select({
      membershipId: partyOrgMembers.id,
      leadId: partyOrgMembers.leadId,
      personId: partyOrgMembers.personId,
      name: leads.name,
      membership: partyOrgMembers.membership,
      since: partyOrgMembers.since,
    })
    .from(partyOrgMembers)
    .leftJoin(leads, eq(leads.id, partyOrgMembers.leadId))
    .where(and(eq(partyOrgMembers.partyOrgId, partyOrgId), isNull(partyOrgMembers.endedOn)))
    .orderBy(desc(partyOrgMembers.membership), asc(partyOrgMembers.since));
}

export interface MemberCounts {
  /** Distinct members counted in the region: primary + participatingOnly. */
  total: number;
  /** Members whose primary affiliation is a party org in the region. */
  primary: number;
  /** Members taking part in a party org in the region whose relationship is held outside the ledger. */
  participatingOnly: number;
  byPartyOrg: Array<{ partyOrgId: string; name: string; primary: number; participatingOnly: number }>;
}

/**
 * Members counted once each, by primary affiliation, over the party orgs of a region subtree.
 * Set-based: one query for the memberships of every member who touches the region.
 */
export async function memberCountsByPrimary(db: Db | Tx, regionCode: string): Promise<MemberCounts> {
  const touching = db
    .select({ key: partyOrgMembers.memberKey })
    .from(partyOrgMembers)
    .innerJoin(partyOrgs, eq(partyOrgs.id, partyOrgMembers.partyOrgId))
    .where(and(isNull(partyOrgMembers.endedOn), like(partyOrgs.regionCode, `${regionCode}%`)));
  const rows = await db
    .select({
      key: partyOrgMembers.memberKey,
      partyOrgId: partyOrgMembers.partyOrgId,
      name: partyOrgs.name,
      regionCode: partyOrgs.regionCode,
      membership: partyOrgMembers.membership,
      since: partyOrgMembers.since,
    })
    .from(partyOrgMembers)
    .innerJoin(partyOrgs, eq(partyOrgs.id, partyOrgMembers.partyOrgId))
    .where(and(isNull(partyOrgMembers.endedOn), inArray(partyOrgMembers.memberKey, touching)))
    .orderBy(asc(partyOrgMembers.since), asc(partyOrgMembers.partyOrgId));

  // Where each member counts: the primary row, else the earliest participating one.
  const countedAt = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const cur = countedAt.get(r.key);
    if (!cur || (r.membership === 'primary' && cur.membership !== 'primary')) countedAt.set(r.key, r);
  }
  const byOrg = new Map<string, MemberCounts['byPartyOrg'][number]>();
  let primary = 0;
  let participatingOnly = 0;
  for (const r of countedAt.values()) {
    if (!r.regionCode.startsWith(regionCode)) continue;
    const o = byOrg.get(r.partyOrgId) ?? { partyOrgId: r.partyOrgId, name: r.name, primary: 0, participatingOnly: 0 };
    if (r.membership === 'primary') {
      o.primary++;
      primary++;
    } else {
      o.participatingOnly++;
      participatingOnly++;
    }
    byOrg.set(r.partyOrgId, o);
  }
  return {
    total: primary + participatingOnly,
    primary,
    participatingOnly,
    byPartyOrg: [...byOrg.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh')),
  };
}
