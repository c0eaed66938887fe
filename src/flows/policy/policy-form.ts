/**
 * The 修改数值 form: the settings a district changes, prefilled with the policy in force; read
 * back into a patch of only what differs from it (laid over the region's own stored override),
 * or field errors in Chinese with what was typed kept.
 */
import { fieldLabel, input, select, text, type El } from '../../cards/card-kit.ts';
import { red } from '../../cards/rich.ts';
import type { Prompts } from '../../bot/prompts.ts';
import { dynamicKey } from '../../bot/prompts.ts';
import type { DeepPartial, Policy } from '../../domain/policy/index.ts';
import { SUPPORTED_BASES } from '../../ledger/ledger-rules.ts';
import { monthlyReports } from './policy-lines.ts';

type Draft = Record<string, string>;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const yn = (b: boolean) => (b ? 'yes' : 'no');
const reportField = (id: string) => `report_${id}`;

/** The form's values for a policy (what the officer starts from). */
export function draftOf(p: Policy): Draft {
  const th = p.thresholds;
  const d: Draft = {
    basis: p.coverage.basis,
    count_untransferred: yn(p.formation.countUntransferredMembers),
    standalone: yn(th.aboveScale.standaloneRequired),
    revenue: String(th.aboveScale.minRevenueWanYuan),
    employees: String(th.aboveScale.minEmployees),
    key_staff: String(th.keySocialOrgs.partyOrgRequiredFromStaff),
    scope: yn(th.ledgerScope.enabled),
    scope_ent: th.ledgerScope.enterpriseMinEmployees === null ? '' : String(th.ledgerScope.enterpriseMinEmployees),
    scope_soc: th.ledgerScope.socialOrgMinStaff === null ? '' : String(th.ledgerScope.socialOrgMinStaff),
    visits: String(p.instructors.visitsPerMonth),
    target_org: String(p.targets.orgCoveragePct),
    target_work: String(p.targets.workCoveragePct),
    target_qualified: p.targets.qualifiedCoveragePct === null ? '' : String(p.targets.qualifiedCoveragePct),
  };
  for (const [id, duty] of monthlyReports(p)) d[reportField(id)] = duty.monthDays.join('、');
  return d;
}

export function formFields(t: Prompts, p: Policy, draft: Draft, errors: Record<string, string>): El[] {
  const yesNo = [
    { value: 'yes', text: t('policy.yes') },
    { value: 'no', text: t('policy.no') },
  ];
  const out: El[] = [];
  const err = (name: string) => (errors[name] ? [text(red(errors[name]!))] : []);
  const pick = (name: string, label: string, options: Array<{ value: string; text: string }>) => {
    out.push(fieldLabel(label, true), select({ name, label, required: true, options, value: draft[name] }), ...err(name));
  };
  const num = (name: string, label: string, required = true) => {
    out.push(fieldLabel(label, required), input({ name, label, required, maxLength: 20, value: draft[name] }), ...err(name));
  };
  pick('basis', t('policy.field.basis'), SUPPORTED_BASES.map((b) => ({ value: b, text: t(dynamicKey(`ledger.basis.${b}`)) })));
  pick('count_untransferred', t('policy.field.count_untransferred'), yesNo);
  pick('standalone', t('policy.field.standalone'), yesNo);
  num('revenue', t('policy.field.revenue'));
  num('employees', t('policy.field.employees'));
  num('key_staff', t('policy.field.key_staff'));
  pick('scope', t('policy.field.scope'), yesNo);
  num('scope_ent', t('policy.field.scope_ent'), false);
  num('scope_soc', t('policy.field.scope_soc'), false);
  num('visits', t('policy.field.visits'));
  num('target_org', t('policy.field.target_org'));
  num('target_work', t('policy.field.target_work'));
  num('target_qualified', t('policy.field.target_qualified'), false);
  for (const [id, duty] of monthlyReports(p)) num(reportField(id), t('policy.field.report_days', { what: duty.what }));
  return out;
}

/** The typed values, every field named by the form (a field Feishu leaves out keeps its draft). */
export function typedDraft(p: Policy, form: Record<string, unknown>, previous: Draft): Draft {
  const d: Draft = { ...previous };
  for (const k of Object.keys(draftOf(p))) if (k in form) d[k] = str(form[k]);
  return d;
}

/**
 * The patch the typed values make to the policy in force `p`: only settings that differ, report
 * duties whole (an override is checked on its own, so a duty inherited from above must be complete).
 */
export function readForm(t: Prompts, p: Policy, d: Draft): { errors: Record<string, string>; patch?: DeepPartial<Policy> } {
  const errors: Record<string, string> = {};
  const whole = (name: string, min: number, max = Number.MAX_SAFE_INTEGER, optional = false): number | null => {
    const v = d[name] ?? '';
    if (v === '') {
      if (!optional) errors[name] = t('engine.required');
      return null;
    }
    if (!/^\d+$/.test(v)) {
      errors[name] = t('policy.err.whole');
      return null;
    }
    const n = Number(v);
    if (n < min) errors[name] = t('policy.err.min', { min });
    else if (n > max) errors[name] = t('policy.err.max', { max });
    return n;
  };
  const pct = (name: string, optional = false): number | null => {
    const v = d[name] ?? '';
    if (v === '') {
      if (!optional) errors[name] = t('engine.required');
      return null;
    }
    const n = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v) || n > 100) errors[name] = t('policy.err.percent');
    return n;
  };
  const choice = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const v = d[name] ?? '';
    if (!(allowed as readonly string[]).includes(v)) {
      errors[name] = t('policy.err.choice');
      return null;
    }
    return v as T;
  };
  const bool = (name: string) => choice(name, ['yes', 'no'] as const) === 'yes';
  const basis = choice('basis', SUPPORTED_BASES);
  const countUntransferred = bool('count_untransferred');
  const standalone = bool('standalone');
  const revenue = whole('revenue', 0);
  const employees = whole('employees', 1);
  const keyStaff = whole('key_staff', 1);
  const scope = bool('scope');
  const scopeEnt = whole('scope_ent', 0, undefined, true);
  const scopeSoc = whole('scope_soc', 0, undefined, true);
  if (scope && !errors.scope_ent && !errors.scope_soc && (scopeEnt === null || scopeSoc === null)) {
    errors[scopeEnt === null ? 'scope_ent' : 'scope_soc'] = t('policy.err.scope_both');
  }
  const visits = whole('visits', 1, 4);
  const targetOrg = pct('target_org');
  const targetWork = pct('target_work');
  const targetQualified = pct('target_qualified', true);
  const reports: Record<string, unknown> = {};
  for (const [id, duty] of monthlyReports(p)) {
    const name = reportField(id);
    const parts = (d[name] ?? '').split(/[、,，\s]+/).filter(Boolean);
    const days = parts.map(Number);
    if (!parts.length || parts.some((x) => !/^\d+$/.test(x)) || days.some((n) => n < 1 || n > 31)) errors[name] = t('policy.err.days');
    else {
      const sorted = [...new Set(days)].sort((a, b) => a - b);
      if (JSON.stringify(sorted) !== JSON.stringify(duty.monthDays)) reports[id] = { ...duty, monthDays: sorted };
    }
  }
  if (Object.keys(errors).length) return { errors };

  const patch: Record<string, Record<string, unknown>> = {};
  const put = (path: string[], value: unknown, current: unknown) => {
    if (JSON.stringify(value) === JSON.stringify(current)) return;
    let o: Record<string, unknown> = patch;
    for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[path.at(-1)!] = value;
  };
  const th = p.thresholds;
  put(['coverage', 'basis'], basis, p.coverage.basis);
  put(['formation', 'countUntransferredMembers'], countUntransferred, p.formation.countUntransferredMembers);
  put(['thresholds', 'aboveScale', 'standaloneRequired'], standalone, th.aboveScale.standaloneRequired);
  put(['thresholds', 'aboveScale', 'minRevenueWanYuan'], revenue, th.aboveScale.minRevenueWanYuan);
  put(['thresholds', 'aboveScale', 'minEmployees'], employees, th.aboveScale.minEmployees);
  put(['thresholds', 'keySocialOrgs', 'partyOrgRequiredFromStaff'], keyStaff, th.keySocialOrgs.partyOrgRequiredFromStaff);
  put(['thresholds', 'ledgerScope', 'enabled'], scope, th.ledgerScope.enabled);
  put(['thresholds', 'ledgerScope', 'enterpriseMinEmployees'], scopeEnt, th.ledgerScope.enterpriseMinEmployees);
  put(['thresholds', 'ledgerScope', 'socialOrgMinStaff'], scopeSoc, th.ledgerScope.socialOrgMinStaff);
  put(['instructors', 'visitsPerMonth'], visits, p.instructors.visitsPerMonth);
  put(['targets', 'orgCoveragePct'], targetOrg, p.targets.orgCoveragePct);
  put(['targets', 'workCoveragePct'], targetWork, p.targets.workCoveragePct);
  put(['targets', 'qualifiedCoveragePct'], targetQualified, p.targets.qualifiedCoveragePct);
  if (Object.keys(reports).length) patch.reports = reports;
  return { errors, patch: patch as DeepPartial<Policy> };
}
