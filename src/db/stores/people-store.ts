import { eq, inArray, type SQL } from 'drizzle-orm';
import { people, personRoles } from '../schema/core.ts';
import type { Db, Tx } from '../database.ts';
import type { Person, RoleScope } from '../../domain/person.ts';
import { dingtalkUserId } from '../../domain/person-key.ts';
import { personIdByIdentity } from './identity-store.ts';

/**
 * The person behind a person key with all their roles, or null when the ledger does not know
 * them. A Feishu open_id is looked up as before; a DingTalk key (`dt:<userid>`) through the
 * identity table. The Person keeps the key it was found by, so replies go back on that messenger.
 */
export async function findPersonByOpenId(db: Db | Tx, openId: string): Promise<Person | null> {
  const dingtalk = dingtalkUserId(openId);
  if (dingtalk !== undefined) {
    const personId = await personIdByIdentity(db, 'dingtalk', dingtalk);
    return personId ? personWithRoles(db, eq(people.id, personId), openId) : null;
  }
  return personWithRoles(db, eq(people.openId, openId), openId);
}

async function personWithRoles(db: Db | Tx, where: SQL, openId: string): Promise<Person | null> {
  const rows = await db
    .select({
      id: people.id,
      name: people.name,
      mobile: people.mobile,
      openId: people.openId,
      role: personRoles.role,
      regionCode: personRoles.regionCode,
      partyOrgId: personRoles.partyOrgId,
    })
    .from(people)
    .leftJoin(personRoles, eq(personRoles.personId, people.id))
    .where(where);
  if (rows.length === 0) return null;
  const first = rows[0]!;
  const roles: RoleScope[] = rows
    .filter((r) => r.role)
    .map((r) => ({ role: r.role!, regionCode: r.regionCode, partyOrgId: r.partyOrgId }));
  return { id: first.id, name: first.name, mobile: first.mobile, openId, roles };
}

export async function findPeopleByIds(db: Db | Tx, ids: string[]): Promise<Array<{ id: string; name: string; openId: string | null }>> {
  if (ids.length === 0) return [];
  return db.select({ id: people.id, name: people.name, openId: people.openId }).from(people).where(inArray(people.id, ids));
}
