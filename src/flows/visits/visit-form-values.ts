/**
 * Reading the visit form as Feishu submits it (strings, a string array, booleans) into what is
 * kept on the card and, when everything is valid, the fields to save. Nothing here touches the
 * database: the step decides what to do with the result.
 */
import type { Prompts } from '../../bot/prompts.ts';
import { addDays, epochDay, parseFeishuDate } from '../../domain/shanghai-date.ts';
import { VISIT_TOPICS, VISIT_WAYS, type VisitTopic, type VisitWay } from '../../db/schema/visits.ts';
import type { VisitFields } from '../../db/visits/visit-store.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { BACKDATE_DAYS, PROBLEM_LINES_MAX, TEXT_MAX } from './visit-rules.ts';

/** What the form shows: the last values typed (or the defaults), always safe to render. */
export interface VisitDraft {
  visitedOn: string;
  way: string;
  topics: string[];
  found: string;
  problems: string;
  nextSteps: string;
  nextPlannedOn: string;
  /** Ids of earlier problems ticked as solved. */
  solved: string[];
}

export const TEXT_FIELDS = [
  ['found', 'found'],
  ['problems', 'problems'],
  ['nextSteps', 'next_steps'],
] as const;

/** The checker of an earlier problem: names allow letters, digits and _ only. */
export const solvedName = (problemId: string) => `ps_${problemId.replace(/-/g, '')}`;

export interface ReadResult {
  draft: VisitDraft;
  errors: Record<string, string>;
  /** Set when there are no errors. */
  fields?: VisitFields;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v));
const chars = (s: string) => [...s].length;

/**
 * @param prev what the card showed: a field missing from the submit keeps it
 * @param offered ids of the earlier problems the card offered to tick
 * @param earliest the earliest visit date allowed (today − BACKDATE_DAYS, or counted from the
 *   record's creation for an edit)
 */
export function readVisitForm(
  t: Prompts,
  form: Record<string, unknown>,
  prev: VisitDraft,
  opts: { today: string; earliest: string; offered: string[] },
): ReadResult {
  const errors: Record<string, string> = {};
  const draft: VisitDraft = { ...prev };

  // Date: required, a real date, not after today, not before `earliest`.
  const rawDate = str(form.visited_on);
  if (rawDate !== undefined) {
    const d = rawDate.trim() === '' ? null : parseFeishuDate(rawDate);
    if (rawDate.trim() === '') draft.visitedOn = '';
    else if (d === null) errors.visited_on = t('visit.err.bad_date');
    else draft.visitedOn = d;
  }
  if (!errors.visited_on) {
    if (!draft.visitedOn) errors.visited_on = t('visit.err.required');
    else if (epochDay(draft.visitedOn) > epochDay(opts.today)) errors.visited_on = t('visit.err.future');
    else if (epochDay(draft.visitedOn) < epochDay(opts.earliest))
      errors.visited_on = t('visit.err.too_old', { days: BACKDATE_DAYS, date: dateLabel(t, opts.earliest, opts.today) });
  }

  const rawWay = str(form.way);
  if (rawWay !== undefined) draft.way = (VISIT_WAYS as readonly string[]).includes(rawWay) ? rawWay : '';
  if (!draft.way) errors.way = t('visit.err.way_required');

  if (form.topics !== undefined) {
    const list = Array.isArray(form.topics) ? form.topics : typeof form.topics === 'string' ? [form.topics] : [];
    draft.topics = VISIT_TOPICS.filter((x) => list.includes(x));
  }
  if (draft.topics.length === 0) errors.topics = t('visit.err.topics_required');

  for (const [key, name] of TEXT_FIELDS) {
    const raw = str(form[name]);
    if (raw === undefined) continue;
    const text = raw.replace(/\r\n?/g, '\n').trim();
    if (chars(text) > TEXT_MAX) {
      errors[name] = t('visit.err.too_long', { max: TEXT_MAX, n: chars(text) });
      // Kept as far as the field can show it; the message says the rest was cut.
      draft[key] = [...text].slice(0, TEXT_MAX).join('');
    } else draft[key] = text;
  }

  const rawNext = str(form.next_planned_on);
  if (rawNext !== undefined) {
    const d = rawNext.trim() === '' ? null : parseFeishuDate(rawNext);
    if (rawNext.trim() === '') draft.nextPlannedOn = '';
    else if (d === null) errors.next_planned_on = t('visit.err.bad_date');
    else draft.nextPlannedOn = d;
  }
  if (!errors.next_planned_on && draft.nextPlannedOn && draft.visitedOn && !errors.visited_on) {
    if (epochDay(draft.nextPlannedOn) <= epochDay(draft.visitedOn)) errors.next_planned_on = t('visit.err.next_before_visit');
    else if (epochDay(draft.nextPlannedOn) > epochDay(addDays(opts.today, 366))) errors.next_planned_on = t('visit.err.next_too_far');
  }

  // A submitted form carries its checkers (an unticked one as false, or not at all); only a
  // submit with no values at all keeps what was ticked before.
  if (Object.keys(form).length > 0) {
    draft.solved = opts.offered.filter((id) => form[solvedName(id)] === true || form[solvedName(id)] === 'true');
  } else draft.solved = draft.solved.filter((id) => opts.offered.includes(id));

  if (Object.keys(errors).length > 0) return { draft, errors };
  const orNull = (s: string) => (s === '' ? null : s);
  return {
    draft,
    errors,
    fields: {
      visitedOn: draft.visitedOn,
      way: draft.way as VisitWay,
      topics: draft.topics as VisitTopic[],
      found: orNull(draft.found),
      problems: orNull(draft.problems),
      nextSteps: orNull(draft.nextSteps),
      nextPlannedOn: orNull(draft.nextPlannedOn),
    },
  };
}

/** One problem a line; blank lines dropped; lines past the limit go into the last one. */
export function problemLines(problems: string | null): string[] {
  if (!problems) return [];
  const lines = problems
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length <= PROBLEM_LINES_MAX) return lines;
  return [...lines.slice(0, PROBLEM_LINES_MAX - 1), lines.slice(PROBLEM_LINES_MAX - 1).join('；')];
}
