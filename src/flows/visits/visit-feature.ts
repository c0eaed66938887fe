/**
 * Guidance visits by 党建工作指导员 (issue 5): the visit flow and its words, 我的单位, the
 * officer's 走访情况 and assignment changes, buttons on saved visits, free text that reads like a
 * visit, and photos or files sent right after one.
 */
import { flowCommand, type Feature } from '../../bot/feature.ts';
import { assignFlow } from './assign-flow.ts';
import { instructorTrainingFlow } from './instructor-training-flow.ts';
import { myOrgsCommand } from './my-orgs.ts';
import { visitActions } from './visit-actions.ts';
import { offerAttachment } from './visit-file.ts';
import { visitFlow } from './visit-flow.ts';
import { visitFromText } from './visit-free-text.ts';
import { visitOverviewCommand } from './visit-overview.ts';

export const visitsFeature: Feature = {
  flows: [visitFlow, assignFlow, instructorTrainingFlow],
  commands: [
    flowCommand(visitFlow, 'visit', ['记录走访', '走访', '记走访', '登记走访'], { labelKey: 'visit.help.log', order: 2 }),
    myOrgsCommand,
    visitOverviewCommand,
    flowCommand(assignFlow, 'visit-assign', ['调整指导员', '指派指导员', '调整指派']),
    flowCommand(instructorTrainingFlow, 'instructor-training', ['登记轮训', '我的轮训']),
  ],
  actions: visitActions,
  freeText: visitFromText,
  file: offerAttachment,
};
