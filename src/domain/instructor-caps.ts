/**
 * How many units an instructor may guide, under the rule the region's policy chooses:
 * - I1 + I2, 002 二(二): 每名党建工作指导员指导"两新"组织党组织不超过5家 … (未建立党组织的)
 *   指导"两新"组织不超过3家 — two separate caps, by whether the unit has a party org;
 * - I1b, 004 §10: 党建工作指导员联系指导单位原则上不超过5个 — one cap on all units together,
 *   used where policy.instructors.maxOrgsInTotal is set (the 宁夏2018 preset).
 */
import type { Policy } from './policy/index.ts';

export interface InstructorLoad {
  withPartyOrg: number;
  withoutPartyOrg: number;
}

export type CapRule = 'with' | 'without' | 'total';

export interface CapCheck {
  /** Which cap this assignment is judged by. */
  rule: CapRule;
  /** The count that cap compares, after the assignment. */
  after: number;
  cap: number;
  exceeds: boolean;
}

/** `counted`: the org is operating (closed orgs do not count towards any cap). */
export function checkInstructorCap(caps: Policy['instructors'], load: InstructorLoad, withParty: boolean, counted: boolean): CapCheck {
  const add = counted ? 1 : 0;
  if (caps.maxOrgsInTotal !== null) {
    const after = load.withPartyOrg + load.withoutPartyOrg + add;
    return { rule: 'total', after, cap: caps.maxOrgsInTotal, exceeds: after > caps.maxOrgsInTotal };
  }
  const after = (withParty ? load.withPartyOrg : load.withoutPartyOrg) + add;
  const cap = withParty ? caps.maxOrgsWithPartyOrg : caps.maxOrgsWithoutPartyOrg;
  return { rule: withParty ? 'with' : 'without', after, cap, exceeds: after > cap };
}

/** Whether an instructor is already past the region's caps (for lists of instructors). */
export function isOverCap(caps: Policy['instructors'], load: InstructorLoad): boolean {
  if (caps.maxOrgsInTotal !== null) return load.withPartyOrg + load.withoutPartyOrg > caps.maxOrgsInTotal;
  return load.withPartyOrg > caps.maxOrgsWithPartyOrg || load.withoutPartyOrg > caps.maxOrgsWithoutPartyOrg;
}
