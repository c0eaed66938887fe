/**
 * Registration requests from chat and their decision: the applicant becomes a person (matched by
 * mobile, so a roster entry is reused, not duplicated) with the role and scope the admin chose.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { people, personRoles, registrationRequests, type Role } from '../schema/core.ts';
import { partyOrgs } from '../schema/ledger.ts';
import { dingtalkUserId } from '../../domain/person-key.ts';
import { linkIdentities, mirrorFeishuIdentities } from '../stores/identity-store.ts';
import { findPersonByOpenId } from '../stores/people-store.ts';

export type RegistrationRow = typeof registrationRequests.$inferSelect;

export async function insertRegistration(db: Db | Tx, v: { openId: string; name: string; mobile: string; regionCode: string; note: string | null; at: Date }): Promise<string> {
  const [row] = await db
    .insert(registrationRequests)
    .values({ openId: v.openId, name: v.name, mobile: v.mobile, regionCode: v.regionCode, note: v.note, createdAt: v.at })
    .returning({ id: registrationRequests.id });
  return row!.id;
}

export async function pendingRegistrationOf(db: Db | Tx, openId: string): Promise<RegistrationRow | undefined> {
  const [row] = await db
    .select()
    .from(registrationRequests)
    .where(and(eq(registrationRequests.openId, openId), eq(registrationRequests.status, 'pending')))
    .limit(1);
  return row;
}

/** Locks the request for the decision, so two admins clicking at once decide it once. */
export async function lockRegistration(tx: Tx, id: string): Promise<RegistrationRow | undefined> {
  const [row] = await tx.select().from(registrationRequests).where(eq(registrationRequests.id, id)).for('update');
  return row;
}

export async function decideRegistration(tx: Tx, id: string, status: 'approved' | 'declined', decidedBy: string | null, at: Date): Promise<void> {
  await tx.update(registrationRequests).set({ status, decidedBy, decidedAt: at }).where(eq(registrationRequests.id, id));
}

/** Regions that have an admin: the places a registration can be decided. */
export async function adminRegionCodes(db: Db | Tx): Promise<string[]> {
  const rows = await db
    .selectDistinct({ code: personRoles.regionCode })
    .from(personRoles)
    .where(and(eq(personRoles.role, 'admin'), isNotNull(personRoles.regionCode)));
  return rows.map((r) => r.code!);
}

export async function partyOrgIdByName(db: Db | Tx, name: string): Promise<string | null> {
  const [row] = await db.select({ id: partyOrgs.id }).from(partyOrgs).where(eq(partyOrgs.name, name)).limit(1);
  return row?.id ?? null;
}

/**
 * The person with this mobile (or person key) gets the role; created when neither is known. The key
 * is the one they registered under: a Feishu open_id is kept in people.open_id (and mirrored), a
 * DingTalk key (`dt:<userid>`) becomes their DingTalk identity, so the bot knows them there too.
 */
export async function grantRole(
  tx: Tx,
  v: { name: string; mobile: string; openId: string; role: Role; regionCode: string | null; partyOrgId: string | null; at: Date },
): Promise<string> {
  const dingtalk = dingtalkUserId(v.openId);
  const openId = dingtalk ? null : v.openId;
  const [byMobile] = await tx.select().from(people).where(eq(people.mobile, v.mobile)).limit(1);
  const known = byMobile ?? (await findPersonByOpenId(tx, v.openId));
  let personId: string;
  if (known) {
    personId = known.id;
    await tx.update(people).set({ name: v.name, mobile: known.mobile ?? v.mobile, ...(openId ? { openId } : {}), updatedAt: v.at }).where(eq(people.id, personId));
  } else {
    const [row] = await tx.insert(people).values({ name: v.name, mobile: v.mobile, openId, createdAt: v.at, updatedAt: v.at }).returning({ id: people.id });
    personId = row!.id;
  }
  if (dingtalk) await linkIdentities(tx, 'dingtalk', [{ personId, externalId: dingtalk }], v.at);
  else await mirrorFeishuIdentities(tx, [personId], v.at);
  await tx.insert(personRoles).values({ personId, role: v.role, regionCode: v.regionCode, partyOrgId: v.partyOrgId, createdAt: v.at }).onConflictDoNothing();
  return personId;
}
