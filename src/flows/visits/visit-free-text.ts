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

export const visitFromText: NonNullable<Feature['freeText']> = async (ctx, text) => {
  const scope = scopeOf(ctx.person);
  if (!scope) return null;
  const mention = readVisitMention(text, shanghaiDate(ctx.clock.now()));
  if (!mention) return null;
  const prefill = {
    found: [...text].slice(0, TEXT_MAX).join(''),
    topics: mention.topics,
    ...(mention.visitedOn ? { visitedOn: mention.visitedOn } : {}),
  };
  const found = await orgsNamedIn(ctx.db, scope, text, mention.fragments, 5);
  // One match, or one whose whole name is in the text, or one of the instructor's own among others.
  const whole = found.filter((o) => text.includes(o.name));
  const own = found.filter((o) => o.assignedOn !== null);
  const org = found.length === 1 ? found[0] : whole.length === 1 ? whole[0] : own.length === 1 ? own[0] : null;
  if (org) return ctx.startFlow('visit', { orgId: org.id, prefill });
  if (found.length > 1) return ctx.startFlow('visit', { q: mention.fragments[mention.fragments.length - 1], prefill, lead: 'free_many' });
  return ctx.startFlow('visit', { prefill, lead: 'free_none' });
};
