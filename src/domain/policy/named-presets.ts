/**
 * Named presets, one per source document, that an officer (or `cli policy set --preset`) can
 * apply to their own region. A preset is settings only: the region it is applied to is chosen at
 * the time, so 临沭's rules can be taken up by a neighbouring county without editing code.
 */
import { LICHENG_370112, LINSHU_371329, WUHAN_4201 } from './regional-presets.ts';
import type { DeepPartial } from './resolve-policy.ts';
import type { Policy } from './policy-schema.ts';

export interface NamedPreset {
  name: string;
  /** The document the settings come from (a file under shared/seeds). */
  source: string;
  settings: DeepPartial<Policy>;
}

/**
 * 宁夏 (2018): the national defaults already take most numbers from 004; the preset states them
 * explicitly so a region under a differing ancestor override gets 004's own rules back.
 */
const NINGXIA_2018: NamedPreset = {
  name: '宁夏2018',
  source: '004_bf24ad35eb4892b8.txt',
  settings: {
    // 004 §10: 党建工作指导员联系指导单位原则上不超过5个，每月定期实地指导工作 — 5 units in
    // all (I1b), in place of 临沭's 5 with and 3 without a party org (002 二(二)).
    instructors: { visitsPerMonth: 1, maxOrgsInTotal: 5 },
    people: {
      // 004 §12: 党组织书记每年轮训1次，党务工作者和党建工作指导员每两年轮训1次
      secretaryTrainingEveryYears: 1,
      workerTrainingEveryYears: 2,
      // 004 §9: 每个非公有制企业和社会组织党组织至少要有1名后备人才
      secretaryReservesMin: 1,
      // 004 §14: 党组织书记每年至少讲1次党课
      secretaryLecture: { enabled: true, perYear: 1 },
    },
  },
};

export const NAMED_PRESETS: readonly NamedPreset[] = [
  { name: '武汉2016', source: WUHAN_4201.source!, settings: WUHAN_4201.settings },
  { name: '临沭2020', source: LINSHU_371329.source!, settings: LINSHU_371329.settings },
  { name: '历城2011', source: LICHENG_370112.source!, settings: LICHENG_370112.settings },
  NINGXIA_2018,
];

export function namedPreset(name: string): NamedPreset | undefined {
  return NAMED_PRESETS.find((p) => p.name === name.trim());
}
