/**
 * 销号 in chat (001 二(四) 挂图作战、销号管理; 002 四 三): from the coverage card's 待销号 button, the
 * orgs of the frozen base in the officer's region not yet crossed off, ten at a time, with a form
 * to cross one off — org, reason, date, note — behind a confirmation dialog. Recorded with its
 * audit entry (crossing-service.ts); a region outside the officer's scope is refused.
 */
import { button, buttonRow, datePicker, input, select, table, text } from '../../cards/card-kit.ts';
import { bold, rich, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import type { ActionHandler, TxContext } from '../../bot/feature.ts';
import type { ActionReply, Card } from '../../bot/types.ts';
import { getRegion } from '../../db/regions/region-store.ts';
import { CROSSING_REASONS } from '../../db/schema/base-crossings.ts';
import { parseFeishuDate, shanghaiDate } from '../../domain/shanghai-date.ts';
import { AlreadyCrossedError, BaseOrgNotFoundError, crossOff, openBaseOrgs, regionBase, type RegionBase } from '../crossing-service.ts';
import { crossingCounts } from '../../db/ledger/base-crossing-store.ts';
import { officerRegions, regionInScope } from '../officer-scope.ts';
import { noFrozenBase, refusal } from './coverage-chat.ts';
import { PAGE_SIZE } from './list-card.ts';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const pageOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
const error = (content: string): ActionReply => ({ toast: { type: 'error', content } });

async function openCard(ctx: TxContext, code: string, rb: RegionBase, pageNo: number): Promise<Card> {
  const t = ctx.t;
  const region = await getRegion(ctx.db, code);
  const counts = await crossingCounts(ctx.db, rb.base.id, code, rb.rules);
  const items = await openBaseOrgs(ctx.db, rb, code, { limit: PAGE_SIZE, offset: pageNo * PAGE_SIZE });
  const title = t('ledger.xiaohao.title', { region: region?.name ?? code });
  const back = button(t('ledger.list.back'), { h: 'ledger.cov', code }, { name: 'back' });
  if (items.length === 0) {
    return fillTemplate('message', { title, summary: title, color: 'blue' }, { body: [text(richPrompt(t, 'ledger.xiaohao.empty', { name: rb.base.name }))], buttons: [buttonRow([back])] });
  }
  const from = pageNo * PAGE_SIZE + 1;
  const to = pageNo * PAGE_SIZE + items.length;
  const nav = [];
  if (pageNo > 0) nav.push(button(t('ledger.list.prev'), { h: 'ledger.xiaohao', code, page: pageNo - 1 }, { name: 'prev' }));
  if (to < counts.open) nav.push(button(t('ledger.list.next'), { h: 'ledger.xiaohao', code, page: pageNo + 1 }, { name: 'next' }));
  const submit = button(
    t('ledger.xiaohao.submit'),
    { h: 'ledger.xiaohao.add', code, page: pageNo },
    { type: 'danger', submit: true, name: 'cross', confirm: { title: t('ledger.xiaohao.confirm_title'), text: t('ledger.xiaohao.confirm_text') } },
  );
  return fillTemplate(
    'form-step',
    { title, subtitle: t('ledger.list.subtitle', { total: counts.open, from, to }), color: 'orange', summary: title, formName: 'xiaohao' },
    {
      intro: [
        text(richPrompt(t, 'ledger.xiaohao.intro', { name: rb.base.name, total: counts.open, from, to })),
        // The names shown as well as in the select, so a phone reads the list without opening it.
        table([{ name: 'name', label: t('ledger.list.col_name'), type: 'rich' as const }], items.map((i) => ({ name: rich(bold(i.name)) })), PAGE_SIZE, 'name'),
      ],
      fields: [
        select({ name: 'org', label: t('ledger.xiaohao.org'), required: true, options: items.map((i) => ({ value: i.orgId, text: i.name })) }),
        select({ name: 'reason', label: t('ledger.xiaohao.reason'), required: true, options: CROSSING_REASONS.map((r) => ({ value: r, text: t(`ledger.xiaohao.reason.${r}`) })) }),
        datePicker({ name: 'date', label: t('ledger.xiaohao.date'), value: shanghaiDate(ctx.clock.now()) }),
        input({ name: 'note', label: t('ledger.xiaohao.note'), maxLength: 200 }),
      ],
      buttons: [buttonRow([submit, ...nav, back])],
      footer: [],
    },
  );
}

/** The officer's region and its base, or the card that answers instead. */
async function scoped(ctx: TxContext, v: Record<string, unknown>): Promise<{ code: string; rb: RegionBase } | { card: Card }> {
  const code = str(v.code);
  if (!regionInScope(officerRegions(ctx.person), code)) return { card: await refusal(ctx, code) };
  const rb = await regionBase(ctx.db, ctx, code);
  if (!rb) return { card: await noFrozenBase(ctx, code) };
  return { code, rb };
}

export const xiaohaoActions: Record<string, ActionHandler> = {
  'ledger.xiaohao': async (ctx, v) => {
    const s = await scoped(ctx, v);
    if ('card' in s) return { card: s.card };
    return { card: await openCard(ctx, s.code, s.rb, pageOf(v.page)) };
  },

  'ledger.xiaohao.add': async (ctx, v, form) => {
    const s = await scoped(ctx, v);
    if ('card' in s) return { card: s.card };
    const { code, rb } = s;
    const orgId = str(form.org);
    const picked = str(form.reason);
    const reason = CROSSING_REASONS.find((r) => r === picked);
    if (!orgId || !reason) return error(ctx.t('ledger.xiaohao.err.pick'));
    const today = shanghaiDate(ctx.clock.now());
    const date = str(form.date) ? parseFeishuDate(str(form.date)) : today;
    if (!date || date > today || date < rb.base.frozenOn) return error(ctx.t('ledger.xiaohao.err.date', { frozenOn: rb.base.frozenOn }));
    const note = str(form.note).slice(0, 200) || null;
    try {
      const done = await crossOff(ctx.db, ctx.clock, { rb, regionCode: code, key: orgId, reason, crossedOn: date, note, actorId: ctx.person.id ?? null, actorLabel: ctx.person.openId });
      return {
        toast: { type: 'success', content: ctx.t('ledger.xiaohao.done', { name: done.name, reason: ctx.t(`ledger.xiaohao.reason.${reason}`), date }) },
        card: await openCard(ctx, code, rb, pageOf(v.page)),
      };
    } catch (e) {
      if (e instanceof BaseOrgNotFoundError) return error(ctx.t('ledger.xiaohao.err.not_found'));
      if (e instanceof AlreadyCrossedError) return error(ctx.t('ledger.xiaohao.err.already', { name: e.item.name }));
      throw e;
    }
  },
};
