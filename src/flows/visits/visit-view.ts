/**
 * The reads behind the card of one saved visit (visit-card.ts draws it from what is read here):
 * the record, its org, the problems it raised and solved, the cadence and, for the visit's own
 * instructor, the org's 一企一策 when one is owed.
 */
import type { BotContext } from '../../bot/flow.ts';
import type { Card } from '../../bot/types.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { orgsByIds } from '../../db/visits/org-scope-store.ts';
import { problemsOfVisit } from '../../db/visits/problem-store.ts';
import { orgStanding } from '../../db/visits/visit-standing.ts';
import { getVisit } from '../../db/visits/visit-store.ts';
import { orgPlan, planIsOwed } from '../../db/ledger/org-plan-store.ts';
import { deletedCard, renderVisitCard, type VisitView } from './visit-card.ts';

/** Null when the visit was deleted (or never existed): the caller shows the deleted card. */
export async function loadVisitView(ctx: BotContext, visitId: string): Promise<VisitView | null> {
  const v = await getVisit(ctx.db, visitId);
  if (!v || v.deletedAt) return null;
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const [org] = await orgsByIds(ctx.db, [v.orgId]);
  const { raised, solved } = await problemsOfVisit(ctx.db, v.id);
  const standing = org ? await orgStanding(ctx.db, org, v.instructorId, today, ctx.policy) : null;
  const mine = v.instructorId === ctx.person.id;
  const plan = mine ? await orgPlan(ctx.db, v.orgId) : null;
  return { visit: v, orgName: org?.name ?? '', raised, solved, standing, mine, plan: plan && planIsOwed(plan) ? plan : null, now };
}

/** The card of a visit by id: loaded, then drawn; a deleted (or unknown) visit gives the deleted card. */
export async function visitCard(ctx: BotContext, visitId: string, lead?: string): Promise<Card> {
  const view = await loadVisitView(ctx, visitId);
  return view ? renderVisitCard(ctx.t, view, lead) : deletedCard(ctx);
}
