/**
 * The admin's side of a registration: a card with the applicant and a choice of role and scope,
 * approve or decline. The decision is checked against the admin's own regions, recorded in the
 * audit log, and told to the applicant once it is committed.
 */
import type { ActionHandler } from '../../bot/feature.ts';
import type { Prompts } from '../../bot/prompts.ts';
import type { Card } from '../../bot/types.ts';
import { button, buttonRow, fieldLabel, input, select, text } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';
import type { Rich } from '../../cards/document.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { decideRegistration, grantRole, lockRegistration, partyOrgIdByName } from '../../db/ledger/registration-store.ts';
import { getRegion } from '../../db/regions/region-store.ts';
import { ROLES, type Role } from '../../db/schema/core.ts';
import { maskMobile } from '../../domain/mobile.ts';
import { normalizeOrgName } from '../ledger-row.ts';

export interface Applicant {
  id: string;
  name: string;
  mobile: string;
  regionName: string;
  note: string | null;
}

export function decisionCard(t: Prompts, a: Applicant, scopes: Array<{ code: string; name: string }>): Card {
  const note = a.note ? richPrompt(t, 'ledger.decide.note', { note: a.note }) : '';
  return fillTemplate('form-step', { title: t('ledger.decide.title'), summary: t('ledger.decide.title'), color: 'orange', formName: 'reg_decide' }, {
    intro: [text(richPrompt(t, 'ledger.decide.text', { name: a.name, mobile: maskMobile(a.mobile), region: a.regionName, note }))],
    fields: [
      fieldLabel(t('ledger.decide.role'), true),
      select({ name: 'role', label: t('ledger.decide.role'), required: true, value: 'member', options: ROLES.map((r) => ({ value: r, text: t(`ledger.role.${r}`) })) }),
      fieldLabel(t('ledger.decide.scope'), true),
      select({ name: 'scope', label: t('ledger.decide.scope'), required: true, value: scopes[0]?.code, options: scopes.map((s) => ({ value: s.code, text: s.name })) }),
      fieldLabel(t('ledger.decide.party_org')),
      input({ name: 'party_org', label: t('ledger.decide.party_org'), maxLength: 200, placeholder: t('ledger.decide.party_org_placeholder') }),
    ],
    buttons: [
      buttonRow([
        button(t('ledger.decide.approve'), { h: 'reg.decide', id: a.id, d: 'approve' }, { type: 'strong', submit: true, name: 'reg_approve' }),
        button(t('ledger.decide.decline'), { h: 'reg.decide', id: a.id, d: 'decline' }, { type: 'danger', submit: true, name: 'reg_decline' }),
      ]),
    ],
  });
}

function outcome(t: Prompts, message: Rich, color: string): Card {
  return fillTemplate('message', { title: t('ledger.decide.title'), summary: t('ledger.decide.title'), color }, { body: [text(message)] });
}

export const decideRegistrationAction: ActionHandler = async (ctx, v, form) => {
  const req = typeof v.id === 'string' ? await lockRegistration(ctx.db, v.id) : undefined;
  if (!req) return { toast: { type: 'error', content: ctx.t('engine.unknown_action') } };
  const adminRegions = ctx.person.roles.filter((r) => r.role === 'admin').map((r) => r.regionCode ?? '');
  const covers = (code: string) => adminRegions.some((a) => code.startsWith(a));
  if (!req.regionCode || !covers(req.regionCode)) return { toast: { type: 'error', content: ctx.t('ledger.decide.not_yours') } };
  if (req.status !== 'pending') {
    return { toast: { type: 'info', content: ctx.t('ledger.decide.already') }, card: outcome(ctx.t, richPrompt(ctx.t, `ledger.decide.already_${req.status}`, { name: req.name }), 'grey') };
  }
  const now = ctx.clock.now();
  const to = { openId: req.openId };
  const { messenger } = ctx;
  if (v.d === 'decline') {
    await decideRegistration(ctx.db, req.id, 'declined', ctx.person.id, now);
    await ctx.audit({ action: 'decline', entity: 'registration', entityId: req.id, before: { status: 'pending' }, after: { status: 'declined' } });
    const card = outcome(ctx.t, richPrompt(ctx.t, 'ledger.decide.applicant_declined'), 'grey');
    ctx.after('register:declined', () => messenger.sendCard(to, card));
    return { card: outcome(ctx.t, richPrompt(ctx.t, 'ledger.decide.declined', { name: req.name }), 'grey') };
  }
  const role = String(form.role ?? '') as Role;
  const scope = String(form.scope ?? '');
  if (!ROLES.includes(role)) return { toast: { type: 'error', content: ctx.t('ledger.decide.pick_role') } };
  if (!scope || !req.regionCode.startsWith(scope) || !covers(scope)) return { toast: { type: 'error', content: ctx.t('ledger.decide.bad_scope') } };
  let partyOrgId: string | null = null;
  const poName = normalizeOrgName(typeof form.party_org === 'string' ? form.party_org : '');
  if (role === 'secretary' || (role === 'member' && poName)) {
    partyOrgId = poName ? await partyOrgIdByName(ctx.db, poName) : null;
    if (!partyOrgId) return { toast: { type: 'error', content: ctx.t('ledger.decide.bad_party_org') } };
  }
  const regionCode = role === 'secretary' || role === 'member' ? null : scope;
  const personId = await grantRole(ctx.db, { name: req.name, mobile: req.mobile ?? '', openId: req.openId, role, regionCode, partyOrgId, at: now });
  await decideRegistration(ctx.db, req.id, 'approved', ctx.person.id, now);
  await ctx.audit({ action: 'approve', entity: 'registration', entityId: req.id, before: { status: 'pending' }, after: { status: 'approved', personId, role, regionCode, partyOrgId } });
  const region = await getRegion(ctx.db, scope);
  const where = partyOrgId ? poName : (region?.name ?? scope);
  const card = outcome(ctx.t, richPrompt(ctx.t, 'ledger.decide.applicant_approved', { role: ctx.t(`ledger.role.${role}`), scope: where }), 'green');
  ctx.after('register:approved', () => messenger.sendCard(to, card));
  return { card: outcome(ctx.t, richPrompt(ctx.t, 'ledger.decide.approved', { name: req.name, role: ctx.t(`ledger.role.${role}`), scope: where }), 'green'), toast: { type: 'success', content: ctx.t('engine.saved') } };
};
