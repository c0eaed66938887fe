import { people, personRoles } from '../../src/db/schema/core.ts';
import type { Db } from '../../src/db/database.ts';
import type { Role } from '../../src/db/schema/core.ts';

/** A person with roles, as the roster import would create them. */
export async function seedPerson(
  db: Db,
  p: { name: string; openId?: string | null; mobile?: string; roles: Array<{ role: Role; regionCode?: string; partyOrgId?: string }> },
): Promise<string> {
  const [row] = await db.insert(people).values({ name: p.name, openId: p.openId ?? null, mobile: p.mobile ?? null }).returning({ id: people.id });
  for (const r of p.roles) {
    await db.insert(personRoles).values({ personId: row!.id, role: r.role, regionCode: r.regionCode ?? null, partyOrgId: r.partyOrgId ?? null });
  }
  return row!.id;
}
