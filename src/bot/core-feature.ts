import type { Feature } from './feature.ts';
import { guestCard, helpCard } from './help-card.ts';

/** Words every person has: 帮助 and 取消 (the engine ends the current draft on 取消). */
export const coreFeature: Feature = {
  commands: [
    {
      id: 'help',
      words: ['帮助', '菜单', '?', '？', 'help'],
      roles: 'anyone',
      // A person the ledger does not know sees how to be registered (and 党员找组织) instead.
      run: async (ctx) =>
        ctx.person.id ? helpCard(ctx, ctx.commands) : guestCard(ctx),
    },
    { id: 'cancel', words: ['取消', '退出'], roles: 'anyone', run: async () => null },
  ],
};
