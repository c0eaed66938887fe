/**
 * "今天开了支委会，到了5个人" from a secretary opens the meeting form for that kind, with the day
 * and the attendance it heard; nothing is saved until they check and submit. Someone who does not
 * log meetings is told who does, rather than "没有理解".
 */
import type { Feature } from '../../bot/feature.ts';
import { notice } from '../../bot/engine.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { MEETING_FLOW } from './meeting-flow.ts';
import { readMeetingMention } from './meeting-words.ts';
import { secretaryOrgIds } from './scope.ts';

export const meetingFromText: NonNullable<Feature['freeText']> = async (ctx, message) => {
  const mention = readMeetingMention(message, shanghaiDate(ctx.clock.now()));
  if (!mention) return null;
  if (secretaryOrgIds(ctx.person).length === 0) {
    // A person the bot does not know gets the registration card from the bot instead.
    return ctx.person.id ? notice(ctx.t('meetings.flow'), ctx.t('meetings.free.not_secretary'), [], 'orange') : null;
  }
  const heard = {
    ...(mention.heldOn ? { date: mention.heldOn } : {}),
    ...(mention.present !== null ? { present: mention.present } : {}),
    ...(mention.expected !== null ? { expected: mention.expected } : {}),
  };
  return ctx.startFlow(MEETING_FLOW, { kind: mention.kind, heard });
};
