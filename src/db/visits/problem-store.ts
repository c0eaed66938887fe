/**
 * Problems written in visits stay open until a later visit of the same org marks them solved
 * (issue 5, item 7). A deleted visit's problems disappear with it, and the problems it had marked
 * solved open again, so deleting a record undoes exactly what it did.
 */
import { and, asc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { visitProblems, visits } from '../schema/visits.ts';
import type { Db, Tx } from '../database.ts';

export interface ProblemRow {
  id: string;
  orgId: string;
  visitId: string;
  text: string;
  raisedOn: string;
  solvedByVisitId: string | null;
}

const cols = {
  id: visitProblems.id,
  orgId: visitProblems.orgId,
  visitId: visitProblems.visitId,
  text: visitProblems.text,
  raisedOn: visits.visitedOn,
  solvedByVisitId: visitProblems.solvedByVisitId,
};

/**
 * Open problems of the org from its live visits, oldest first. For an edit, `visitId` names the
 * visit being edited: its own problems are left out and those it solved are included.
 */
export async function openProblemsOfOrg(db: Db | Tx, orgId: string, visitId?: string): Promise<ProblemRow[]> {
  const open = visitId ? or(isNull(visitProblems.solvedByVisitId), eq(visitProblems.solvedByVisitId, visitId)) : isNull(visitProblems.solvedByVisitId);
  return db
    .select(cols)
    .from(visitProblems)
    .innerJoin(visits, eq(visits.id, visitProblems.visitId))
    .where(and(eq(visitProblems.orgId, orgId), isNull(visits.deletedAt), open, visitId ? ne(visitProblems.visitId, visitId) : undefined))
    .orderBy(asc(visits.visitedOn), asc(visitProblems.createdAt), asc(visitProblems.position));
}

/** Open problems of several orgs (for 我的单位), oldest first. */
export async function openProblemsOfOrgs(db: Db | Tx, orgIds: string[]): Promise<ProblemRow[]> {
  if (orgIds.length === 0) return [];
  return db
    .select(cols)
    .from(visitProblems)
    .innerJoin(visits, eq(visits.id, visitProblems.visitId))
    .where(and(inArray(visitProblems.orgId, orgIds), isNull(visits.deletedAt), isNull(visitProblems.solvedByVisitId)))
    .orderBy(asc(visits.visitedOn), asc(visitProblems.createdAt), asc(visitProblems.position));
}

/** The problems a visit raised, and those it marked solved (for its confirmation card). */
export async function problemsOfVisit(db: Db | Tx, visitId: string): Promise<{ raised: ProblemRow[]; solved: ProblemRow[] }> {
  const rows = await db
    .select(cols)
    .from(visitProblems)
    .innerJoin(visits, eq(visits.id, visitProblems.visitId))
    .where(or(eq(visitProblems.visitId, visitId), eq(visitProblems.solvedByVisitId, visitId)))
    .orderBy(asc(visitProblems.createdAt), asc(visitProblems.position));
  return { raised: rows.filter((r) => r.visitId === visitId), solved: rows.filter((r) => r.solvedByVisitId === visitId) };
}

/** Replaces the visit's still-open problems with `lines` (solved ones are history and stay). */
export async function setVisitProblems(tx: Db | Tx, visitId: string, orgId: string, lines: string[], at: Date): Promise<void> {
  const existing = await tx.select().from(visitProblems).where(eq(visitProblems.visitId, visitId));
  const solvedTexts = new Set(existing.filter((p) => p.solvedByVisitId).map((p) => p.text));
  await tx.delete(visitProblems).where(and(eq(visitProblems.visitId, visitId), isNull(visitProblems.solvedByVisitId)));
  const fresh = lines.filter((l) => !solvedTexts.has(l));
  if (fresh.length > 0) await tx.insert(visitProblems).values(fresh.map((text, position) => ({ visitId, orgId, text, position, createdAt: at })));
}

/**
 * Marks exactly `problemIds` as solved by the visit: the ones it had marked before and no longer
 * does open again. Only open problems of the same org from other live visits can be marked.
 * Returns how many are now marked.
 */
export async function setSolvedBy(tx: Db | Tx, visitId: string, orgId: string, solvedOn: string, problemIds: string[]): Promise<number> {
  await tx
    .update(visitProblems)
    .set({ solvedByVisitId: null, solvedOn: null })
    .where(eq(visitProblems.solvedByVisitId, visitId));
  if (problemIds.length === 0) return 0;
  const rows = await tx
    .update(visitProblems)
    .set({ solvedByVisitId: visitId, solvedOn })
    .where(
      and(
        inArray(visitProblems.id, problemIds),
        eq(visitProblems.orgId, orgId),
        ne(visitProblems.visitId, visitId),
        isNull(visitProblems.solvedByVisitId),
        sql`exists (select 1 from ${visits} where ${visits.id} = ${visitProblems.visitId} and ${visits.deletedAt} is null)`,
      ),
    )
    .returning({ id: visitProblems.id });
  return rows.length;
}

/** A deleted visit no longer solves anything. */
export async function reopenSolvedBy(tx: Db | Tx, visitId: string): Promise<void> {
  await tx.update(visitProblems).set({ solvedByVisitId: null, solvedOn: null }).where(eq(visitProblems.solvedByVisitId, visitId));
}
