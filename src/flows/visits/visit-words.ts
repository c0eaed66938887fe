/**
 * Reading a visit out of a chat message ("今天去了某某公司，谈了发展党员"): whether it speaks of a
 * visit, which org it names, which topics and which day. Pure; the words are input vocabulary
 * (what people type), not what the bot says.
 */
import { VISIT_TOPICS, type VisitTopic } from '../../db/schema/visits.ts';
import { alternation, anyOf, dateIn, sentenceRules } from '../../bot/sentence-rules.ts';

// The words are data (src/bot/sentences.json, `visit`); these are the matchers built from them.
const w = sentenceRules.visit;
const MARKS = `[${w.nameEndMarks.replace(/[\]\\^-]/g, '\\$&')}]`;
const TRIGGER = anyOf(w.triggers, 'g');
/** Where the org's name ends: punctuation, or the verb that follows it. */
const NAME_END = new RegExp(`${MARKS}|\\s|${alternation(w.nameEndWords)}`);
/**
 * Words every second org name has (华兴科技有限公司, 柳埠街道科技有限公司0001): a name is matched on
 * what is left without them (and without numbers), never on 科技 or 公司 alone — a visit logged to
 * the wrong org is worse than none.
 */
const GENERIC = new RegExp(`${alternation(w.genericWords)}|\\d+`, 'g');
const QUESTION = anyOf(w.questionWords);
/** "到华兴科技看了看", "去华兴科技走访了": a place between 去/到 and a visit verb. */
const VISIT_PHRASE = new RegExp(`${alternation(w.bareTriggers)}(?:(?!${MARKS}|\\s).){2,30}?${alternation(w.phraseVerbs)}`);
const LEADING_FILLER = new RegExp(`^${alternation(w.leadingFiller)}+`);
const ORG_SUFFIX = new RegExp(`${alternation(w.orgSuffixes)}$`);
const ORG_WORD = anyOf(w.orgWords);
const VISIT_WORD = anyOf(w.verbs);
const TOPIC_WORDS: Array<[VisitTopic, RegExp]> = VISIT_TOPICS.filter((k) => w.topics[k]).map((k) => [k, anyOf(w.topics[k]!)]);

export interface VisitMention {
  /** Name fragments, longest first: what follows 去了/走访/到…, with and without a 公司-like suffix. */
  fragments: string[];
  /** The name as typed (the longest fragment): what the pick list searches when nothing matches. */
  name: string;
  topics: VisitTopic[];
  /** 今天 / 昨天 / 前天 / 上周三, as a date; null when the text does not say. */
  visitedOn: string | null;
  /** Whether a fragment looks like an org's name (…公司, …协会, or a place one went to): worth the pick list even unmatched. */
  orgLike: boolean;
}

/** The visit a message speaks of, or null when it does not read like one. */
export function readVisitMention(text: string, today: string): VisitMention | null {
  if (!VISIT_WORD.test(text) && !VISIT_PHRASE.test(text) && !(w.bareTriggers.some((b) => text.includes(b)) && ORG_WORD.test(text))) return null;
  const fragments: string[] = [];
  let placed = false;
  for (const m of text.matchAll(TRIGGER)) {
    const rest = text.slice(m.index! + m[0].length).replace(LEADING_FILLER, '');
    const end = rest.search(NAME_END);
    const name = [...(end < 0 ? rest : rest.slice(0, end))].slice(0, 40).join('');
    // A bare 到/去 counts only before something org-like ("到华兴公司") or a visit verb
    // ("到华兴科技看了看"), not in "看到" or "想到".
    if (w.bareTriggers.includes(m[0]) && !ORG_WORD.test(name) && !VISIT_PHRASE.test(m[0] + rest)) continue;
    if (!isDistinctive(name)) continue;
    fragments.push(name);
    // After a place verb (去/到/前往) or a done visit (走访了), the words are a place, not "走访情况".
    if (w.placeTriggers.some((p) => m[0].startsWith(p)) || m[0].endsWith('了')) placed = true;
    const core = name.replace(ORG_SUFFIX, '');
    if (core !== name && isDistinctive(core)) fragments.push(core);
  }
  if (fragments.length === 0) return null;
  const topics = TOPIC_WORDS.filter(([, re]) => re.test(text)).map(([x]) => x);
  const visitedOn = dateIn(text, today);
  const sorted = [...new Set(fragments)].sort((a, b) => b.length - a.length);
  return { fragments: sorted, name: sorted[0]!, topics, visitedOn, orgLike: fragments.some((f) => ORG_WORD.test(f)) || (placed && !QUESTION.test(text)) };
}

/** Whether a name has at least two characters besides the generic words (华兴科技 yes, 科技公司 no). */
export function isDistinctive(name: string): boolean {
  return [...name.replace(GENERIC, '')].length >= 2;
}
