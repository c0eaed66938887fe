/**
 * 18 months of meeting history for the demo's party orgs, as their secretaries would have logged
 * it: 支委会 and 主题党日 monthly, 党小组会 monthly per group, 党员大会 and 党课 quarterly, the
 * yearly kinds at the end of the year. Orgs that are "patchy" or "behind" skipped periods that
 * ended lately, so some obligations are overdue today (and not so many that the officers drown). Cadences come from the policy.
 */
import type { MeetingKind, Policy } from '../domain/policy/index.ts';
import {
  addDays,
  addMonths,
  dateOf,
  daysInMonth,
  maxDate,
  monthOf,
  startOfMonth,
  startOfQuarter,
  yearOf,
  type CalendarDate,
} from '../domain/shanghai-date.ts';
import type { DemoLedger, DemoPartyOrg } from './demo-ledger.ts';
import { personName } from './demo-people.ts';
import * as W from './demo-words.ts';
import type { Rng } from './prng.ts';

export const MEETING_HISTORY_MONTHS = 18;

export interface DemoMeeting {
  partyOrg: number;
  kind: MeetingKind;
  groupName: string | null;
  heldOn: CalendarDate;
  time: string;
  place: string;
  online: boolean;
  host: string;
  expected: number;
  present: number;
  absentees: Array<{ name: string; reason: string }>;
  topics: string;
  content: string;
  lecturer: string | null;
  title: string | null;
  grades: { excellent: number; qualified: number; basic: number; unqualified: number } | null;
  alsoThemeDay: boolean;
  /** Hours after the meeting that it was logged. */
  loggedAfterHours: number;
}

const DECISIONS = ['明确了下一步工作分工', '形成了会议纪要并报上级党组织', '确定了近期发展党员工作安排', '部署了下月主题党日活动', '通报了党费收缴情况'];
const PLACES = ['党员活动室', '公司三楼会议室', '联合党支部活动阵地', '街道党群服务中心'];

/**
 * The meetings of one party org from the start of the window to yesterday. `host` is the
 * secretary's name (a demo person's, or an invented one for orgs whose secretary is not in the demo).
 */
function meetingsOf(rng: Rng, policy: Policy, p: DemoPartyOrg, people: number, host: string, today: CalendarDate): DemoMeeting[] {
  const out: DemoMeeting[] = [];
  const windowStart = startOfMonth(addMonths(today, -MEETING_HISTORY_MONTHS));
  const from = maxDate(windowStart, p.foundedOn);
  const lastMonth = startOfMonth(addMonths(today, -1));
  const lastQuarter = startOfQuarter(addDays(startOfQuarter(today), -1));
  const missed = (kind: MeetingKind, periodStart: CalendarDate): boolean => {
    if (p.diligence === 'good') return false;
    const monthly = policy.meetings[kind].period === 'month';
    if (p.diligence === 'patchy') return monthly && periodStart === lastMonth && (kind === 'committee' || kind === 'theme_day');
    // behind: the last quarter's 党员大会 and 党课, and the last two months' 支委会.
    if (!monthly) return periodStart === lastQuarter && (kind === 'general_assembly' || kind === 'lecture');
    return kind === 'committee' && periodStart >= startOfMonth(addMonths(today, -2));
  };
  const absentees = (n: number) => Array.from({ length: n }, () => ({ name: personName(rng), reason: rng.pick(W.ABSENCE_REASONS) }));
  const add = (kind: MeetingKind, heldOn: CalendarDate, extra: Partial<DemoMeeting> = {}) => {
    if (heldOn < from || heldOn >= today) return;
    const expected = extra.expected ?? people;
    const away = expected > 3 ? rng.weighted([[0, 5], [1, 3], [2, 1]]) : 0;
    const topic = rng.pick(W.MEETING_TOPICS[kind] ?? ['集中学习']);
    out.push({
      partyOrg: p.idx,
      kind,
      groupName: null,
      heldOn,
      time: rng.pick(['09:00', '10:00', '14:30', '15:00', '16:00']),
      place: p.formation === 'joint' ? '联合党支部活动阵地' : rng.pick(PLACES),
      online: rng.chance(0.05),
      host,
      expected,
      present: expected - away,
      absentees: absentees(away),
      topics: topic,
      content: `围绕"${topic}"进行了学习讨论，${rng.pick(DECISIONS)}。`,
      lecturer: null,
      title: null,
      grades: null,
      alsoThemeDay: false,
      loggedAfterHours: rng.int(1, 48),
      ...extra,
    });
  };
  const day = (month: CalendarDate, d: number) => dateOf(yearOf(month), monthOf(month), Math.min(d, daysInMonth(yearOf(month), monthOf(month))));

  for (let month = startOfMonth(from); month <= today; month = addMonths(month, 1)) {
    const m = monthOf(month);
    const quarterMonth = (m - 1) % 3 === 1; // the middle month of each quarter
    let themeDayHeld = false;
    if (quarterMonth && policy.meetings.general_assembly.enabled && !missed('general_assembly', startOfQuarter(month))) {
      // Often held on the 主题党日 and counted for both.
      const asThemeDay = rng.chance(0.4);
      add('general_assembly', day(month, asThemeDay ? p.themeDay : rng.int(3, 27)), { alsoThemeDay: asThemeDay });
      themeDayHeld = asThemeDay;
    }
    if (quarterMonth && policy.meetings.lecture.enabled && !missed('lecture', startOfQuarter(month))) {
      const title = rng.pick(W.MEETING_TOPICS.lecture!);
      add('lecture', day(month, rng.int(3, 27)), { lecturer: rng.chance(0.7) ? host : '街道党工委委员', title, topics: title });
    }
    if (policy.meetings.committee.enabled && !missed('committee', month)) add('committee', day(month, rng.int(2, 12)), { expected: p.committeeSize });
    if (policy.meetings.theme_day.enabled && !themeDayHeld && !missed('theme_day', month)) add('theme_day', day(month, p.themeDay));
    if (policy.meetings.group.enabled) {
      for (const g of p.groups) {
        if (!missed('group', month)) add('group', day(month, rng.int(14, 26)), { groupName: g, expected: Math.max(3, Math.round(people / p.groups.length)) });
      }
    }
    if (m === 11 && policy.meetings.heart_talk.enabled) add('heart_talk', day(month, rng.int(5, 18)), { expected: p.committeeSize });
    if (m === 12) {
      if (policy.meetings.life_meeting.enabled) add('life_meeting', day(month, rng.int(18, 24)));
      if (policy.meetings.appraisal.enabled) {
        const { num, den } = policy.quorum.excellentAtMost;
        const excellent = Math.max(0, Math.floor((p.members * num) / den) - rng.int(0, 2));
        add('appraisal', day(month, rng.int(25, 29)), { grades: { excellent, qualified: p.members - excellent, basic: 0, unqualified: 0 } });
      }
    }
  }
  return out;
}

/** Meetings of every operating party org; `hosts[idx]` names the secretary where the demo has one. */
export function generateMeetings(rng: Rng, policyOf: (regionCode: string) => Policy, ledger: DemoLedger, hosts: Map<number, string>, today: CalendarDate): DemoMeeting[] {
  const out: DemoMeeting[] = [];
  for (const p of ledger.partyOrgs) {
    const org = ledger.orgs[p.orgs[0]!]!;
    if (org.status !== 'operating') continue;
    const people = p.members + p.orgs.reduce((s, i) => s + ledger.orgs[i]!.membersProbationary, 0);
    out.push(...meetingsOf(rng, policyOf(org.regionCode), p, people, hosts.get(p.idx) ?? personName(rng), today));
  }
  return out;
}
