/**
 * 覆盖率 in chat: the officer's own region, or one named in the message inside their scope; a
 * region outside it is refused without figures; several matches give a card to pick from. The
 * lists behind the figures open from the card's buttons, ten at a time.
 */
import type { ActionHandler, TxContext } from '../../bot/feature.ts';
import type { Card } from '../../bot/types.ts';
import { getRegion } from '../../db/regions/region-store.ts';
import { checkDetail, isCheckId, listsPeople } from '../compliance-checks.ts';
import { complianceListFor, complianceOverview } from '../compliance-service.ts';
import { computeCoverage, coverageList, NoFrozenBaseError } from '../coverage-service.ts';
import { isSupportedBasis } from '../ledger-rules.ts';
import { targetProgress } from '../crossing-service.ts';
import { officerRegions, regionInScope } from '../officer-scope.ts';
import { ORG_LISTS, type OrgListKey } from '../../db/ledger/coverage-predicates.ts';
import { candidatesCard, coverageCard } from './coverage-card.ts';
import { noticeCard } from '../../cards/notice-card.ts';
import { listCard, PAGE_SIZE } from './list-card.ts';
import { resolveRegionInText } from './region-resolve.ts';

/** The region a message or button asks about, or the card that answers instead (refusal, pick). */
export async function targetRegion(ctx: TxContext, args: Record<string, unknown>, action: 'ledger.cov' | 'ledger.export' | 'ledger.freeze'): Promise<{ code: string } | { card: Card }> {
  const scopes = officerRegions(ctx.person);
  if (scopes.length === 0) return { card: noticeCard(ctx.t, 'ledger.scope.none_title', ctx.t('ledger.scope.none')) };
  if (typeof args.code === 'string') {
    return regionInScope(scopes, args.code) ? { code: args.code } : { card: await refusal(ctx, args.code) };
  }
  const r = await resolveRegionInText(ctx.db, scopes, typeof args.text === 'string' ? args.text : '');
  switch (r.kind) {
    case 'own':
      if (scopes.length === 1) return { code: scopes[0]! };
      return { card: candidatesCard(ctx.t, await namesOf(ctx, scopes), action) };
    case 'one':
      return { code: r.code };
    case 'many':
      return { card: candidatesCard(ctx.t, r.candidates, action) };
    case 'outside':
      return { card: noticeCard(ctx.t, 'ledger.scope.refused_title', ctx.t('ledger.scope.refused', { region: r.name, scope: (await namesOf(ctx, scopes)).map((s) => s.name).join('、') })) };
    case 'none':
      return { card: noticeCard(ctx.t, 'ledger.scope.unknown_title', ctx.t('ledger.scope.unknown', { text: r.text })) };
  }
}

async function namesOf(ctx: TxContext, codes: string[]) {
  const out = [];
  for (const code of codes) {
    const r = await getRegion(ctx.db, code);
    out.push({ code, name: r?.name ?? code, parentName: null });
  }
  return out;
}

/** No figures for a region outside the officer's scope, naming the scope they have. */
export async function refusal(ctx: TxContext, code: string): Promise<Card> {
  const region = await getRegion(ctx.db, code);
  const scopes = await namesOf(ctx, officerRegions(ctx.person));
  return noticeCard(ctx.t, 'ledger.scope.refused_title', ctx.t('ledger.scope.refused', { region: region?.name ?? code, scope: scopes.map((s) => s.name).join('、') }));
}

/** A polite refusal, no figures, when the frozen basis is asked for (or is the policy's) and no base list exists. */
export async function noFrozenBase(ctx: TxContext, code: string): Promise<Card> {
  const region = await getRegion(ctx.db, code);
  return noticeCard(ctx.t, 'ledger.frozen.none_title', ctx.t('ledger.frozen.none', { region: region?.name ?? code }));
}

export async function coverageCardFor(ctx: TxContext, code: string, basis?: string): Promise<Card> {
  let report: Awaited<ReturnType<typeof computeCoverage>>;
  try {
    report = await computeCoverage(ctx.db, ctx, code, basis && isSupportedBasis(basis) ? basis : undefined);
  } catch (e) {
    if (e instanceof NoFrozenBaseError) return noFrozenBase(ctx, code);
    throw e;
  }
  const checks = await complianceOverview(ctx.db, ctx, report.region.code);
  return coverageCard(ctx.t, report, checks, await targetProgress(ctx.db, ctx, report));
}

export async function runCoverage(ctx: TxContext, args: Record<string, unknown>): Promise<Card> {
  const target = await targetRegion(ctx, args, 'ledger.cov');
  if ('card' in target) return target.card;
  return coverageCardFor(ctx, target.code, typeof args.basis === 'string' ? args.basis : undefined);
}

const pageOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

export const coverageActions: Record<string, ActionHandler> = {
  'ledger.cov': async (ctx, v) => ({ card: await runCoverage(ctx, { code: v.code, basis: v.basis }) }),

  'ledger.list': async (ctx, v) => {
    const code = String(v.code ?? '');
    if (!regionInScope(officerRegions(ctx.person), code)) return { card: await refusal(ctx, code) };
    const list = String(v.list) as OrgListKey;
    if (!(ORG_LISTS as readonly string[]).includes(list)) return { toast: { type: 'error', content: ctx.t('engine.unknown_action') } };
    const basis = typeof v.basis === 'string' && isSupportedBasis(v.basis) ? v.basis : undefined;
    const base = basis === 'frozen' && typeof v.base === 'string' ? v.base : undefined;
    const pageNo = pageOf(v.page);
    let page: Awaited<ReturnType<typeof coverageList>>;
    try {
      page = await coverageList(ctx.db, ctx, { regionCode: code, list, kind: 'all', basis, base, limit: PAGE_SIZE, offset: pageNo * PAGE_SIZE });
    } catch (e) {
      if (e instanceof NoFrozenBaseError) return { card: await noFrozenBase(ctx, code) };
      throw e;
    }
    const region = await getRegion(ctx.db, code);
    return { card: listCard(ctx.t, { regionName: region?.name ?? code, title: ctx.t(`ledger.list.${list}`), page, pageNo, value: { h: 'ledger.list', code, list, basis, ...(base ? { base } : {}) }, backCode: code }) };
  },

  'ledger.check': async (ctx, v) => {
    const code = String(v.code ?? '');
    if (!regionInScope(officerRegions(ctx.person), code)) return { card: await refusal(ctx, code) };
    const check = String(v.check);
    if (!isCheckId(check)) return { toast: { type: 'error', content: ctx.t('engine.unknown_action') } };
    const pageNo = pageOf(v.page);
    const page = await complianceListFor(ctx.db, ctx, code, check, { limit: PAGE_SIZE, offset: pageNo * PAGE_SIZE });
    if (listsPeople(check)) {
      // Names and mobiles of people: every view is recorded.
      await ctx.audit({ action: 'view', entity: 'instructor_list', entityId: code, after: { check, page: pageNo, people: page.items.length } });
    }
    const region = await getRegion(ctx.db, code);
    return { card: listCard(ctx.t, { regionName: region?.name ?? code, title: ctx.t(`ledger.check.${check}.title`), page, pageNo, value: { h: 'ledger.check', code, check }, backCode: code, detail: checkDetail(check) }) };
  },
};
