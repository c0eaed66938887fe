import { eq } from 'drizzle-orm';
import { feedback } from '../schema/feedback.ts';
import { personRoles } from '../schema/core.ts';
import type { Db, Tx } from '../database.ts';

export async function insertFeedback(db: Db | Tx, v: typeof feedback.$inferInsert): Promise<string> {
  const [row] = await db.insert(feedback).values(v).returning({ id: feedback.id });
  return row!.id;
}

/**
 * Admins whose region contains the given one (prefix codes), or every admin when it is unknown;
 * on whichever messenger (reachablePeople finds whom a notice can reach).
 */
export async function adminsFor(db: Db | Tx, regionCode: string | null): Promise<Array<{ id: string }>> {
  const rows = await db
    .select({ id: personRoles.personId, region: personRoles.regionCode })
    .from(personRoles)
    .where(eq(personRoles.role, 'admin'));
  const seen = new Set<string>();
  return rows
    .filter((r) => !regionCode || !r.region || regionCode.startsWith(r.region))
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((r) => ({ id: r.id }));
}
