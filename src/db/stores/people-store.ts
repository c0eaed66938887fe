import { eq, inArray } from 'drizzle-orm';
import { people, personRoles } from '../schema/core.ts';
import type { Db, Tx } from '../database.ts';
import type { Person, RoleScope } from '../../bot/types.ts';

/** The person behind an open_id with all their roles, or null when the ledger does not know them. */
export async function findPersonByOpenId(db: Db | Tx, openId: string): Promise<Person | null> {
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
    .where(eq(people.openId, openId));
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
