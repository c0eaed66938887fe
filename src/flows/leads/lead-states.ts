/**
 * The order a lead moves in (issue 7 §4). A step may not be skipped: a lead is contacted before it
 * is verified, and verified before the member is brought into an org. An unreachable person who
 * turns up again goes back to contacted.
 */
import type { LeadState } from '../../db/schema/leads.ts';

/** A state a lead can be moved to: every state but the first (each has its own button words). */
export type TargetState = Exclude<LeadState, 'new'>;
/** The states that name the party org the member is now in. */
export type PlacedState = 'incorporated' | 'transferred';

const NEXT: Readonly<Record<LeadState, readonly TargetState[]>> = {
  new: ['contacted', 'unreachable'],
  contacted: ['verified', 'not_member', 'unreachable'],
  verified: ['incorporated', 'transferred', 'unreachable'],
  incorporated: ['transferred'],
  unreachable: ['contacted'],
  transferred: [],
  not_member: [],
};

export function nextStates(from: LeadState): readonly TargetState[] {
  return NEXT[from];
}

export function canMove(from: LeadState, to: LeadState): to is TargetState {
  return (NEXT[from] as readonly LeadState[]).includes(to);
}

/** Incorporated and transferred name the party org the member is now in. */
export function needsPartyOrg(to: LeadState): to is PlacedState {
  return to === 'incorporated' || to === 'transferred';
}

/** States in which the lead is still being worked on and may be handed to another org. */
export function isOpen(state: LeadState): boolean {
  return state === 'new' || state === 'contacted' || state === 'verified' || state === 'unreachable';
}

export function isLeadState(s: unknown): s is LeadState {
  return typeof s === 'string' && s in NEXT;
}
