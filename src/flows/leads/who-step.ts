/**
 * The first step of every way in: who the person is, how to reach them, and where they work as
 * typed (searched in the ledger before the next step). What differs by way in: whether the mobile
 * is required, and a few extra fields.
 */
import { input, text, type El } from '../../cards/card-kit.ts';
import type { Answers, BotContext, StepDef, StepView } from '../../bot/flow.ts';
import { exactOrgHit, searchOrgs } from '../../db/leads/workplace-search.ts';
import type { LeadSourceKind } from '../../db/schema/leads.ts';
import { resolveWhere } from './where-step.ts';
import { fieldError, formCard } from './form-kit.ts';
import { checkMobile, checkName, checkText, MAX_NAME, type Checked } from './lead-validate.ts';
import type { PromptKey } from '../../bot/prompts.ts';

export interface ExtraField {
  name: string;
  labelKey: PromptKey;
  hintKey?: PromptKey;
  required?: boolean;
  multiline?: boolean;
  max?: number;
}

export interface WhoOptions {
  titleKey: PromptKey;
  introKey: PromptKey;
  mobileRequired: boolean;
  /** The workplace may be unknown (组织找党员, 党员找党员); then the region is asked for. */
  workplaceRequired: boolean;
  extra: ExtraField[];
  /** Extra checks across fields (党员找党员: a mobile or another way to reach them). */
  check?(values: Record<string, unknown>): Record<string, string>;
  /**
   * The workplace typed names one ledger org exactly: the where step is skipped (nothing to
   * pick) and the flow goes on to `step`; the where step's checks still apply (`kind`).
   */
  exact?: { kind: LeadSourceKind; step: string };
}

const raw = (v: unknown) => (typeof v === 'string' ? v : '');

export function whoStep(o: WhoOptions): StepDef {
  return {
    render(ctx: BotContext, view: StepView) {
      const a = view.answers;
      const fields: El[] = [
        input({ name: 'name', label: ctx.t('leads.field.name'), required: true, value: raw(a.name), maxLength: MAX_NAME }),
        ...fieldError(ctx, view.errors, 'name'),
        input({ name: 'mobile', label: ctx.t('leads.field.mobile'), required: o.mobileRequired, value: raw(a.mobile), placeholder: ctx.t('leads.field.mobile_hint'), maxLength: 20 }),
        ...fieldError(ctx, view.errors, 'mobile'),
        input({
          name: 'query',
          label: ctx.t('leads.field.workplace_query'),
          required: o.workplaceRequired,
          value: raw(a.query),
          placeholder: ctx.t('leads.field.workplace_hint'),
          maxLength: 100,
        }),
        ...fieldError(ctx, view.errors, 'query'),
      ];
      for (const f of o.extra) {
        fields.push(
          input({
            name: f.name,
            label: ctx.t(f.labelKey),
            required: !!f.required,
            value: raw(a[f.name]),
            placeholder: f.hintKey ? ctx.t(f.hintKey) : undefined,
            multiline: f.multiline,
            maxLength: f.max ?? 200,
          }),
          ...fieldError(ctx, view.errors, f.name),
        );
      }
      return formCard(ctx, view, {
        title: ctx.t(o.titleKey),
        formName: 'lead_who',
        intro: [text(ctx.t(o.introKey))],
        fields,
        submit: ctx.t('leads.next'),
      });
    },
    async handle(ctx, inp, answers) {
      const f = inp.form;
      const typed: Answers = { ...answers, name: raw(f.name), mobile: raw(f.mobile), query: raw(f.query) };
      for (const e of o.extra) typed[e.name] = raw(f[e.name]);
      const checks: Record<string, Checked<unknown>> = {
        name: checkName(f.name),
        mobile: checkMobile(f.mobile, o.mobileRequired),
        query: checkText(f.query, o.workplaceRequired, 100),
      };
      for (const e of o.extra) checks[e.name] = checkText(f[e.name], !!e.required, e.max ?? 200);
      const errors: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      for (const [k, c] of Object.entries(checks)) {
        if (c.ok) values[k] = c.value;
        else errors[k] = c.error;
      }
      if (Object.keys(errors).length === 0 && o.check) Object.assign(errors, o.check(values));
      if (Object.keys(errors).length) return { kind: 'invalid', errors, answers: typed };
      const query = values.query as string | null;
      const hits = query ? await searchOrgs(ctx.db, query) : [];
      // A new search starts the next step afresh: an org picked for the old text would be wrong.
      const next: Answers = { ...answers, ...values, hits, org: undefined, regionHits: undefined, regionPick: undefined };
      const exact = o.exact && query ? exactOrgHit(hits, query) : undefined;
      if (o.exact && exact) {
        const r = await resolveWhere(ctx, o.exact.kind, { org: exact.id }, next);
        if (r.ok) return { kind: 'goto', step: o.exact.step, answers: r.answers };
      }
      return { kind: 'goto', step: 'where', answers: next };
    },
  };
}
