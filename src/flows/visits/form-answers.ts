/** The answers the visit form starts from: defaults for a new visit, the record for an edit. */
import type { BotContext } from '../../bot/flow.ts';
import { addDays, isCalendarDate, shanghaiDate } from '../../domain/shanghai-date.ts';
import { VISIT_TOPICS } from '../../db/schema/visits.ts';
import type { ScopedOrg } from '../../db/visits/org-scope-store.ts';
import { problemsOfVisit } from '../../db/visits/problem-store.ts';
import { orgStanding } from '../../db/visits/visit-standing.ts';
import type { VisitRow } from '../../db/visits/visit-store.ts';
import type { VisitDraft } from './visit-form-values.ts';
import { BACKDATE_DAYS, TEXT_MAX } from './visit-rules.ts';

/** What free text (or a reminder) already told us: the instructor checks it and submits. */
export interface Prefill {
  found?: string;
  topics?: string[];
  visitedOn?: string;
}

export interface FormAnswers extends VisitDraft {
  mode: 'new' | 'edit';
  /** One per draft: the visit's idempotency key. */
  key: string;
  orgId: string;
  orgName: string;
  editVisitId?: string;
  /** For an edit: the day the record was written (the 60 days count back from it). */
  writtenOn?: string;
}

/** Keeps only well-formed prefill values (they come from button values and free text). */
export function cleanPrefill(p: unknown): Prefill | undefined {
  if (!p || typeof p !== 'object') return undefined;
  const r = p as Record<string, unknown>;
  const out: Prefill = {};
  if (typeof r.found === 'string' && r.found.trim()) out.found = [...r.found.trim()].slice(0, TEXT_MAX).join('');
  if (Array.isArray(r.topics)) out.topics = VISIT_TOPICS.filter((x) => (r.topics as unknown[]).includes(x));
  if (typeof r.visitedOn === 'string' && isCalendarDate(r.visitedOn)) out.visitedOn = r.visitedOn;
  return Object.keys(out).length ? out : undefined;
}

export async function formAnswers(ctx: BotContext, org: Pick<ScopedOrg, 'id' | 'name' | 'regionCode'>, prefill?: Prefill): Promise<FormAnswers> {
  const today = shanghaiDate(ctx.clock.now());
  const visitedOn = prefill?.visitedOn ?? today;
  // The next date the cadence asks for once this visit is in (an on-site visit assumed).
  const next = await orgStanding(ctx.db, org, ctx.person.id!, today, ctx.policy, visitedOn);
  return {
    mode: 'new',
    key: crypto.randomUUID(),
    orgId: org.id,
    orgName: org.name,
    visitedOn,
    way: '',
    topics: prefill?.topics ?? [],
    found: prefill?.found ?? '',
    problems: '',
    nextSteps: '',
    nextPlannedOn: next.cadence.nextDueOn > visitedOn ? next.cadence.nextDueOn : '',
    solved: [],
  };
}

export async function editAnswers(ctx: BotContext, v: VisitRow, orgName: string): Promise<FormAnswers> {
  const { raised, solved } = await problemsOfVisit(ctx.db, v.id);
  return {
    mode: 'edit',
    key: `edit:${v.id}`,
    orgId: v.orgId,
    orgName,
    editVisitId: v.id,
    writtenOn: shanghaiDate(v.createdAt),
    visitedOn: v.visitedOn,
    way: v.way,
    topics: v.topics,
    found: v.found ?? '',
    // Problems as the form shows them: the lines still open, as typed.
    problems: raised.map((p) => p.text).join('\n') || (v.problems ?? ''),
    nextSteps: v.nextSteps ?? '',
    nextPlannedOn: v.nextPlannedOn ?? '',
    solved: solved.map((p) => p.id),
  };
}

/** The earliest visit date the form accepts. */
export function earliestDate(a: FormAnswers, today: string): string {
  return addDays(a.writtenOn ?? today, -BACKDATE_DAYS);
}
