import type { Feature } from '../bot/feature.ts';
import { answerFlow } from './answer-flow.ts';
import { bulkFlow } from './bulk-flow.ts';
import { markDoneOnDigests } from './digest-marks.ts';
import { todoCommand } from './todo-command.ts';

/**
 * Reminders in chat: 待办, 推迟 / 不适用 on an item, an officer's reminder to their region, and
 * the done item marked on the digest once its task is finished.
 */
export const remindersFeature: Feature = {
  flows: [answerFlow, bulkFlow],
  commands: [todoCommand],
  taskDone: async (ctx) => {
    await markDoneOnDigests(ctx);
  },
};
