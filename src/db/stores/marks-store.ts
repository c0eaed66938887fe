import { personMarks } from '../schema/core.ts';
import type { Db, Tx } from '../database.ts';

/** True the first time (personKey, mark) is set; false ever after. */
export async function markOnce(db: Db | Tx, personKey: string, mark: string, at: Date): Promise<boolean> {
  const rows = await db.insert(personMarks).values({ personKey, mark, at }).onConflictDoNothing().returning({ mark: personMarks.mark });
  return rows.length > 0;
}
