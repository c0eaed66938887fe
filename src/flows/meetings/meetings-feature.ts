import { flowCommand, type Feature } from '../../bot/feature.ts';
import { meetingActions, offerAttachment } from './meeting-actions.ts';
import { meetingFlow } from './meeting-flow.ts';
import { meetingFromText } from './meeting-free-text.ts';
import { overviewCommand } from './overview-card.ts';
import { partyOrgCommand } from './party-org-card.ts';
import { partyOrgFactsFlow } from './party-org-facts-flow.ts';

/** 三会一课 and the other meetings (issue 6): log once, count everywhere. */
export const meetingsFeature: Feature = {
  flows: [meetingFlow, partyOrgFactsFlow],
  commands: [
    flowCommand(meetingFlow, 'meeting', ['记录会议', '三会一课', '记会议'], { labelKey: 'meetings.help.log', order: 3 }),
    partyOrgCommand,
    overviewCommand,
  ],
  actions: meetingActions,
  file: offerAttachment,
  freeText: meetingFromText,
};
