import { and, eq, isNotNull } from 'drizzle-orm';
import { feedback } from '../schema/feedback.ts';
import { people, personRoles } from '../schema/core.ts';
import type { Db, Tx } from '../database.ts';

export async function insertFeedback(db: Db | Tx, v: typeof feedback.$inferInsert): Promise<string> {
  const [row] = await db.insert(feedback).values(v).returning({ id: feedback.id });
  return row!.id;
}

/** Admins whose region contains the given one (prefix codes), or every admin when it is unknown. */
export async function adminsFor(db: Db | Tx, regionCode: string | null): Promise<Array<{ id: string; openId: string }>> {
  const rows = await db
    .select({ id: people.id, openId: people.openId, region: personRoles.regionCode })
    .from(personRoles)
    .innerJoin(people, eq(people.id, personRoles.personId))
    .where(and(eq(personRoles.role, 'admin'), isNotNull(people.openId)));
  const seen = new Set<string>();
  return rows
    .filter((r) => !regionCode || !r.region || regionCode.startsWith(r.region))
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((r) => ({ id: r.id, openId: r.openId! }));
}
