/**
 * The 'activists' part of `party-org-facts`: the secretary reports this year's 入党积极分子 for
 * each org the party org covers, beside what 004 §11 asks of it (50 staff → 1, 100 → 2, social
 * orgs of 30 → 1; the policy's people.activistsPerYear). Shortfalls are the A1 list.
 */
import type { Answers, BotContext, StartOutcome, StepDef, StepOutcome } from '../../bot/flow.ts';
import { notice } from '../../bot/engine.ts';
import { button, buttonRow, input, text, type El } from '../../cards/card-kit.ts';
import { red, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import type { Tx } from '../../db/database.ts';
import { activistsOf, reportActivists } from '../../db/meetings/activists-store.ts';
import { getPartyOrg, lockPartyOrg, type PartyOrgRow } from '../../db/meetings/party-org-store.ts';
import { parseCount, str } from './meeting-validate.ts';
import { leads } from './scope.ts';

const yearOf = (ctx: BotContext) => Number(shanghaiDate(ctx.clock.now()).slice(0, 4));
const refused = (ctx: BotContext) => notice(ctx.t('meetings.refused_title'), ctx.t('meetings.not_your_org'), [], 'orange');

async function rowsOf(ctx: BotContext, org: PartyOrgRow) {
  return activistsOf(ctx.db, org.id, yearOf(ctx), ctx.policy.of(org.regionCode));
}

export async function startActivists(ctx: BotContext, org: PartyOrgRow): Promise<StartOutcome> {
  const rows = await rowsOf(ctx, org);
  const form = Object.fromEntries(rows.map((r, i) => [`a_${i}`, r.count === null ? '' : String(r.count)]));
  return { step: 'activists', answers: { partyOrgId: org.id, orgIds: rows.map((r) => r.orgId), form } };
}

async function save(ctx: BotContext, form: Record<string, unknown>, answers: Answers): Promise<StepOutcome> {
  const { t } = ctx;
  const keep = { ...answers, form };
  if (!leads(ctx.person, answers.partyOrgId)) return { kind: 'end', card: refused(ctx) };
  const org = await lockPartyOrg(ctx.db as Tx, answers.partyOrgId as string);
  if (!org) return { kind: 'end', card: refused(ctx) };
  const current = await rowsOf(ctx, org);
  const ids = (answers.orgIds as string[]) ?? [];
  const errors: Record<string, string> = {};
  const counts: Array<{ orgId: string; count: number }> = [];
  ids.forEach((id, i) => {
    const raw = str(form[`a_${i}`]);
    // An org no longer covered (moved meanwhile) is skipped; an empty field reports nothing.
    if (!raw || !current.some((c) => c.orgId === id)) return;
    const n = parseCount(raw);
    if (n === null) errors[`a_${i}`] = t('meetings.err.count');
    else counts.push({ orgId: id, count: n });
  });
  if (Object.keys(errors).length) return { kind: 'invalid', errors, answers: keep, notice: t('meetings.fix_errors', { n: Object.keys(errors).length }) };
  const changed = counts.filter((c) => current.find((x) => x.orgId === c.orgId)?.count !== c.count);
  if (changed.length) {
    const year = yearOf(ctx);
    await reportActivists(ctx.db as Tx, year, changed, { personId: ctx.person.id, at: ctx.clock.now() });
    await ctx.audit({
      action: 'update',
      entity: 'party_org',
      entityId: org.id,
      before: { year, activists: changed.map((c) => ({ orgId: c.orgId, count: current.find((x) => x.orgId === c.orgId)?.count ?? null })) },
      after: { year, activists: changed },
      reason: 'activists',
    });
  }
  return { kind: 'done', result: { partyOrgId: org.id, changed: changed.length }, answers: keep };
}

export const activistsStep: StepDef = {
  async render(ctx, view) {
    const { t } = ctx;
    const form = (view.answers.form as Record<string, unknown>) ?? {};
    const org = await getPartyOrg(ctx.db, view.answers.partyOrgId as string);
    const rows = org ? await rowsOf(ctx, org) : [];
    const byId = new Map(rows.map((r) => [r.orgId, r]));
    const fields: El[] = [];
    ((view.answers.orgIds as string[]) ?? []).forEach((id, i) => {
      const r = byId.get(id);
      if (!r) return;
      fields.push(input({ name: `a_${i}`, label: t('meetings.activists.field', { org: r.name, owed: r.owed }), required: false, value: str(form[`a_${i}`]), maxLength: 4 }));
      if (view.errors[`a_${i}`]) fields.push(text(red(view.errors[`a_${i}`]!)));
    });
    const intro = [text(richPrompt(t, fields.length ? 'meetings.activists.intro' : 'meetings.activists.none', { org: org?.name ?? '', year: yearOf(ctx) }))];
    if (view.notice) intro.push(text(red(view.notice)));
    const title = t('meetings.facts.flow');
    return fillTemplate('form-step', { title, summary: title, color: 'red', subtitle: t('meetings.facts.step_activists'), formName: 'party_org_facts' }, {
      intro,
      fields,
      buttons: fields.length ? [button(t('meetings.btn.save'), view.act('submit'), { type: 'strong', name: 'submit', submit: true })] : [],
      footer: [buttonRow([button(t('engine.cancel'), view.act('cancel'))])],
    });
  },
  handle: (ctx, input, answers) => save(ctx, input.form, answers),
};
