/**
 * Writing a visit: the row, its problems, the earlier problems it solves and the audit entry, all
 * in the interaction's transaction, so none exists without the others.
 */
import type { BotContext } from '../../bot/flow.ts';
import type { VisitRow, VisitFields } from '../../db/visits/visit-store.ts';
import { insertVisit, lockVisit, updateVisit, visitFields } from '../../db/visits/visit-store.ts';
import { setSolvedBy, setVisitProblems } from '../../db/visits/problem-store.ts';
import { problemLines } from './visit-form-values.ts';
import { EDIT_WINDOW_MS } from './visit-rules.ts';

/** The parts of a visit the audit log keeps (the text fields included: they are the record). */
export function auditView(v: Pick<VisitRow, 'orgId' | 'visitedOn' | 'way' | 'topics' | 'found' | 'problems' | 'nextSteps' | 'nextPlannedOn'>, solved?: string[]) {
  return {
    orgId: v.orgId,
    ...visitFields(v),
    ...(solved ? { solvedProblemIds: solved } : {}),
  };
}

export async function createVisit(
  ctx: BotContext,
  a: { orgId: string; idempotencyKey: string; fields: VisitFields; solved: string[] },
): Promise<string> {
  const at = ctx.clock.now();
  const { visit, created } = await insertVisit(ctx.db, { ...a.fields, orgId: a.orgId, instructorId: ctx.person.id!, idempotencyKey: a.idempotencyKey, at });
  if (!created) return visit.id; // the same draft submitted again: its record stands
  await setVisitProblems(ctx.db, visit.id, a.orgId, problemLines(a.fields.problems), at);
  await setSolvedBy(ctx.db, visit.id, a.orgId, a.fields.visitedOn, a.solved);
  await ctx.audit({ action: 'create', entity: 'visit', entityId: visit.id, after: auditView(visit, a.solved) });
  return visit.id;
}

export type EditRefusal = 'gone' | 'not_yours' | 'late';

/** Why this person may not edit the visit now, or null when they may. */
export function editRefusal(v: VisitRow | undefined, personId: string | null, now: Date): EditRefusal | null {
  if (!v || v.deletedAt) return 'gone';
  if (v.instructorId !== personId) return 'not_yours';
  if (now.getTime() - v.createdAt.getTime() > EDIT_WINDOW_MS) return 'late';
  return null;
}

export async function editVisit(
  ctx: BotContext,
  visitId: string,
  fields: VisitFields,
  solved: string[],
): Promise<{ ok: true } | { ok: false; why: EditRefusal }> {
  const at = ctx.clock.now();
  const before = await lockVisit(ctx.db, visitId);
  const why = editRefusal(before, ctx.person.id, at);
  if (why) return { ok: false, why };
  const after = await updateVisit(ctx.db, visitId, fields, at);
  await setVisitProblems(ctx.db, visitId, after.orgId, problemLines(fields.problems), at);
  await setSolvedBy(ctx.db, visitId, after.orgId, fields.visitedOn, solved);
  await ctx.audit({ action: 'update', entity: 'visit', entityId: visitId, before: auditView(before!), after: auditView(after, solved) });
  return { ok: true };
}
