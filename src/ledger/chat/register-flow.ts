/**
 * 申请登记: someone the ledger does not know gives name, mobile, where they work (a county or
 * street, typed as they say it) and a note; the admins of that region get a card to approve or
 * decline (register-decide.ts). The region is matched loosely inside the regions that have an
 * admin, since only they can decide.
 */
import { button, buttonRow, fieldLabel, input, text } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { defineFlow, type BotContext, type StepOutcome } from '../../bot/flow.ts';
import { adminsFor } from '../../db/stores/feedback-store.ts';
import { adminRegionCodes, insertRegistration, pendingRegistrationOf } from '../../db/ledger/registration-store.ts';
import { getRegion, regionIndexFor, searchRegionsByName } from '../../db/regions/region-store.ts';
import { matchRegionInText } from '../../db/regions/region-matcher.ts';
import type { Db } from '../../db/database.ts';
import { isMainlandMobile, maskMobile, normalizeMobile } from '../../domain/mobile.ts';
import { decisionCard } from './register-decide.ts';
import { reachablePeople } from '../../bot/reachable-people.ts';

const MAX_NAME = 40;
const MAX_NOTE = 300;

interface Candidate {
  code: string;
  name: string;
  parentName: string | null;
}

async function matchRegion(ctx: BotContext, text: string): Promise<Candidate[]> {
  const found = new Map<string, Candidate>();
  const scopes = await adminRegionCodes(ctx.db);
  for (const scope of scopes) {
    const m = matchRegionInText(text, await regionIndexFor(ctx.db as Db, scope));
    if (m.kind === 'one') found.set(m.region.code, { code: m.region.code, name: m.region.name, parentName: m.parentName });
    if (m.kind === 'many') for (const c of m.candidates) found.set(c.region.code, { code: c.region.code, name: c.region.name, parentName: c.parentName });
  }
  if (found.size === 0 && scopes.length === 0) {
    // No admin anywhere yet: exact names only, nationwide (an admin of it can still be added later).
    for (const r of await searchRegionsByName(ctx.db as Db, text.normalize('NFKC').replace(/\s+/g, ''), undefined, 10)) {
      found.set(r.code, { code: r.code, name: r.name, parentName: null });
    }
  }
  return [...found.values()].filter((c) => c.code.length >= 6);
}

/** Saves the request and has the admins of the region told (after the answer is sent). */
async function submit(ctx: BotContext, a: Record<string, unknown>, code: string): Promise<StepOutcome> {
  const region = await getRegion(ctx.db as Db, code);
  const v = { openId: ctx.person.openId, name: String(a.name), mobile: String(a.mobile), regionCode: code, note: a.note ? String(a.note) : null, at: ctx.clock.now() };
  const id = await insertRegistration(ctx.db, v);
  await ctx.audit({ action: 'create', entity: 'registration', entityId: id, after: { name: v.name, mobile: maskMobile(v.mobile), regionCode: code } });
  const admins = await reachablePeople(ctx, (await adminsFor(ctx.db, code)).map((x) => x.id), 'registration');
  const card = decisionCard(ctx.t, { id, name: v.name, mobile: v.mobile, regionName: region?.name ?? code, note: v.note }, await scopeOptions(ctx, code));
  ctx.after('register:notify', async () => {
    for (const admin of admins) await ctx.messenger.sendCard(admin.to, card, { uuid: `reg${id.replace(/-/g, '').slice(0, 20)}${admin.personId.replace(/-/g, '').slice(0, 20)}` });
  });
  return { kind: 'done', result: { id, region: region?.name ?? code, admins: admins.length }, answers: { ...a, regionCode: code } };
}

/** The requested region and its ancestors down from the county: what an admin may grant. */
async function scopeOptions(ctx: BotContext, code: string): Promise<Array<{ code: string; name: string }>> {
  const codes = [code, ...[6, 4].filter((n) => n < code.length).map((n) => code.slice(0, n))];
  const out = [];
  for (const c of codes) {
    const r = await getRegion(ctx.db as Db, c);
    if (r) out.push({ code: c, name: r.name });
  }
  return out;
}

export const registerFlow = defineFlow({
  id: 'register',
  version: 1,
  roles: 'anyone',
  titleKey: 'ledger.register.flow',
  start: async (ctx) => {
    if (ctx.person.id) return { refuse: fillTemplate('message', { title: ctx.t('ledger.register.known_title'), summary: ctx.t('ledger.register.known_title'), color: 'green' }, { body: [text(richPrompt(ctx.t, 'ledger.register.known'))] }) };
    if (await pendingRegistrationOf(ctx.db, ctx.person.openId)) {
      return { refuse: fillTemplate('message', { title: ctx.t('ledger.register.pending_title'), summary: ctx.t('ledger.register.pending_title'), color: 'blue' }, { body: [text(richPrompt(ctx.t, 'ledger.register.pending'))] }) };
    }
    return { step: 'form', answers: {} };
  },
  steps: {
    form: {
      render: (ctx, v) =>
        fillTemplate('form-step', { title: ctx.t('ledger.register.title'), summary: ctx.t('ledger.register.title'), color: 'blue', formName: 'register' }, {
          intro: [text(v.notice ?? richPrompt(ctx.t, 'ledger.register.intro'))],
          fields: [
            fieldLabel(ctx.t('ledger.register.name'), true, v.errors.name),
            input({ name: 'name', label: ctx.t('ledger.register.name'), maxLength: MAX_NAME, value: String(v.answers.name ?? '') }),
            fieldLabel(ctx.t('ledger.register.mobile'), true, v.errors.mobile),
            input({ name: 'mobile', label: ctx.t('ledger.register.mobile'), maxLength: 20, value: String(v.answers.mobile ?? '') }),
            fieldLabel(ctx.t('ledger.register.region'), true, v.errors.region),
            input({ name: 'region', label: ctx.t('ledger.register.region'), maxLength: 60, value: String(v.answers.region ?? ''), placeholder: ctx.t('ledger.register.region_placeholder') }),
            fieldLabel(ctx.t('ledger.register.note'), false, v.errors.note),
            input({ name: 'note', label: ctx.t('ledger.register.note'), multiline: true, maxLength: MAX_NOTE, value: String(v.answers.note ?? ''), placeholder: ctx.t('ledger.register.note_placeholder') }),
          ],
          buttons: [
            buttonRow([
              button(ctx.t('ledger.register.submit'), v.act('submit'), { type: 'strong', submit: true, name: 'reg_submit' }),
              button(ctx.t('engine.cancel'), v.act('cancel'), { name: 'reg_cancel' }),
            ]),
          ],
        }),
      handle: async (ctx, i, a) => {
        const text = (k: string) => (typeof i.form[k] === 'string' ? (i.form[k] as string).trim() : '');
        const typed = { name: text('name'), mobile: text('mobile'), region: text('region'), note: text('note') };
        const errors: Record<string, string> = {};
        if (!typed.name) errors.name = ctx.t('engine.required');
        else if ([...typed.name].length > MAX_NAME) errors.name = ctx.t('engine.field_too_long', { max: MAX_NAME });
        if (!typed.mobile) errors.mobile = ctx.t('engine.required');
        else if (!isMainlandMobile(typed.mobile)) errors.mobile = ctx.t('ledger.register.bad_mobile');
        if (!typed.region) errors.region = ctx.t('engine.required');
        if ([...typed.note].length > MAX_NOTE) errors.note = ctx.t('engine.field_too_long', { max: MAX_NOTE });
        const answers = { ...a, ...typed, mobile: typed.mobile ? normalizeMobile(typed.mobile) : '' };
        if (Object.keys(errors).length) return { kind: 'invalid', errors, answers };
        const found = await matchRegion(ctx, typed.region);
        if (found.length === 0) return { kind: 'invalid', errors: { region: ctx.t('ledger.register.region_unknown') }, answers };
        if (found.length === 1) return submit(ctx, answers, found[0]!.code);
        return { kind: 'goto', step: 'pick', answers: { ...answers, candidates: found.slice(0, 12) } };
      },
    },
    pick: {
      render: (ctx, v) => {
        const candidates = (v.answers.candidates as Candidate[] | undefined) ?? [];
        return fillTemplate('message', { title: ctx.t('ledger.register.title'), summary: ctx.t('ledger.register.title'), color: 'blue' }, {
          body: [text(richPrompt(ctx.t, 'ledger.register.pick', { text: String(v.answers.region ?? '') }))],
          buttons: [
            buttonRow([
              ...candidates.map((c) => button(c.parentName ? ctx.t('ledger.pick.option', { name: c.name, parent: c.parentName }) : c.name, v.act('pick', { code: c.code }))),
              button(ctx.t('engine.back'), v.act('back')),
            ]),
          ],
        });
      },
      handle: async (ctx, i, a) => {
        const candidates = (a.candidates as Candidate[] | undefined) ?? [];
        const code = typeof i.value.code === 'string' ? i.value.code : '';
        if (i.action !== 'pick' || !candidates.some((c) => c.code === code)) return { kind: 'invalid', errors: {}, answers: a };
        const { candidates: _c, ...rest } = a;
        return submit(ctx, rest, code);
      },
    },
  },
  confirmation: (ctx, result) =>
    fillTemplate('message', { title: ctx.t('ledger.register.done_title'), summary: ctx.t('ledger.register.done_title'), color: 'green' }, {
      body: [text(richPrompt(ctx.t, Number(result.admins) > 0 ? 'ledger.register.done' : 'ledger.register.done_no_admin', { region: String(result.region) }))],
    }),
});
