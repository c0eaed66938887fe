/**
 * 一企一策 / 一社一策 (000 二1; 武汉 二(三); 临沭 三(二)2): the plan form, the list, and the
 * buttons that open an org's plan. 我的单位 and the saved-visit card link here.
 */
import type { Feature } from '../../bot/feature.ts';
import { planFlow } from './plan-flow.ts';
import { planActions, planListCommand } from './plan-list.ts';

export const plansFeature: Feature = {
  flows: [planFlow],
  commands: [planListCommand],
  actions: planActions,
};
