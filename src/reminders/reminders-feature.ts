import type { Feature } from '../bot/feature.ts';
import { answerFlow } from './answer-flow.ts';
import { bulkFlow } from './bulk-flow.ts';
import { todoCommand } from './todo-command.ts';

/** Reminders in chat: 待办, 推迟 / 不适用 on an item, and an officer's reminder to their region. */
export const remindersFeature: Feature = {
  flows: [answerFlow, bulkFlow],
  commands: [todoCommand],
};
