/**
 * Reads a meeting form as Feishu sends it (strings, booleans, picker text) into a record, with
 * errors that block and warnings that need a second submit. Pure: the caller passes the org's
 * facts, the policy and the time.
 *
 * Rules (domain.md "Meeting cadences", 《支部工作条例》):
 * - present > expected is an error; so is a date in the future or before the org was founded;
 * - 党员大会 with half or fewer of the members with voting rights (formal members) present: a vote
 *   does not stand (第十一条) — warning;
 * - 支委会 with half or fewer of the committee present (第十二条) — warning;
 * - 党员大会 held as the 换届选举 with 4/5 or fewer of the members with voting rights present: the
 *   election is void (《中国共产党基层组织选举工作条例》 有选举权的到会人数超过应到会人数的五分之四，会议有效;
 *   domain.md "election quorum", peers.md) — warning, and the term is not renewed;
 * - 民主评议: 优秀 above one third of formal members (第十九条) — warning.
 * The shares come from policy.quorum, never from here.
 */
import type { Prompts } from '../../bot/prompts.ts';
import type { Fraction, Policy } from '../../domain/policy/index.ts';
import { parseFeishuDate, parseFeishuDateAndTime, epochDay, shanghaiDate } from '../../domain/shanghai-date.ts';
import type { Absentee, Grades } from '../../db/schema/meetings.ts';
import { GRADE_KEYS, KIND_SHAPES, type MeetingKind } from './kinds.ts';

export const LIMITS = { place: 100, host: 50, topics: 200, content: 2000, absentees: 1000, lecturer: 50, title: 100 } as const;
const MAX_COUNT = 99_999;

export interface MeetingValues {
  heldAt: Date;
  heldOn: string;
  place: string | null;
  online: boolean;
  host: string;
  expected: number | null;
  present: number | null;
  absentees: Absentee[];
  topics: string;
  content: string | null;
  lecturer: string | null;
  title: string | null;
  grades: Grades | null;
  alsoThemeDay: boolean;
  /** Held as the 换届选举. */
  election: boolean;
}

export interface Warning {
  code: 'assembly_quorum' | 'election_quorum' | 'committee_quorum' | 'excellent_share' | 'duplicate';
  field: string;
  text: string;
}

export interface ValidateInput {
  kind: MeetingKind;
  form: Record<string, unknown>;
  org: { membersFormal: number; committeeSize: number; foundedOn: string | null };
  policy: Pick<Policy, 'quorum'>;
  now: Date;
  t: Prompts;
}

export type Checked =
  | { ok: false; errors: Record<string, string> }
  | { ok: true; values: MeetingValues; warnings: Warning[] };

/** Text as typed (trimmed): names and topics keep their full-width punctuation. */
export const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
export const isChecked = (v: unknown): boolean => v === true || v === 'true';

/** A whole, non-negative count as people type it (全角 digits included), or null. */
export function parseCount(v: unknown): number | null {
  const s = str(v).normalize('NFKC');
  if (!/^\d{1,6}$/.test(s)) return null;
  const n = Number(s);
  return n <= MAX_COUNT ? n : null;
}

/** One absentee a line: "张三 病假", "李四：出差", "王五（外出学习）"; a name alone is fine. */
export function parseAbsentees(text: string): Absentee[] {
  return text
    .split(/\r?\n|；|;/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(.+?)(?:\s*[:：,，、\s]\s*|\s*[（(])(.*?)[)）]?$/.exec(line);
      return m ? { name: m[1]!.trim(), reason: m[2]!.trim() } : { name: line, reason: '' };
    });
}

export const absenteesText = (list: readonly Absentee[]): string =>
  list.map((a) => (a.reason ? `${a.name} ${a.reason}` : a.name)).join('\n');

/** "half or fewer" of total is there: present ≤ total × num/den, compared without floating point. */
export const notMoreThan = (present: number, total: number, f: Fraction): boolean => present * f.den <= total * f.num;

export function shareText(t: Prompts, f: Fraction): string {
  return f.num * 2 === f.den ? t('meetings.share.half') : t('meetings.share.fraction', { num: f.num, den: f.den });
}

export function validateMeeting(input: ValidateInput): Checked {
  const { kind, form, org, policy, t } = input;
  const shape = KIND_SHAPES[kind];
  const errors: Record<string, string> = {};
  const required = t('engine.required');
  const text = (name: keyof typeof LIMITS, need: boolean): string | null => {
    const v = str(form[name]);
    if (!v) {
      if (need) errors[name] = required;
      return null;
    }
    if ([...v].length > LIMITS[name]) errors[name] = t('engine.field_too_long', { max: LIMITS[name] });
    return v;
  };

  // When: a date and a time, not in the future, not before the org was founded.
  let heldAt: Date | null = null;
  let heldOn = '';
  const dateRaw = str(form.date);
  const timeRaw = str(form.time);
  if (!dateRaw) errors.date = required;
  else if (!parseFeishuDate(dateRaw)) errors.date = t('meetings.err.date');
  if (!timeRaw) errors.time = required;
  if (!errors.date && timeRaw) {
    const dt = parseFeishuDateAndTime(dateRaw, timeRaw);
    if (!dt) errors.time = t('meetings.err.time');
    else if (dt.instant.getTime() > input.now.getTime()) errors.date = t('meetings.err.future');
    else if (org.foundedOn && epochDay(dt.date) < epochDay(org.foundedOn)) errors.date = t('meetings.err.before_founding', { date: org.foundedOn });
    else {
      heldAt = dt.instant;
      heldOn = shanghaiDate(dt.instant);
    }
  }

  const online = isChecked(form.online);
  const place = text('place', !online);
  const host = text('host', true);
  // A 党课's 议题 is its 题目: the form asks once (党课题目) and the record keeps it in both.
  const topics = shape.lecture ? text('title', true) : text('topics', true);
  const content = text('content', false);
  const lecturer = text('lecturer', shape.lecture);
  const title = text('title', shape.lecture);

  let expected: number | null = null;
  let present: number | null = null;
  let absentees: Absentee[] = [];
  if (shape.attendance) {
    const count = (name: 'expected' | 'present'): number | null => {
      if (!str(form[name])) {
        errors[name] = required;
        return null;
      }
      const n = parseCount(form[name]);
      if (n === null) errors[name] = t('meetings.err.count');
      return n;
    };
    expected = count('expected');
    present = count('present');
    if (expected !== null && present !== null && present > expected) {
      errors.present = t('meetings.err.present_over', { present, expected });
    }
    const absText = text('absentees', false);
    absentees = absText ? parseAbsentees(absText) : [];
    if (!errors.present && expected !== null && present !== null && absentees.length > expected - present) {
      errors.absentees = t('meetings.err.absentees_over', { listed: absentees.length, missing: expected - present });
    }
  }

  let grades: Grades | null = null;
  if (shape.grades) {
    const g: Partial<Grades> = {};
    for (const k of GRADE_KEYS) {
      const name = `g_${k}`;
      if (!str(form[name])) errors[name] = required;
      else {
        const n = parseCount(form[name]);
        if (n === null) errors[name] = t('meetings.err.count');
        else g[k] = n;
      }
    }
    if (GRADE_KEYS.every((k) => g[k] !== undefined)) {
      grades = g as Grades;
      const sum = GRADE_KEYS.reduce((s, k) => s + grades![k], 0);
      const graded = org.membersFormal > 0 ? org.membersFormal : expected;
      if (graded !== null && sum > graded) errors.g_excellent = t('meetings.err.grades_over', { sum, formal: graded });
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const warnings: Warning[] = [];
  const election = shape.electionBox && isChecked(form.election);
  if (shape.quorum === 'assembly' && present !== null) {
    // Members with voting rights are the formal members; the form's expected count stands in when the org has none recorded.
    const voting = org.membersFormal > 0 ? org.membersFormal : expected!;
    if (voting > 0 && notMoreThan(present, voting, policy.quorum.assembly)) {
      warnings.push({ code: 'assembly_quorum', field: 'present', text: t('meetings.warn.assembly_quorum', { present, voting, share: shareText(t, policy.quorum.assembly) }) });
    }
    // 选举工作条例: 有选举权的到会人数超过应到会人数的五分之四，会议有效 — below that the election is void.
    if (election && voting > 0 && notMoreThan(present, voting, policy.quorum.election)) {
      warnings.push({ code: 'election_quorum', field: 'present', text: t('meetings.warn.election_quorum', { present, voting, share: shareText(t, policy.quorum.election) }) });
    }
  }
  if (shape.quorum === 'committee' && present !== null) {
    const size = org.committeeSize > 0 ? org.committeeSize : expected!;
    if (size > 0 && notMoreThan(present, size, policy.quorum.committee)) {
      warnings.push({ code: 'committee_quorum', field: 'present', text: t('meetings.warn.committee_quorum', { present, size, share: shareText(t, policy.quorum.committee) }) });
    }
  }
  if (grades) {
    const formal = org.membersFormal > 0 ? org.membersFormal : expected!;
    const f = policy.quorum.excellentAtMost;
    if (grades.excellent * f.den > formal * f.num) {
      warnings.push({ code: 'excellent_share', field: 'g_excellent', text: t('meetings.warn.excellent_share', { excellent: grades.excellent, formal, share: `${f.num}/${f.den}` }) });
    }
  }

  return {
    ok: true,
    warnings,
    values: {
      heldAt: heldAt!,
      heldOn,
      place,
      online,
      host: host!,
      expected,
      present,
      absentees,
      topics: topics!,
      content,
      lecturer: shape.lecture ? lecturer : null,
      title: shape.lecture ? title : null,
      grades,
      alsoThemeDay: shape.themeDayBox && isChecked(form.also_theme_day),
      election,
    },
  };
}
