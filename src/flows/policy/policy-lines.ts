/**
 * A region's policy in plain Chinese: the settings a district actually changes (coverage basis,
 * 兼合式 counting, 规模以上 single-organising, the ledger's staff thresholds, visits a month, report
 * days, targets), and a change between two policies as "before → after" lines.
 */
import { buttonRow, text, type El } from '../../cards/card-kit.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { dynamicKey, type Prompts } from '../../bot/prompts.ts';
import type { Card } from '../../bot/types.ts';
import { MEETING_KINDS, type Policy, type PolicyChange, type ReportDuty } from '../../domain/policy/index.ts';

export function policyMessage(title: string, body: El[], buttons: El[] = [], color = 'grey'): Card {
  return fillTemplate('message', { title, summary: title, color }, { body, buttons: buttons.length ? [buttonRow(buttons.flatMap((b) => (b.kind === 'buttons' ? b.buttons : [b])))] : [] });
}

const yesNo = (t: Prompts, v: boolean) => t(v ? 'policy.yes' : 'policy.no');

/** "每月 10、25 日前", "月底", "每年 06-30、12-31". */
export function reportWhen(t: Prompts, d: Pick<ReportDuty, 'monthDays' | 'yearDates'>): string {
  const sep = t('policy.list_sep');
  const parts: string[] = [];
  const days = d.monthDays.filter((x) => x !== 31);
  if (days.length) parts.push(t('policy.when.month_days', { days: days.join(sep) }));
  if (d.monthDays.includes(31)) parts.push(t('policy.when.last_day'));
  if (d.yearDates.length) parts.push(t('policy.when.year_dates', { dates: d.yearDates.join(sep) }));
  return parts.join(sep);
}

/** The duties with fixed month days (the ones a district sets), in a stable order. */
export function monthlyReports(p: Policy): Array<[string, ReportDuty]> {
  return Object.entries(p.reports)
    .filter(([, d]) => d.enabled && d.monthDays.length > 0)
    .sort(([a], [b]) => a.localeCompare(b));
}

export function summaryLines(t: Prompts, p: Policy): string[] {
  const th = p.thresholds;
  const out = [
    t('policy.line.basis', { value: t(dynamicKey(`ledger.basis.${p.coverage.basis}`)) }),
    t('policy.line.count_untransferred', { value: yesNo(t, p.formation.countUntransferredMembers) }),
    t('policy.line.above_scale', { revenue: th.aboveScale.minRevenueWanYuan, employees: th.aboveScale.minEmployees, value: yesNo(t, th.aboveScale.standaloneRequired) }),
    t('policy.line.key_staff', { n: th.keySocialOrgs.partyOrgRequiredFromStaff }),
    th.ledgerScope.enabled ? t('policy.line.scope_on', { ent: th.ledgerScope.enterpriseMinEmployees ?? 0, soc: th.ledgerScope.socialOrgMinStaff ?? 0 }) : t('policy.line.scope_off'),
    t('policy.line.visits', { n: p.instructors.visitsPerMonth }),
    p.targets.qualifiedCoveragePct === null
      ? t('policy.line.targets', { org: p.targets.orgCoveragePct, work: p.targets.workCoveragePct })
      : t('policy.line.targets_qualified', { org: p.targets.orgCoveragePct, work: p.targets.workCoveragePct, qualified: p.targets.qualifiedCoveragePct }),
  ];
  const reports = monthlyReports(p);
  if (!reports.length) out.push(t('policy.line.no_reports'));
  for (const [, d] of reports) out.push(t('policy.line.report', { what: d.what, when: reportWhen(t, d) }));
  return out;
}

function valueText(t: Prompts, path: string, v: unknown): string {
  if (v === null || v === undefined) return t('policy.none');
  if (typeof v === 'boolean') return yesNo(t, v);
  if (path === 'coverage.basis') return t(dynamicKey(`ledger.basis.${String(v)}`));
  if (path.endsWith('fromLevel')) return t(dynamicKey(`policy.level.${String(v)}`));
  if (/^meetings\.[a-z_]+\.period$/.test(path)) return t(dynamicKey(`policy.period.${String(v)}`));
  if (path.startsWith('people.activistsPerYear.') && Array.isArray(v) && v.length) {
    // Rows of { fromEmployees | fromStaff, count }, worded instead of shown as JSON.
    return (v as Array<{ fromEmployees?: number; fromStaff?: number; count: number }>)
      .map((r) => (r.fromEmployees !== undefined ? t('policy.value.activists_enterprise', { from: r.fromEmployees, count: r.count }) : t('policy.value.activists_social_org', { from: r.fromStaff ?? 0, count: r.count })))
      .join(t('policy.list_sep'));
  }
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(t('policy.list_sep')) : t('policy.none');
  return String(v);
}

/**
 * Settings with a plain-Chinese label (policy.label.<path>): every leaf an override can change
 * but reports.*, which have their own lines (test/flows/policy/policy-lines.test.ts walks the
 * schema, so a new setting without a label fails there). "其他设置" stays only as the fallback.
 */
const LABELLED = new Set([
  'coverage.basis',
  'coverage.functionalCounts',
  'formation.minFormalMembers',
  'formation.countUntransferredMembers',
  'formation.jointOrgMaxOrgs',
  'formation.generalBranchAboveMembers',
  'formation.partyCommitteeAboveMembers',
  'formation.instructorHelpedMembers',
  'thresholds.memberRequiredFromEmployees',
  'thresholds.partyOrgRequiredFromEmployees',
  'thresholds.keySocialOrgs.subtypes',
  'thresholds.registeredSocialOrgs.subtypes',
  'thresholds.aboveScale.standaloneRequired',
  'thresholds.aboveScale.minRevenueWanYuan',
  'thresholds.aboveScale.minEmployees',
  'thresholds.keySocialOrgs.partyOrgRequiredFromStaff',
  'thresholds.ledgerScope.enabled',
  'thresholds.ledgerScope.enterpriseMinEmployees',
  'thresholds.ledgerScope.socialOrgMinStaff',
  'thresholds.registeredSocialOrgs.fromLevel',
  'instructors.visitsPerMonth',
  'instructors.maxOrgsWithPartyOrg',
  'instructors.maxOrgsWithoutPartyOrg',
  'instructors.maxOrgsInTotal',
  'instructors.newPartyOrgMonths',
  'instructors.allPartyOrgsNeedOne',
  // Every meeting kind has the same cadence fields (optional ones included: an override may set them).
  ...MEETING_KINDS.flatMap((k) => ['enabled', 'period', 'count', 'usualQuarter', 'fixedDay'].map((f) => `meetings.${k}.${f}`)),
  ...['assembly', 'committee', 'election', 'excellentAtMost'].flatMap((q) => [`quorum.${q}.num`, `quorum.${q}.den`]),
  'terms.years.committee',
  'terms.years.general_branch',
  'terms.years.branch',
  'terms.years.joint_branch',
  'terms.years.functional_branch',
  'terms.reminderLeadMonths',
  'terms.maxShiftMonths',
  'targets.orgCoveragePct',
  'targets.workCoveragePct',
  'targets.qualifiedCoveragePct',
  'reminders.dueSoonDays.month',
  'reminders.dueSoonDays.quarter',
  'reminders.dueSoonDays.half_year',
  'reminders.dueSoonDays.year',
  'reminders.escalateAfterOverdueDays',
  'reminders.deliveryAttempts',
  'reminders.sendWindow.from',
  'reminders.sendWindow.until',
  'reminders.digestAt',
  'memberFinding.contactWithinWorkingDays',
  'memberFinding.escalateAfterWorkingDays',
  'memberFinding.outOfContactMonths',
  'memberFinding.eraseNotMemberAfterDays',
  'people.secretaryTrainingEveryYears',
  'people.workerTrainingEveryYears',
  'people.secretaryReservesMin',
  'people.secretaryLecture.enabled',
  'people.secretaryLecture.perYear',
  'people.activistsPerYear.enterprise',
  'people.activistsPerYear.socialOrg',
]);

/**
 * The changes as lines: a report duty is one line (added, removed, or its days changed), however
 * many of its fields differ; every other setting is one line with its label.
 */
export function changeLines(t: Prompts, changes: PolicyChange[], before: Policy, after: Policy): string[] {
  const out: string[] = [];
  const duties = new Set<string>();
  for (const c of changes) {
    const m = /^reports\.([^.]+)\./.exec(c.path);
    if (m) {
      duties.add(m[1]!);
      continue;
    }
    const label = LABELLED.has(c.path) ? t(dynamicKey(`policy.label.${c.path}`)) : t('policy.label.other', { path: c.path });
    out.push(t('policy.preview.change', { label, before: valueText(t, c.path, c.before), after: valueText(t, c.path, c.after) }));
  }
  for (const id of [...duties].sort()) {
    const b = before.reports[id];
    const a = after.reports[id];
    const on = (d?: ReportDuty) => !!d && d.enabled;
    if (on(a) && !on(b)) out.push(t('policy.preview.report_added', { what: a!.what, when: reportWhen(t, a!) }));
    else if (!on(a) && on(b)) out.push(t('policy.preview.report_removed', { what: b!.what }));
    else if (a && b) out.push(t('policy.preview.report_changed', { what: a.what, before: reportWhen(t, b), after: reportWhen(t, a) }));
  }
  return out;
}
