/**
 * The meeting kinds and which fields each one's form has. The cadences themselves live in the
 * policy (domain/policy); this is only the shape of the record.
 */
import { MEETING_KINDS, type MeetingKind } from '../../domain/policy/policy-schema.ts';

export { MEETING_KINDS, type MeetingKind };

export interface KindShape {
  /** Expected / present / absentees. */
  attendance: boolean;
  /** Where "expected" is prefilled from: the org's formal members, its committee, or nothing known. */
  expectedFrom: 'formal' | 'committee' | null;
  /** 党课: lecturer and title. */
  lecture: boolean;
  /** 民主评议党员: counts by grade. */
  grades: boolean;
  /** 党员大会 / 党课 may be held as the month's 主题党日 and count for both. */
  themeDayBox: boolean;
  /** 党员大会 may be the 换届选举, whose quorum is 4/5 (policy.quorum.election) and which renews the term. */
  electionBox: boolean;
  /** Quorum rule checked on the form, from policy.quorum. */
  quorum: 'assembly' | 'committee' | null;
}

const base: KindShape = { attendance: true, expectedFrom: 'formal', lecture: false, grades: false, themeDayBox: false, electionBox: false, quorum: null };

export const KIND_SHAPES: Record<MeetingKind, KindShape> = {
  general_assembly: { ...base, themeDayBox: true, electionBox: true, quorum: 'assembly' },
  committee: { ...base, expectedFrom: 'committee', quorum: 'committee' },
  group: { ...base, expectedFrom: null },
  lecture: { ...base, lecture: true, themeDayBox: true },
  theme_day: base,
  life_meeting: base,
  appraisal: { ...base, grades: true },
  heart_talk: { ...base, attendance: false, expectedFrom: null },
};

export function isMeetingKind(v: unknown): v is MeetingKind {
  return typeof v === 'string' && (MEETING_KINDS as readonly string[]).includes(v);
}

export const GRADE_KEYS = ['excellent', 'qualified', 'basic', 'unqualified'] as const;
export type GradeKey = (typeof GRADE_KEYS)[number];
