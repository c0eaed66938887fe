/**
 * Reading a visit out of a chat message ("今天去了某某公司，谈了发展党员"): whether it speaks of a
 * visit, which org it names, which topics and which day. Pure; the words are input vocabulary
 * (what people type), not what the bot says.
 */
import type { VisitTopic } from '../../db/schema/visits.ts';
import { addDays } from '../../domain/shanghai-date.ts';

const TRIGGER = /(去了|去过|去到|走访了?|拜访了?|到访了?|来到|到了|前往|调研了?|看望了?|到|去)/g;
/** Where the org's name ends: punctuation, or the verb that follows it. */
const NAME_END = /[，,。.；;！!？?、\s]|谈|聊|了解|交流|座谈|调研|检查|指导|开展|参加|看了|看看|走访|拜访|转了|和|与|跟|同|进行|帮助|帮/;
/**
 * Words every second org name has (华兴科技有限公司, 柳埠街道科技有限公司0001): a name is matched on
 * what is left without them, never on 科技 or 公司 alone — a visit logged to the wrong org is worse
 * than none.
 */
const GENERIC = /(股份有限公司|有限责任公司|有限公司|公司|科技|集团|企业|工厂|厂|实业|贸易|管理|服务|物业|发展|技术|电子|信息|网络|商贸|街道|社区|\d+)/g;
const QUESTION = /[?？吗]|怎么样|多少|哪些|几个/;
/** "到华兴科技看了看", "去华兴科技走访了": a place between 去/到 and a visit verb. */
const VISIT_PHRASE = /(去|到)[^，,。；;！!？?\s]{2,30}?(走访|拜访|调研|看了|看看|转了|座谈|了解|检查|指导)/;
const LEADING_FILLER = /^(了|一下|一趟|一次|趟|下)+/;
const ORG_SUFFIX = /(股份有限公司|有限责任公司|有限公司|公司|集团|企业|工厂|厂)$/;
const ORG_WORD = /(公司|集团|企业|厂|协会|商会|学会|基金会|学校|医院|事务所|中心|店|社)/;
const VISIT_WORD = /(去了|去过|去到|走访|拜访|到访|来到|前往|调研|看望)/;

const TOPIC_WORDS: Array<[VisitTopic, RegExp]> = [
  ['party_org', /(组建|建立党组织|成立党支部|建党组织|单独建|联合建)/],
  ['recruit', /(发展党员|入党|积极分子)/],
  ['meetings', /(三会一课|党员大会|支委会|党小组会|党课)/],
  ['theme_day', /主题党日/],
  ['dues', /党费/],
  ['venue', /(阵地|活动室|活动场所)/],
  ['mass_org', /(群团|工会|共青团|团组织|妇联)/],
  ['principal', /(出资人|老板|负责人|董事长|总经理)/],
];

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
  if (!VISIT_WORD.test(text) && !VISIT_PHRASE.test(text) && !(/到/.test(text) && ORG_WORD.test(text))) return null;
  const fragments: string[] = [];
  let placed = false;
  for (const m of text.matchAll(TRIGGER)) {
    const rest = text.slice(m.index! + m[0].length).replace(LEADING_FILLER, '');
    const end = rest.search(NAME_END);
    const name = [...(end < 0 ? rest : rest.slice(0, end))].slice(0, 40).join('');
    // A bare 到/去 counts only before something org-like ("到华兴公司") or a visit verb
    // ("到华兴科技看了看"), not in "看到" or "想到".
    if ((m[0] === '到' || m[0] === '去') && !ORG_WORD.test(name) && !VISIT_PHRASE.test(m[0] + rest)) continue;
    if (!isDistinctive(name)) continue;
    fragments.push(name);
    // After a place verb (去/到/前往) or a done visit (走访了), the words are a place, not "走访情况".
    if (/^(去|到|来到|前往)|了$/.test(m[0])) placed = true;
    const core = name.replace(ORG_SUFFIX, '');
    if (core !== name && isDistinctive(core)) fragments.push(core);
  }
  if (fragments.length === 0) return null;
  const topics = TOPIC_WORDS.filter(([, re]) => re.test(text)).map(([x]) => x);
  const visitedOn = /前天/.test(text) ? addDays(today, -2) : /昨天|昨日/.test(text) ? addDays(today, -1) : /今天|今日/.test(text) ? today : lastWeekDay(text, today);
  const sorted = [...new Set(fragments)].sort((a, b) => b.length - a.length);
  return { fragments: sorted, name: sorted[0]!, topics, visitedOn, orgLike: fragments.some((f) => ORG_WORD.test(f)) || (placed && !QUESTION.test(text)) };
}

/** Whether a name has at least two characters besides the generic words (华兴科技 yes, 科技公司 no). */
export function isDistinctive(name: string): boolean {
  return [...name.replace(GENERIC, '')].length >= 2;
}

/** "上周三" as a date: that weekday of the week (Monday first) before today's. */
function lastWeekDay(text: string, today: string): string | null {
  const m = /上(?:周|星期|礼拜)([一二三四五六日天])/.exec(text);
  if (!m) return null;
  const n = '一二三四五六日'.indexOf(m[1] === '天' ? '日' : m[1]!);
  const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(today, -dow - 7 + n);
}
