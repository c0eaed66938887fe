/**
 * Free text that reads like a visit, from an instructor, opens the visit form with the org matched
 * by name within their scope and the message in "what was found". Nothing is saved until they
 * check and submit; when the name matches several orgs or none, step 1 opens instead.
 */
import type { Feature } from '../../bot/feature.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { orgsNamedIn } from '../../db/visits/org-scope-store.ts';
import { scopeOf } from './instructor-scope.ts';
import { TEXT_MAX } from './visit-rules.ts';
import { readVisitMention } from './visit-words.ts';
import { text } from '../../cards/card-kit.ts';
import { messageCard } from './visit-card.ts';

export const visitFromText: NonNullable<Feature['freeText']> = async (ctx, message) => {
  const scope = scopeOf(ctx.person);
  const mention = readVisitMention(message, shanghaiDate(ctx.clock.now()));
  if (!mention) return null;
  // An officer or a secretary telling of a visit: say who logs them, rather than "没有理解".
  if (!scope) return ctx.person.id && mention.orgLike ? messageCard(ctx.t('visit.flow_title'), [text(ctx.t('visit.free.not_instructor'))]) : null;
  const prefill = {
    found: [...chinesePunctuation(message)].slice(0, TEXT_MAX).join(''),
    topics: mention.topics,
    ...(mention.visitedOn ? { visitedOn: mention.visitedOn } : {}),
  };
  const found = await orgsNamedIn(ctx.db, scope, message, mention.fragments, 5);
  // One match; else the one whose whole name is in the message; else, when no full name is given,
  // the instructor's own among others ("华兴" for their 华兴科技, not a 华兴物业 down the road).
  const whole = found.filter((o) => message.includes(o.name));
  const own = found.filter((o) => o.assignedOn !== null);
  const org = found.length === 1 ? found[0] : whole.length === 1 ? whole[0] : whole.length === 0 && own.length === 1 ? own[0] : null;
  if (org) return ctx.startFlow('visit', { orgId: org.id, prefill });
  if (found.length > 1) return ctx.startFlow('visit', { q: mention.fragments[mention.fragments.length - 1], prefill, lead: 'free_many' });
  // Nothing matched: the pick list searched for the name as typed, keeping the date and topics;
  // a question such as "这个月走访情况怎么样" is left to the rest of the bot.
  if (!mention.orgLike) return null;
  return ctx.startFlow('visit', { q: mention.name, prefill, lead: 'free_none', leadName: mention.name });
};

/**
 * The bot hands features NFKC-normalised text, which turns "，" into ","; put the Chinese marks
 * back after Chinese characters so "what was found" reads as it was typed.
 */
function chinesePunctuation(text: string): string {
  const full: Record<string, string> = { ',': '，', ';': '；', ':': '：', '!': '！', '?': '？' };
  return text.replace(/(\p{Script=Han})([,;:!?])/gu, (_, han: string, mark: string) => han + full[mark]);
}
