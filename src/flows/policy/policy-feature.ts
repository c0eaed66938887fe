/**
 * Region policy in chat (issue 19 item 1): 本地区政策 / 政策设置 / 设置政策, or a region named
 * with it ("历城区政策设置"), for officers and admins.
 */
import type { Feature } from '../../bot/feature.ts';
import { policyFlow } from './policy-flow.ts';

/** "历城区政策", "设置唐王街道政策", "历城区的政策设置": a region's name, then 政策. */
const NAMED = /^(设置|查看|修改)?.{1,16}(省|市|区|县|旗|街道|镇|乡)的?政策(设置)?$/;

export const policyFeature: Feature = {
  flows: [policyFlow],
  commands: [
    {
      id: 'region-policy',
      words: ['本地区政策', '政策设置', '设置政策', '地区政策'],
      match: (text) => (NAMED.test(text) ? { text } : null),
      roles: policyFlow.roles,
      help: { labelKey: 'policy.help.open', order: 32 },
      run: (ctx, args) => ctx.startFlow(policyFlow.id, args),
    },
  ],
};
