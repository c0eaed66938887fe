/**
 * Reading a meeting out of a chat message ("今天开了支委会，到了5个人"): which kind, which day,
 * how many came. Pure; the words are data (src/bot/sentences.json, `meeting`), input vocabulary
 * rather than what the bot says.
 */
import { alternation, anyOf, dateIn, numberIn, numberPatterns, sentenceRules } from '../../bot/sentence-rules.ts';
import { isMeetingKind, type MeetingKind } from './kinds.ts';

const r = sentenceRules.meeting;
const v = sentenceRules.visit;
const KIND_OF = new Map<string, MeetingKind>(Object.entries(r.kinds).flatMap(([k, list]) => (isMeetingKind(k) ? list.map((w) => [w, k] as const) : [])));
const KIND = alternation([...KIND_OF.keys()]);
const VERB = alternation(r.verbs);
const GAP = `[^${v.nameEndMarks}]{0,${r.between}}?`;
/** 开了…支委会 ("召开了本月的支委会") or 支委会…开了 ("支委会今天开了"): a meeting that was held. */
const HELD = new RegExp(`${VERB}${GAP}(${KIND})|(${KIND})${GAP}${VERB}`);
/** "支委会开了吗", "开了几次党员大会" ask rather than tell. */
const QUESTION = anyOf([...v.questionWords, ...r.questionWords]);
/** "去了华兴科技，他们开了支委会": told after a visit verb, it is a visit that spoke of a meeting. */
const VISIT = anyOf(v.verbs);
const PRESENT = numberPatterns(r.attendance);
const EXPECTED = numberPatterns(r.expected);

export interface MeetingMention {
  kind: MeetingKind;
  /** The day it was held, when the message says (今天, 昨天, 上周三). */
  heldOn: string | null;
  present: number | null;
  expected: number | null;
}

/** The meeting a message tells of, or null when it does not read as one held. */
export function readMeetingMention(text: string, today: string): MeetingMention | null {
  const m = HELD.exec(text);
  if (!m || QUESTION.test(text)) return null;
  const visit = VISIT.exec(text);
  if (visit && visit.index < m.index) return null;
  const kind = KIND_OF.get(m[1] ?? m[2]!)!;
  return { kind, heldOn: dateIn(text, today), present: numberIn(text, PRESENT), expected: numberIn(text, EXPECTED) };
}
