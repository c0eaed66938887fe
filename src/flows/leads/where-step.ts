/**
 * The step every way in shares: which ledger org the person works at (from what was typed: a
 * name or a credit code), or, when the ledger does not have it, the region the workplace is in.
 * The region decides who handles the lead when no party org or instructor does.
 */
import { fieldLabel, input, select, text, type El } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';
import type { Answers, BotContext, StepDef, StepOutcome, StepView } from '../../bot/flow.ts';
import type { LeadSourceKind } from '../../db/schema/leads.ts';
import { orgById, regionName, searchRegions, type OrgHit, type RegionHit } from '../../db/leads/workplace-search.ts';
import { homeRegionOf, inRegistrationScope, registrationScope } from '../../db/leads/lead-access.ts';
import { errorText, fieldError, formCard } from './form-kit.ts';
import { str } from './lead-validate.ts';
import type { PromptKey } from '../../bot/prompts.ts';

export const AS_TYPED = '__text__';

export interface WhereAnswers {
  query?: string | null;
  hits?: OrgHit[];
  org?: string;
  region?: string;
  regionHits?: RegionHit[];
  regionPick?: string;
  workplaceOrgId?: string | null;
  workplaceText?: string | null;
  regionCode?: string;
}

const hitsOf = (a: WhereAnswers) => (Array.isArray(a.hits) ? (a.hits as OrgHit[]) : []);
const regionHitsOf = (a: WhereAnswers) => (Array.isArray(a.regionHits) ? (a.regionHits as RegionHit[]) : []);

async function fields(ctx: BotContext, view: StepView): Promise<El[]> {
  const a = view.answers as WhereAnswers;
  const hits = hitsOf(a);
  const query = a.query ?? '';
  const out: El[] = [];
  if (hits.length) {
    out.push(
      fieldLabel(ctx.t('leads.where.org'), true, errorText(ctx, view.errors, 'org')),
      select({
        name: 'org',
        label: ctx.t('leads.where.org'),
        required: true,
        options: [
          ...hits.map((h) => ({ value: h.id, text: ctx.t('leads.where.org_option', { name: h.name, region: h.regionName }) })),
          { value: AS_TYPED, text: ctx.t('leads.where.as_typed', { text: [...query].slice(0, 30).join('') }) },
        ],
        value: a.org ?? (hits.length === 1 ? hits[0]!.id : undefined),
      }),
    );
  } else if (query) {
    out.push(text(richPrompt(ctx.t, 'leads.where.not_found', { text: query })));
  } else {
    out.push(text(ctx.t('leads.where.no_workplace')));
  }
  const home = await homeRegionOf(ctx.db, ctx.person);
  out.push(
    input({
      name: 'region',
      label: ctx.t(hits.length ? 'leads.where.region_if_typed' : 'leads.where.region'),
      placeholder: home ? ctx.t('leads.where.region_default', { region: await regionName(ctx.db, home) }) : ctx.t('leads.where.region_hint'),
      value: a.region,
      maxLength: 40,
    }),
    ...fieldError(ctx, view.errors, 'region'),
  );
  const regionHits = regionHitsOf(a);
  if (regionHits.length > 1) {
    out.push(
      fieldLabel(ctx.t('leads.where.region_pick'), false, errorText(ctx, view.errors, 'regionPick')),
      select({
        name: 'regionPick',
        label: ctx.t('leads.where.region_pick'),
        options: regionHits.map((r) => ({ value: r.code, text: `${r.parents}${r.name}` })),
        value: a.regionPick,
      }),
    );
  }
  return out;
}

/**
 * Reads the step's form into workplaceOrgId / workplaceText / regionCode, or the errors to show.
 * For 组织找党员 the result must lie in the actor's scope.
 */
export async function resolveWhere(
  ctx: BotContext,
  kind: LeadSourceKind,
  form: Record<string, unknown>,
  answers: Answers,
): Promise<{ ok: true; answers: Answers } | { ok: false; errors: Record<string, string>; answers: Answers }> {
  const hits = hitsOf(answers as WhereAnswers);
  const typedRegion = str(form.region);
  const next: Answers = { ...answers, org: str(form.org) || undefined, region: typedRegion || undefined, regionPick: str(form.regionPick) || undefined };
  const fail = (field: string, key: string, extra: Answers = {}) => ({ ok: false as const, errors: { [field]: key }, answers: { ...next, ...extra } });
  let workplaceOrgId: string | null = null;
  let regionCode: string | null = null;

  if (hits.length && !next.org) return fail('org', 'leads.err.pick');
  if (next.org && next.org !== AS_TYPED) {
    if (!hits.some((h) => h.id === next.org)) return fail('org', 'leads.err.pick');
    const org = await orgById(ctx.db, next.org as string);
    if (!org) return fail('org', 'leads.err.pick');
    workplaceOrgId = org.id;
    regionCode = org.regionCode;
  } else {
    const home = await homeRegionOf(ctx.db, ctx.person);
    const earlier = regionHitsOf(answers as WhereAnswers);
    if (next.regionPick && earlier.some((r) => r.code === next.regionPick) && typedRegion === answers.region) {
      regionCode = next.regionPick as string;
    } else if (typedRegion) {
      const found = await searchRegions(ctx.db, typedRegion, null);
      const nearHome = home ? found.filter((r) => r.code.startsWith(home.slice(0, 6))) : [];
      if (found.length === 1) regionCode = found[0]!.code;
      else if (nearHome.length === 1) regionCode = nearHome[0]!.code;
      else if (found.length === 0) return fail('region', 'leads.err.region_none', { regionHits: [] });
      else return fail('regionPick', 'leads.err.region_many', { regionHits: found });
    } else if (home) {
      regionCode = home;
    } else {
      return fail('region', 'leads.err.region_empty');
    }
  }

  if (kind === 'org') {
    const scope = await registrationScope(ctx.db, ctx.person);
    if (!inRegistrationScope(scope, regionCode, workplaceOrgId)) return fail(workplaceOrgId ? 'org' : 'region', 'leads.err.out_of_scope');
  }
  return {
    ok: true,
    answers: { ...next, workplaceOrgId, workplaceText: workplaceOrgId ? null : ((answers.query as string | null) ?? null), regionCode },
  };
}

/** The step; `then` is the next step's id, or a function that saves the lead (the last step). */
export function whereStep(
  kind: LeadSourceKind,
  titleKey: PromptKey,
  then: string | ((ctx: BotContext, answers: Answers) => Promise<StepOutcome>),
): StepDef {
  return {
    async render(ctx, view) {
      const a = view.answers as WhereAnswers;
      const intro = hitsOf(a).length ? [text(richPrompt(ctx.t, 'leads.where.intro', { text: a.query ?? '' }))] : [];
      return formCard(ctx, view, {
        title: ctx.t(titleKey),
        subtitle: ctx.t('leads.where.subtitle'),
        formName: 'lead_where',
        intro,
        fields: await fields(ctx, view),
        submit: ctx.t(typeof then === 'string' ? 'leads.next' : 'leads.submit'),
      });
    },
    async handle(ctx, input, answers) {
      const r = await resolveWhere(ctx, kind, input.form, answers);
      if (!r.ok) return { kind: 'invalid', errors: r.errors, answers: r.answers };
      if (typeof then === 'string') return { kind: 'goto', step: then, answers: r.answers };
      return then(ctx, r.answers);
    },
  };
}
