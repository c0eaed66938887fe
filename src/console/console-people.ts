import { asc, eq, isNotNull } from 'drizzle-orm';
import { people, personRoles } from '../db/schema/core.ts';
import type { Db } from '../db/database.ts';

const ROLE_NAMES: Record<string, string> = {
  officer: '组织部干部',
  instructor: '党建工作指导员',
  secretary: '支部书记',
  member: '党员',
  admin: '管理员',
};

/** A person the ledger does not know, to try 党员找组织 and registration as a newcomer. */
export const CONSOLE_GUEST = { id: 'guest', name: '新来的人（未登记）', roles: ['未登记'], openId: 'ou_console_newcomer' };

/** Everyone who can be played in the console, with their roles in Chinese. */
export async function consolePeople(db: Db): Promise<Array<{ id: string; name: string; roles: string[]; openId: string }>> {
  const rows = await db
    .select({ id: people.id, name: people.name, openId: people.openId, role: personRoles.role })
    .from(people)
    .leftJoin(personRoles, eq(personRoles.personId, people.id))
    .where(isNotNull(people.openId))
    .orderBy(asc(people.name));
  const byId = new Map<string, { id: string; name: string; roles: string[]; openId: string }>();
  for (const r of rows) {
    const p = byId.get(r.id) ?? { id: r.id, name: r.name, roles: [], openId: r.openId! };
    const name = r.role ? ROLE_NAMES[r.role] ?? r.role : undefined;
    if (name && !p.roles.includes(name)) p.roles.push(name);
    byId.set(r.id, p);
  }
  // Once the newcomer has been registered (an admin approved them), they are a person like any
  // other and a fresh newcomer takes the next open_id, so no two entries share one.
  const taken = new Set([...byId.values()].map((p) => p.openId));
  let openId = CONSOLE_GUEST.openId;
  for (let n = 2; taken.has(openId); n++) openId = `${CONSOLE_GUEST.openId}_${n}`;
  return [...byId.values(), { ...CONSOLE_GUEST, openId }];
}
