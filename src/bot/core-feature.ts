import type { Feature } from './feature.ts';
import { helpCard } from './help-card.ts';

/** Words every person has: 帮助 and 取消 (the engine ends the current draft on 取消). */
export const coreFeature: Feature = {
  commands: [
    {
      id: 'help',
      words: ['帮助', '菜单', '?', '？', 'help'],
      roles: 'anyone',
      run: async (ctx) => helpCard(ctx, (await import('./features.ts')).features.flatMap((f) => f.commands ?? [])),
    },
    { id: 'cancel', words: ['取消', '退出'], roles: 'anyone', run: async () => null },
  ],
};
