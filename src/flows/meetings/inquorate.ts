/**
 * Which held 党员大会 / 支委会 fell short of their quorum, so obligations can say
 * "已开（到会未过半）" instead of a plain "已开".
 *
 * Such a meeting still COUNTS towards the obligation. 条例 第十一条 sets the majority as the condition
 * for a 党员大会's votes and elections (表决), not for the meeting itself: the study and discussion
 * took place and a vote taken there is void, which the record's warning already says. 第十二条 asks a
 * 支委会 to have more than half of its members present; read strictly, a 支委会 short of that was not
 * properly convened. We still count it, marked, because the mark (on the kind picker, the
 * confirmation and 本支部) shows the superior exactly what happened, while turning an honestly
 * recorded meeting into "已逾期" would tempt a busy secretary to round the attendance up. The
 * policy owner may prefer the strict reading; that needs the obligation count itself to change
 * (src/domain/meeting-obligations.ts), not this view.
 */
import type { Db, Tx } from '../../db/database.ts';
import { liveMeetingsOf } from '../../db/meetings/meeting-store.ts';
import type { Obligation } from '../../domain/meeting-obligations.ts';
import { addMonths, startOfYear, type CalendarDate } from '../../domain/shanghai-date.ts';

/**
 * `${kind}:${heldOn}` of each live meeting saved with a quorum warning, with which one: short of a
 * majority, or a 换届选举 short of its 4/5 (选举工作条例; the meeting itself still counts as the
 * quarter's 党员大会, but its election is void and the term was not renewed).
 */
export type InquorateDays = ReadonlyMap<string, 'majority' | 'election'>;

const QUORUM_CODES = new Set(['assembly_quorum', 'committee_quorum']);

/** Loaded from before any period the obligations can show (this year and the one before it began). */
export async function inquorateDays(db: Db | Tx, partyOrgId: string, today: CalendarDate): Promise<InquorateDays> {
  const rows = await liveMeetingsOf(db, [partyOrgId], addMonths(startOfYear(today), -6));
  const out = new Map<string, 'majority' | 'election'>();
  for (const m of rows) {
    const key = `${m.kind}:${m.heldOn}`;
    if (m.warnings.includes('election_quorum')) out.set(key, 'election');
    else if (m.warnings.some((w) => QUORUM_CODES.has(w)) && out.get(key) !== 'election') out.set(key, 'majority');
  }
  return out;
}

/** A done obligation every one of whose meetings was short of its quorum. */
export function isInquorate(o: Obligation, days: InquorateDays | undefined): boolean {
  return !!days && o.status === 'done' && o.heldOn.length > 0 && o.heldOn.every((d) => days.has(`${o.kind}:${d}`));
}

/** A done obligation one of whose meetings was a 换届选举 short of its 4/5: marked "选举无效". */
export function hasVoidElection(o: Obligation, days: InquorateDays | undefined): boolean {
  return !!days && o.status === 'done' && o.heldOn.some((d) => days.get(`${o.kind}:${d}`) === 'election');
}

/**
 * The date of the latest 换届选举 since the current term began that fell short of its 4/5, or
 * null: shown beside the term, since such an election did not renew it. Looked for over the
 * past year when no term is recorded.
 */
export async function voidElectionSince(db: Db | Tx, partyOrgId: string, termStartedOn: CalendarDate | null, today: CalendarDate): Promise<CalendarDate | null> {
  const rows = await liveMeetingsOf(db, [partyOrgId], termStartedOn ?? addMonths(today, -12));
  const last = rows.filter((m) => m.election && (!termStartedOn || m.heldOn > termStartedOn)).at(-1);
  return last && last.warnings.includes('election_quorum') ? last.heldOn : null;
}
